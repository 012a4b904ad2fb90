import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, ContractViolationError, isRetriable, type Problem } from '@riposte/contracts';
import { errorFields } from '@riposte/bus';

/** `400 Bad Request` with one line per bad field. */
export function badRequest(issues: readonly string[]): HttpException {
  return new HttpException({ title: 'Bad Request', detail: issues.join('; ') } satisfies Problem, HttpStatus.BAD_REQUEST);
}

/** `403` with Wazuh's permission-denied code. */
export function forbidden(detail: string): HttpException {
  return new HttpException({ title: 'Permission Denied', detail, error: 4000 } satisfies Problem, HttpStatus.FORBIDDEN);
}

export function notFound(detail: string): HttpException {
  return new HttpException({ title: 'Not Found', detail } satisfies Problem, HttpStatus.NOT_FOUND);
}

/**
 * Every error leaves as a problem document: HTTP exceptions keep their status, a retriable dependency failure
 * (Kafka, Redis) is 503 so clients retry, a contract violation is 400, anything else is 500 and logged once here.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const [status, body] = this.toProblem(exception);
    res.status(status).json(body);
  }

  private toProblem(e: unknown): [number, Problem] {
    if (e instanceof HttpException) {
      const r = e.getResponse();
      // Our own bodies (problem documents, the health report) go out as they are; Nest's defaults are reshaped.
      if (typeof r === 'object' && r !== null && !('statusCode' in r)) return [e.getStatus(), r as Problem];
      const detail = typeof r === 'string' ? r : String((r as { message?: unknown }).message ?? e.message);
      return [e.getStatus(), { title: e.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'), detail }];
    }
    if (e instanceof ContractViolationError) return [HttpStatus.BAD_REQUEST, { title: 'Bad Request', detail: e.message }];
    if (isRetriable(e)) {
      this.log.warn({ msg: 'dependency unavailable', ...errorFields(e) });
      return [HttpStatus.SERVICE_UNAVAILABLE, { title: 'Service Unavailable', detail: (e as Error).message }];
    }
    this.log.error({ msg: 'request failed', ...errorFields(e) });
    const detail = e instanceof AppError ? e.message : 'Internal error';
    return [HttpStatus.INTERNAL_SERVER_ERROR, { title: 'Internal Server Error', detail }];
  }
}
