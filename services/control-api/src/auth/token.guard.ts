import { ForbiddenException, Inject, Injectable, Logger, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { controlApiMetrics } from '../metrics';
import { CALLER_PROPERTY, PUBLIC_KEY, ROLE_KEY } from './roles.decorator';
import { hasRole, TokenTable, type Role } from './tokens';

/** Nest token of the configured TokenTable. */
export const TOKEN_TABLE = Symbol('TOKEN_TABLE');

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
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; method: string; url: string }>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const caller = match ? this.tokens.lookup(match[1]) : undefined;
    if (!caller) {
      controlApiMetrics.authFailures.inc({ status: '401' });
      this.log.warn({ msg: 'request without a valid token', method: req.method, url: req.url });
      throw new UnauthorizedException({ title: 'Unauthorized', detail: match ? 'Invalid token' : 'No authorization token provided' });
    }
    const needed = this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'admin';
    if (!hasRole(caller.role, needed)) {
      controlApiMetrics.authFailures.inc({ status: '403' });
      this.log.warn({ msg: 'role too low', actor: caller.name, role: caller.role, needed, method: req.method, url: req.url });
      throw new ForbiddenException({ title: 'Permission Denied', detail: `Permission denied: role '${needed}' is required, the token has '${caller.role}'`, error: 4000 });
    }
    (req as unknown as Record<string, unknown>)[CALLER_PROPERTY] = caller;
    return true;
  }
}
