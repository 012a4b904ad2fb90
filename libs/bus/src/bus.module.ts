import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import type { Kafka, KafkaConfig } from 'kafkajs';
import { topicsFor, type Topics } from '@riposte/contracts';
import { BusAdmin } from './bus-admin';
import { BusProducer } from './bus-producer';
import { ConsumerHost, type ConsumerHostOptions } from './consumer-host';
import { createKafka } from './create-kafka';
import { commandRetentionFromEnv, commandTopicConfigs } from './command-retention';
import { kafkaConfigFromEnv } from './kafka-config';
import { retryPolicyFromEnv, type RetryPolicy } from './retry-policy';

export const KAFKA = Symbol('KAFKA');
export const TOPICS = Symbol('TOPICS');
/** The consumer hosts' RetryPolicy (RIPOSTE_MAX_RETRIES…). */
export const RETRY_POLICY = Symbol('RETRY_POLICY');

/** Creates consumer hosts and stops them all before the producer disconnects. */
@Injectable()
export class ConsumerHosts implements OnModuleDestroy {
  private readonly hosts: ConsumerHost[] = [];
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly producer: BusProducer,
    @Inject(RETRY_POLICY) private readonly retry: RetryPolicy,
  ) {}

  create(opts: ConsumerHostOptions): ConsumerHost {
    const host = new ConsumerHost(this.kafka, this.producer, { retry: this.retry, ...opts });
    this.hosts.push(host);
    return host;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.stop()));
  }
}

@Injectable()
class ProducerLifecycle implements OnApplicationShutdown {
  constructor(private readonly producer: BusProducer) {}
  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}

export interface BusModuleOptions {
  clientId: string;
  env?: NodeJS.ProcessEnv;
  /** Kafka settings the service already validated in its one env parse (`kafkaConfigFromEnv`); else read from `env`. */
  kafka?: KafkaConfig;
  /** `retention.ms` of the command topics this service creates; else `RIPOSTE_COMMAND_RETENTION_MS` of `env`, else 7 days. */
  commandRetentionMs?: number;
  /** How consumers retry a retriable failure; else read from `env` (RIPOSTE_MAX_RETRIES…) at boot. */
  retry?: RetryPolicy;
}

/** One Kafka client, one idempotent producer, topic admin and the consumer hosts of a service. */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusModuleOptions): DynamicModule {
    const env = options.env ?? process.env;
    const retry = options.retry ?? retryPolicyFromEnv(env);
    return {
      module: BusModule,
      providers: [
        { provide: KAFKA, useFactory: () => createKafka(options.kafka ?? kafkaConfigFromEnv(env, options.clientId)) },
        { provide: TOPICS, useFactory: (): Topics => topicsFor(env.RIPOSTE_TOPIC_NAMESPACE || undefined) },
        {
          provide: BusProducer,
          inject: [KAFKA],
          useFactory: async (kafka: Kafka) => {
            const p = new BusProducer(kafka);
            await p.connect();
            return p;
          },
        },
        { provide: RETRY_POLICY, useValue: retry },
        {
          provide: BusAdmin,
          inject: [KAFKA, TOPICS],
          useFactory: (kafka: Kafka, topics: Topics) => new BusAdmin(kafka, { configsFor: commandTopicConfigs(topics, options.commandRetentionMs ?? commandRetentionFromEnv(env)) }),
        },
        ConsumerHosts,
        ProducerLifecycle,
      ],
      exports: [KAFKA, TOPICS, RETRY_POLICY, BusProducer, BusAdmin, ConsumerHosts],
    };
  }
}
