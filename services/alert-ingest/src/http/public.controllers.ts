import { Controller } from '@nestjs/common';
import { HealthController, MetricsController, Public } from '@riposte/bus';

/** `GET /health` without a token (probes; it carries no secret). */
@Controller()
@Public()
export class PublicHealthController extends HealthController {}

/** `GET /metrics` without a token, like `/health`: Prometheus scrapes it and the counters carry no secrets. */
@Controller()
@Public()
export class PublicMetricsController extends MetricsController {}
