import { ForbiddenException, Inject, Injectable, Logger, Optional, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CALLER_PROPERTY, PUBLIC_KEY, ROLE_KEY } from './roles.decorator';
import { hasRole, TokenTable, type Role } from './tokens';

/** Nest token of the configured TokenTable. */
export const TOKEN_TABLE = Symbol('TOKEN_TABLE');

/** Nest token of an optional counter of refusals, labelled `status` (401 | 403): each service names its own metric. */
export const AUTH_FAILURES = Symbol('AUTH_FAILURES');

export interface AuthFailureCounter {
  inc(labels: { status: string }): void;
}

/**
 * Every route needs a bearer token from the configuration unless it is `@Public()`: 401 without a known token,
 * 403 when its role is below the route's `@RequireRole()` (admin when unset, so a forgotten decorator fails
 * closed). Runs before any handler, so a refused request publishes nothing.
 */
@Injectable()
export class TokenGuard implements CanActivate {
  private readonly log = new Logger(TokenGuard.name);

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_TABLE) private readonly tokens: TokenTable,
    @Optional() @Inject(AUTH_FAILURES) private readonly failures?: AuthFailureCounter,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; method: string; url: string }>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const caller = match ? this.tokens.lookup(match[1]) : undefined;
    if (!caller) {
      this.failures?.inc({ status: '401' });
      this.log.warn({ msg: 'request without a valid token', method: req.method, url: req.url });
      throw new UnauthorizedException({ title: 'Unauthorized', detail: match ? 'Invalid token' : 'No authorization token provided' });
    }
    const needed = this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'admin';
    if (!hasRole(caller.role, needed)) {
      this.failures?.inc({ status: '403' });
      this.log.warn({ msg: 'role too low', actor: caller.name, role: caller.role, needed, method: req.method, url: req.url });
      throw new ForbiddenException({ title: 'Permission Denied', detail: `Permission denied: role '${needed}' is required, the token has '${caller.role}'`, error: 4000 });
    }
    (req as unknown as Record<string, unknown>)[CALLER_PROPERTY] = caller;
    return true;
  }
}
