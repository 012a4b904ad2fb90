import { Injectable } from '@nestjs/common';
import { IngestConfig } from '../env';

/** How many `POST /alerts` requests are being read and published; at most INGEST_MAX_CONCURRENT. */
@Injectable()
export class RequestGate {
  readonly max: number;
  private count = 0;

  constructor(config: IngestConfig) {
    this.max = config.get('INGEST_MAX_CONCURRENT');
  }

  get inFlight(): number {
    return this.count;
  }

  /** Takes a slot; false when all are taken. */
  tryEnter(): boolean {
    if (this.count >= this.max) return false;
    this.count++;
    return true;
  }

  leave(): void {
    this.count = Math.max(0, this.count - 1);
  }
}
