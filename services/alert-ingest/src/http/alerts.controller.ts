import { BadRequestException, Body, Controller, HttpCode, Post, Res, ServiceUnavailableException } from '@nestjs/common';
import { RequireRole } from '@riposte/bus';
import { isRetriable } from '@riposte/contracts';
import { HttpIngest, type IngestAnswer } from './http-ingest.service';

/** The bit of the Express response we use. */
interface StatusSetter {
  status(code: number): unknown;
}

/**
 * `POST /alerts`: one alert, a JSON array of alerts, or NDJSON. 200 when at least one alert was accepted (the
 * answer lists the rejected ones), 422 when every item was rejected, 400 for an empty body, 503 when Kafka did not
 * take them (retry the whole request: nothing was acknowledged). A bearer token of role ingest (or admin) is
 * required: 401 without one, 403 with another role, and nothing is published either way.
 */
@Controller()
export class AlertsController {
  constructor(private readonly ingest: HttpIngest) {}

  @Post('alerts')
  @RequireRole('ingest')
  @HttpCode(200)
  async post(@Body() body: unknown, @Res({ passthrough: true }) res: StatusSetter): Promise<IngestAnswer> {
    let answer: IngestAnswer;
    try {
      answer = await this.ingest.ingest(typeof body === 'string' ? body : '');
    } catch (e) {
      if (isRetriable(e)) throw new ServiceUnavailableException('Kafka did not take the alerts; retry', { cause: e });
      throw e;
    }
    if (answer.accepted + answer.rejected === 0) throw new BadRequestException('empty body: send one alert, a JSON array of alerts, or NDJSON');
    if (answer.accepted === 0) res.status(422);
    return answer;
  }
}
