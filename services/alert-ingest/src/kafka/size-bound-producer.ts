import type { Kafka } from 'kafkajs';
import { BusProducer, type OutgoingMessage } from '@riposte/bus';
import { chunkByBytes } from '../publish/chunk-by-bytes';

/**
 * The shared producer, with each send split under the broker's record batch limit (`chunkByBytes`).
 *
 * Why: the consumer host publishes up to 1000 outputs in one send; a backlog of ordinary alerts (~2 KiB each) makes
 * that a 2 MiB record batch, which the broker refuses (MESSAGE_TOO_LARGE), and the consumer would retry the same
 * batch forever. Stopgap until `BusProducer.send` splits by size itself (see the report); then the raw alert
 * consumer goes back to `ConsumerHosts.create()`. The kafkajs producer `super` creates is never connected: every
 * send goes through `shared`.
 */
export class SizeBoundProducer extends BusProducer {
  constructor(
    kafka: Kafka,
    private readonly shared: BusProducer,
  ) {
    super(kafka);
  }

  override async send(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const chunk of chunkByBytes(messages)) await this.shared.send(chunk);
  }

  override async connect(): Promise<void> {}

  override async disconnect(): Promise<void> {}
}
