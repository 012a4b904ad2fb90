import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Caller, Role } from './tokens';

export const ROLE_KEY = 'riposte:role';
export const PUBLIC_KEY = 'riposte:public';

/** The least role a route needs (read ⊂ trigger ⊂ admin; ingest apart). Routes without it and without `@Public()` need admin. */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** A route anyone may call without a token (health, metrics, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Request property the guard sets. */
export const CALLER_PROPERTY = 'riposteCaller';

/** The authenticated caller of the request (set by `TokenGuard`). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<Record<string, unknown>>()[CALLER_PROPERTY];
  // The guard runs first on every non-public route, so a missing caller is a wiring bug, not a client error.
  if (!caller) throw new Error('CurrentCaller used on a route without TokenGuard');
  return caller as Caller;
});
