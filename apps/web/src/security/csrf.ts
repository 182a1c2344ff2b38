import type { AppConfig } from '@vigil/config';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** A form came back without a valid token: the 403 "This form has expired" page, and nothing changes. */
export class CsrfRejected extends Error {
  constructor() {
    super('form token missing or invalid');
    this.name = 'CsrfRejected';
  }
}

/** The CSRF cookie's name: `__Host-` in production (Secure, this host only). */
export const csrfCookieName = (config: AppConfig): string =>
  config.env === 'production' ? '__Host-vigil.csrf' : 'vigil.csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for every page form (csrf-csrf, double submit keyed to the session ID): the token goes
 * in a hidden `_csrf` field (`csrfToken()` in templates) and in an HttpOnly cookie; a POST whose field is
 * missing, wrong, or from another session is refused before any route runs.
 */
export function csrfProtection(
  config: AppConfig,
  refuse: (error: CsrfRejected, req: Request, res: Response) => void,
): RequestHandler {
  const production = config.env === 'production';
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => config.session.csrfSecret,
    getSessionIdentifier: (req) => req.session?.id ?? '',
    cookieName: csrfCookieName(config),
    cookieOptions: { sameSite: 'strict', secure: production, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof token === 'string' ? token : null;
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    let token: string | undefined;
    res.locals.csrfToken = (): string => {
      // A signed-out visitor's session must be stored for the token (keyed to its ID) to verify.
      if (req.session && !req.session.userId) req.session.csrfBound = true;
      token ??= generateCsrfToken(req, res);
      return token;
    };
    if (SAFE_METHODS.has(req.method) || validateRequest(req)) {
      next();
      return;
    }
    refuse(new CsrfRejected(), req, res);
  };
}
