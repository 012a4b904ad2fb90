import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import type { Kafka, KafkaConfig } from 'kafkajs';
import { topicsFor, type Topics } from '@riposte/contracts';
import { BusAdmin } from './bus-admin';
import { BusProducer } from './bus-producer';
import { ConsumerHost, type ConsumerHostOptions } from './consumer-host';
import { createKafka } from './create-kafka';
import { commandRetentionFromEnv, commandTopicConfigs } from './command-retention';
import { kafkaConfigFromEnv } from './kafka-config';

export const KAFKA = Symbol('KAFKA');
export const TOPICS = Symbol('TOPICS');

/** Creates consumer hosts and stops them all before the producer disconnects. */
@Injectable()
export class ConsumerHosts implements OnModuleDestroy {
  private readonly hosts: ConsumerHost[] = [];
  constructor(@Inject(KAFKA) private readonly kafka: Kafka, private readonly producer: BusProducer) {}

  create(opts: ConsumerHostOptions): ConsumerHost {
    const host = new ConsumerHost(this.kafka, this.producer, opts);
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
}

/** One Kafka client, one idempotent producer, topic admin and the consumer hosts of a service. */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusModuleOptions): DynamicModule {
    const env = options.env ?? process.env;
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
        {
          provide: BusAdmin,
          inject: [KAFKA, TOPICS],
          useFactory: (kafka: Kafka, topics: Topics) => new BusAdmin(kafka, { configsFor: commandTopicConfigs(topics, options.commandRetentionMs ?? commandRetentionFromEnv(env)) }),
        },
        ConsumerHosts,
        ProducerLifecycle,
      ],
      exports: [KAFKA, TOPICS, BusProducer, BusAdmin, ConsumerHosts],
    };
  }
}
