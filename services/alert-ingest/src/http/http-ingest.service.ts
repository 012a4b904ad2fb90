import { Injectable, PayloadTooLargeException } from '@nestjs/common';
import { IngestConfig } from '../env';
import { normalizeRawAlert } from '../normalize/normalize-raw-alert';
import { splitHttpBody } from '../normalize/split-http-body';
import { AlertPublisher, summarize, type IngestItem } from '../publish/alert-publisher';

/** The answer to `POST /alerts`: how many went through, and why each rejected item was rejected. */
export interface IngestAnswer {
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: readonly { readonly index: number; readonly reason: string }[];
}

/** Splits a body into alerts, normalizes each, publishes them all at once. */
@Injectable()
export class HttpIngest {
  private readonly maxItems: number;

  constructor(
    private readonly publisher: AlertPublisher,
    config: IngestConfig,
  ) {
    this.maxItems = config.get('INGEST_MAX_ITEMS');
  }

  /**
   * Throws DependencyUnavailableError when Kafka does not take the batch (nothing is then acknowledged), a 413 when
   * the body holds more than INGEST_MAX_ITEMS items (nothing is published).
   */
  async ingest(body: string): Promise<IngestAnswer> {
    const parts = splitHttpBody(body);
    if (parts.length > this.maxItems) throw new PayloadTooLargeException(`${parts.length} items, over INGEST_MAX_ITEMS (${this.maxItems}); send them in several requests`);
    const items: IngestItem[] = parts.map(({ index, input }) => ({
      raw: typeof input === 'string' ? input : rawText(input, body),
      result: normalizeRawAlert(input),
      origin: { input: 'http', index },
    }));
    await this.publisher.publish('http', items);
    const errors = items.flatMap(({ result }, i) => (result.ok ? [] : [{ index: parts[i].index, reason: result.reason }]));
    return { ...summarize(items), errors };
  }
}

/**
 * An item's text for the dead-letter topic. An object nested too deep for `JSON.stringify` (normalization rejects
 * it: MAX_ALERT_DEPTH) is dead-lettered as the body it came in, never a 500.
 */
function rawText(input: object, body: string): string {
  try {
    return JSON.stringify(input);
  } catch {
    return body;
  }
}
