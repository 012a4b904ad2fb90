import { Controller } from '@nestjs/common';
import { HealthController as ServiceHealthController, Public } from '@riposte/bus';

/** `GET /health` without a token: Kafka, Redis and the policy in force (200, or 503 with the same body). */
@Controller()
@Public()
export class HealthController extends ServiceHealthController {}
