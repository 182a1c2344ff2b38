import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isUuid } from '@vigil/contracts';
import { roleMay, VigilError } from '@vigil/domain';
import type { Request, Response } from 'express';
import { CsrfRejected } from '../security/csrf';
import type { PageRequest } from './page-request';
import { SignInRequired } from './page-request';
import { sessionEndedReason } from '../security/session';
import { safeReturnTo, sessionExpiredUrl, signInUrl } from './return-to';

interface ErrorPage {
  status: number;
  view: string;
  /** A fixed sentence from a use case (never personal data), shown under the heading. */
  message?: string;
}

const logger = new Logger('WebErrorPages');

function pageFor(exception: unknown): ErrorPage {
  if (exception instanceof CsrfRejected) return { status: 403, view: 'errors/form-expired.njk' };
  if (exception instanceof VigilError) {
    switch (exception.kind) {
      case 'not_found':
        return { status: 404, view: 'errors/not-found.njk' };
      case 'forbidden':
        return { status: 403, view: 'errors/forbidden.njk', message: exception.message };
      case 'conflict':
      case 'idempotency_in_flight':
      case 'idempotency_mismatch':
        return { status: 409, view: 'errors/conflict.njk', message: exception.message };
      case 'validation':
        return { status: 400, view: 'errors/bad-request.njk' };
      case 'unavailable':
        return { status: 503, view: 'errors/unavailable.njk' };
      case 'unauthenticated':
        return { status: 401, view: 'errors/bad-request.njk' };
    }
  }
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : typeof (exception as { status?: unknown })?.status === 'number' &&
          typeof (exception as { type?: unknown }).type === 'string'
        ? (exception as { status: number }).status // body-parser
        : 500;
  if (status === 404) return { status, view: 'errors/not-found.njk' };
  if (status === 403) return { status, view: 'errors/forbidden.njk' };
  if (status === 429) return { status, view: 'errors/too-many-requests.njk' };
  if (status >= 400 && status < 500) return { status, view: 'errors/bad-request.njk' };
  if (status === 503) return { status, view: 'errors/unavailable.njk' };
  return { status: 500, view: 'errors/server-error.njk' };
}

/** The page a form was sent from (the Referer, same site only), to come back to after signing in. */
function sameSitePage(req: Request): string | null {
  const referer = req.get('referer');
  if (!referer || !URL.canParse(referer)) return null;
  const url = new URL(referer);
  return url.host === req.get('host') ? safeReturnTo(url.pathname + url.search) : null;
}

/** The case ID in a /cases/:id/… path, when it is a UUID. */
function caseIdOf(req: Request): string | null {
  const id = /^\/cases\/([^/]+)/.exec(req.path)?.[1];
  return id && isUuid(id) ? id : null;
}

/**
 * Renders the page for an error: the 404 page is the same for a missing case and one outside scope (for
 * team managers and heads of service it offers emergency access for any case ID, so it reveals nothing);
 * signed-out visitors go to /sign-in, or to /session-expired when their signed-in session timed out. 5xx are logged with the exception's name and the request ID only.
 */
export function renderErrorPage(exception: unknown, req: PageRequest, res: Response): void {
  if (res.headersSent) return;
  const ended = sessionEndedReason(req);
  if (
    exception instanceof SignInRequired ||
    (exception instanceof VigilError && exception.kind === 'unauthenticated')
  ) {
    const returnTo = exception instanceof SignInRequired ? exception.returnTo : null;
    // A timed-out session is explained ("You have been signed out"), then sign-in returns here.
    res.redirect(303, ended ? sessionExpiredUrl(ended, returnTo) : signInUrl(returnTo));
    return;
  }
  if (exception instanceof CsrfRejected && ended && !req.path.startsWith('/sign-in')) {
    // A form sent after the session timed out: nothing was saved; come back to the form's page.
    res.redirect(303, sessionExpiredUrl(ended, sameSitePage(req)));
    return;
  }
  const page = pageFor(exception);
  if (page.status >= 500) {
    logger.error(
      { err: exception instanceof Error ? exception.name : 'unknown', requestId: req.id },
      'page request failed',
    );
  }
  const caseId = caseIdOf(req);
  const role = req.principal?.role;
  const model = {
    message: page.message,
    breakGlassUrl:
      page.status === 404 && caseId && role && roleMay(role, 'case.break_glass')
        ? `/cases/${caseId}/break-glass`
        : null,
    auditTrailUrl:
      page.status === 403 && caseId && role && roleMay(role, 'case.audit.read')
        ? `/cases/${caseId}/audit`
        : null,
  };
  res.status(page.status).setHeader('Cache-Control', 'no-store');
  res.render(page.view, model, (err: Error | null, html?: string) => {
    if (err) {
      logger.error({ err: err.name, requestId: req.id }, 'error page failed to render');
      res.status(500).type('text/plain').send('Sorry, there is a problem with the service.');
      return;
    }
    res.send(html);
  });
}

/** Every page controller carries this; the web-only server also uses it for unmatched routes. */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    renderErrorPage(exception, http.getRequest<PageRequest>(), http.getResponse<Response>());
  }
}
