import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConsumerHosts, TOPICS, type ConsumerHost, type IncomingMessage } from '@riposte/bus';
import { groupIdsFor, type OutgoingMessage, type Topics } from '@riposte/contracts';
import { normalizeRawAlert } from '../normalize/normalize-raw-alert';
import { AlertPublisher } from '../publish/alert-publisher';
import { countAlerts } from '../publish/ingest-metrics';

/**
 * Reads `topics.rawAlerts` (what Wazuh or Filebeat ship) in one consumer group per namespace. The consumer host
 * publishes each batch's output through the shared producer (which splits every send under the broker's batch
 * limit) before it commits the batch's offsets (at-least-once). Stopped on module destroy, before the producer
 * disconnects.
 */
@Injectable()
export class RawAlertConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private host?: ConsumerHost;

  constructor(
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly hosts: ConsumerHosts,
    private readonly publisher: AlertPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const t = this.topics;
    this.host = this.hosts.create({
      groupId: groupIdsFor(t.namespace).alertIngest,
      topics: [t.rawAlerts],
      handle: (m) => this.onRawAlert(m),
    });
    await this.host.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.host?.stop();
  }

  /** Never throws for bad input: a bad message becomes a dead letter like any other output. */
  async onRawAlert(message: IncomingMessage): Promise<OutgoingMessage[]> {
    const result = normalizeRawAlert(message.value);
    // Counted when handled: a batch redelivered after a crash is counted again.
    countAlerts('kafka', result.ok ? 1 : 0, result.ok ? 0 : 1);
    return this.publisher.toMessages([{ raw: message.value ?? Buffer.alloc(0), result, origin: { input: 'kafka', message } }]);
  }
}
