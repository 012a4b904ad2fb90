import { Controller, Get, HttpException, HttpStatus, Inject, Optional, type InjectionToken, type Provider } from '@nestjs/common';
import { probeDependency } from './probe-dependency';

/**
 * One entry of `GET /health`: a dependency probed with a deadline (Kafka, Redis: a failure makes the answer 503),
 * or a status read as it is (the policy in force, the file input), which never fails the check.
 */
export type HealthCheck =
  | { readonly kind: 'dependency'; probe(): Promise<Record<string, unknown> | void> }
  | { readonly kind: 'status'; read(): unknown };

/** The entries of a service's health body, by name (`kafka`, `redis`, `policy`, …). */
export type HealthChecks = Readonly<Record<string, HealthCheck>>;

/** Nest token of `true` when the HTTP listener serves TLS (provided by `runService`; absent = plain HTTP). */
export const SERVING_TLS = Symbol('SERVING_TLS');

/** Nest token of the service's {@link HealthChecks}. */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/** A dependency: `{ ok: true, …what the probe returned }` or `{ ok: false, error }` (→ 503). */
export const dependency = (probe: () => Promise<Record<string, unknown> | void>): HealthCheck => ({ kind: 'dependency', probe });

/** A status shown as `read()` returns it. */
export const status = (read: () => unknown): HealthCheck => ({ kind: 'status', read });

/** The provider of the checks, built from the service's own providers (`inject`). */
export function healthChecks<D extends unknown[]>(inject: InjectionToken[], build: (...deps: D) => HealthChecks): Provider {
  return { provide: HEALTH_CHECKS, inject, useFactory: (...deps: unknown[]) => build(...(deps as D)) };
}

export interface HealthBody {
  status: 'ok' | 'unavailable';
  /** Whether this listener serves HTTPS. */
  tls: boolean;
  [check: string]: unknown;
}

/**
 * `GET /health`: whether the listener serves TLS, and every check of the service; 200 when every dependency
 * answers, else 503 with the same body.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    @Optional() @Inject(SERVING_TLS) private readonly tls: boolean = false,
  ) {}

  @Get('health')
  async health(): Promise<HealthBody> {
    let down = false;
    const entries = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]) => {
        if (check.kind === 'status') return [name, check.read()] as const;
        const result = await probeDependency(() => check.probe());
        down ||= !result.ok;
        return [name, result] as const;
      }),
    );
    const body: HealthBody = { status: down ? 'unavailable' : 'ok', tls: this.tls ?? false, ...Object.fromEntries(entries) };
    if (down) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
