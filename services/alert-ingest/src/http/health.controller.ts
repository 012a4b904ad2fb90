import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { BusAdmin } from '@riposte/bus';
import { AlertsFileTailer, type TailerStatus } from '../file/alerts-file.tailer';

/** `GET /health`: 200 while Kafka answers, with where the file input stands; 503 otherwise. */
@Controller()
export class HealthController {
  constructor(
    private readonly admin: BusAdmin,
    private readonly tailer: AlertsFileTailer,
  ) {}

  @Get('health')
  async health(): Promise<{ status: 'ok'; kafka: { brokers: number }; file: TailerStatus }> {
    let kafka: { brokers: number };
    try {
      kafka = await this.admin.probe();
    } catch (e) {
      throw new ServiceUnavailableException('Kafka does not answer', { cause: e });
    }
    return { status: 'ok', kafka, file: this.tailer.status() };
  }
}
