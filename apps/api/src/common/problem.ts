import { HttpException, type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { fieldErrorsFromIssues, ProblemTypes, type Problem, type ProblemFieldError } from '@vigil/contracts';
import { VigilError, type VigilErrorKind } from '@vigil/domain';
import type { Request, Response } from 'express';
import { ZodError } from 'zod';

/** Thrown by the validation pipe: one entry per bad field. */
export class ValidationProblem extends Error {
  constructor(readonly errors: ProblemFieldError[]) {
    super('validation failed');
  }
}

export function zodProblem(error: unknown): ValidationProblem {
  const issues =
    error instanceof ZodError ? error.issues : ((error as { issues?: ZodError['issues'] })?.issues ?? []);
  return new ValidationProblem(fieldErrorsFromIssues(issues));
}

const KindToProblem: Record<VigilErrorKind, { status: number; type: string; title: string }> = {
  validation: { status: 400, type: ProblemTypes.validation, title: 'Your request has errors' },
  unauthenticated: { status: 401, type: ProblemTypes.unauthenticated, title: 'Sign in first' },
  forbidden: { status: 403, type: ProblemTypes.forbidden, title: 'You cannot do this' },
  not_found: { status: 404, type: ProblemTypes.notFound, title: 'Not found' },
  conflict: { status: 409, type: ProblemTypes.conflict, title: 'This cannot be done now' },
  idempotency_in_flight: {
    status: 409,
    type: ProblemTypes.idempotencyInFlight,
    title: 'The same request is still in progress',
  },
  idempotency_mismatch: {
    status: 422,
    type: ProblemTypes.idempotencyMismatch,
    title: 'Idempotency-Key reused with a different request',
  },
  unavailable: { status: 503, type: ProblemTypes.unavailable, title: 'Service unavailable' },
};

const StatusTitles: Record<number, { type: string; title: string }> = {
  400: { type: ProblemTypes.validation, title: 'Your request has errors' },
  401: { type: ProblemTypes.unauthenticated, title: 'Sign in first' },
  403: { type: ProblemTypes.forbidden, title: 'You cannot do this' },
  404: { type: ProblemTypes.notFound, title: 'Not found' },
  409: { type: ProblemTypes.conflict, title: 'This cannot be done now' },
  413: { type: ProblemTypes.validation, title: 'The request is too large' },
  429: { type: ProblemTypes.rateLimited, title: 'Too many requests' },
  503: { type: ProblemTypes.unavailable, title: 'Service unavailable' },
};

/**
 * The database is down, restarting, refusing connections or read-only (a failover, maintenance): the
 * request changed nothing, and the client should retry, so 503 rather than a 500 that reads like a bug.
 * PostgreSQL's SQLSTATE classes 08 (connection), 53 (resources) and 57P (shutdown), 25006 (read-only
 * transaction), and the socket errors the driver raises before it has a SQLSTATE.
 */
export function isDatabaseUnavailable(exception: unknown): boolean {
  const e = exception as { code?: unknown; name?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'ConnectionException') return true;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^(08|53|57P)/.test(code) || code === '25006') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  return e.cause !== undefined && e.cause !== exception && isDatabaseUnavailable(e.cause);
}

/**
 * PostgreSQL refused a character in text or JSON: 22021 (character_not_in_repertoire: a NUL byte in text)
 * or 22P05 (untranslatable_character: `\u0000` in jsonb). The schemas refuse NUL first, naming the field;
 * this is the backstop for a field that does not, so the answer is a 400 that echoes nothing, not a 500.
 */
export function isUnstorableText(exception: unknown): boolean {
  const e = exception as { code?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === '22021' || e.code === '22P05') return true;
  return e.cause !== undefined && e.cause !== exception && isUnstorableText(e.cause);
}

/**
 * Every API error leaves as application/problem+json (RFC 9457). Messages are fixed sentences; internal
 * errors say nothing about what failed, so no personal detail can leak through an error.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    // In the one-process dev server this filter also sees page routes: the web's middleware leaves an
    // HTML error renderer on page requests (never on /api or /health), and pages get their error pages.
    const renderPage = (res.locals as { renderErrorPage?: unknown } | undefined)?.renderErrorPage;
    if (typeof renderPage === 'function' && !/^\/(api|health)(\/|$)/.test(req.path)) {
      (renderPage as (exception: unknown) => void)(exception);
      return;
    }
    const problem = this.toProblem(exception);
    problem.instance = req.id ? `urn:vigil:request:${req.id}` : undefined;
    if (problem.status >= 500) {
      this.logger.error(
        { err: exception instanceof Error ? exception.name : 'unknown', requestId: req.id },
        'request failed',
      );
    }
    if (isUnstorableText(exception)) {
      // A schema let a NUL byte through to PostgreSQL: answered 400, but worth finding the field.
      this.logger.warn({ requestId: req.id, path: req.route?.path }, 'unstorable text reached the database');
    }
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    if (problem.status === 503) res.setHeader('Retry-After', '5');
    res
      .status(problem.status)
      .type('application/problem+json')
      .setHeader('Cache-Control', 'no-store')
      .send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof ValidationProblem) {
      return {
        ...KindToProblem.validation,
        detail: 'Check the fields listed in errors',
        errors: exception.errors,
      };
    }
    if (exception instanceof VigilError) {
      const p = KindToProblem[exception.kind];
      return {
        ...p,
        detail: exception.message,
        ...(exception.fieldErrors.length ? { errors: exception.fieldErrors } : {}),
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        ...KindToProblem.unavailable,
        detail:
          'The database cannot take this request now: nothing was stored. Retry with the same Idempotency-Key.',
      };
    }
    if (isUnstorableText(exception)) {
      return {
        ...KindToProblem.validation,
        detail: 'A field holds a character that cannot be stored, such as a NUL byte',
        errors: [{ pointer: '#', detail: 'Remove the NUL character and send again' }],
      };
    }
    const bodyParser = exception as { type?: string; status?: number };
    if (bodyParser?.type === 'entity.parse.failed') {
      return {
        ...KindToProblem.validation,
        detail: 'The request body is not valid JSON',
        errors: [{ pointer: '#', detail: 'Send a valid JSON object' }],
      };
    }
    if (bodyParser?.type === 'entity.too.large') {
      return { status: 413, ...StatusTitles[413], detail: 'The request body is too large' };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = StatusTitles[status] ?? { type: ProblemTypes.internal, title: 'Request failed' };
      const detail =
        status === 404 ? 'There is nothing at this address' : status < 500 ? exception.message : undefined;
      return { status, ...known, ...(detail ? { detail } : {}) };
    }
    return {
      status: 500,
      type: ProblemTypes.internal,
      title: 'Something went wrong',
      detail: 'Try again later. The request ID identifies this failure in the logs.',
    };
  }
}
