import { Inject, Injectable } from '@nestjs/common';
import { AppError, DependencyUnavailableError, type Topics } from '@riposte/contracts';
import { BusAdmin } from './bus-admin';
import { BusProducer } from './bus-producer';
import { TOPICS } from './bus.module';
import { isPermanentKafkaError, kafkaErrorType } from './publish-errors';

/** The agent command topics cannot be created, and waiting will not change it (ACLs, an invalid name). */
export class ExecTopicRefusedError extends AppError {
  readonly code = 'EXEC_TOPIC_REFUSED';
  readonly retriable = false;
}

/** Kafka errors after which creating a topic cannot succeed by waiting. */
const PERMANENT_CREATE_ERRORS = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'INVALID_TOPIC_EXCEPTION', 'POLICY_VIOLATION', 'INVALID_CONFIG']);

/**
 * Creates an agent's command topic the first time a service sends to it (one partition: one executor reads it, in
 * order). Remembers which exist, so the admin round trip happens once per agent id per process; forgets a topic
 * the producer found gone for good (deleted since), so the next command creates it again instead of every command
 * to that agent failing.
 */
@Injectable()
export class ExecTopics {
  private readonly known = new Set<string>();

  constructor(
    private readonly admin: BusAdmin,
    @Inject(TOPICS) private readonly topics: Topics,
    producer: BusProducer,
  ) {
    producer.onTopicGone((topic) => {
      if (topic.startsWith(topics.execPrefix)) this.known.delete(topic.slice(topics.execPrefix.length));
    });
  }

  /**
   * Throws ExecTopicRefusedError (not retriable: the message goes to the dead-letter topic with the reason) when
   * Kafka refuses the creation for good, DependencyUnavailableError (retried) when it did not answer.
   */
  async ensure(agentIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(agentIds)].filter((id) => !this.known.has(id));
    if (missing.length === 0) return;
    try {
      await this.admin.ensureTopics(missing.map((id) => ({ topic: this.topics.exec(id), numPartitions: 1 })));
    } catch (cause) {
      // The message that needed it is redelivered and the creation retried; nothing was published yet.
      if (cause instanceof AppError) throw cause;
      const type = kafkaErrorType(cause);
      if ((type && PERMANENT_CREATE_ERRORS.has(type)) || (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && isPermanentKafkaError(cause))) {
        throw new ExecTopicRefusedError(`cannot create the command topics of agents ${missing.join(', ')}: ${type}`, { cause });
      }
      throw new DependencyUnavailableError('cannot create the agent command topics', { cause });
    }
    for (const id of missing) this.known.add(id);
  }

  /** Forgets that an agent's topic exists (tests, and the producer's topic-gone signal). */
  forget(agentId: string): void {
    this.known.delete(agentId);
  }
}
