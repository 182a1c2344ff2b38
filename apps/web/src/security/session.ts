import type { AppConfig } from '@vigil/config';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type Store } from 'express-session';

/** What a session holds: the user's ID and when they signed in; no personal data. */
declare module 'express-session' {
  interface SessionData {
    userId: string;
    /** Epoch milliseconds; the absolute timeout counts from here. */
    signedInAt: number;
    /** Set when a signed-out visitor is given a form, so the CSRF token's session ID survives. */
    csrfBound: boolean;
    /** One success banner for the next page (Post/Redirect/Get); fixed sentences only. */
    flash: Flash;
    /** Between the redirect to the identity provider and its callback: state, nonce, PKCE verifier. */
    oidc: { state: string; nonce: string; codeVerifier: string; returnTo: string | null };
  }
}

export interface Flash {
  title: string;
  text: string;
}

export const SESSION_COOKIE = 'vigil.sid';

/**
 * A marker that this browser had a signed-in session: `1`, nothing else. It outlives the session cookie
 * (renewed on every signed-in page, for as long as a session can last), so when a session has timed out
 * the next page can say so ("You have been signed out") instead of showing a bare sign-in form.
 */
export const signedInMarkerCookie = (config: AppConfig): string =>
  config.env === 'production' ? '__Host-vigil.signed-in' : 'vigil.signed-in';

/** Why a signed-in session is gone, when this request found it gone (see `sessionEndedReason`). */
export type SessionEnded = 'idle' | 'absolute';

const ENDED = Symbol('vigil.sessionEnded');
type WithEnded = Request & { [ENDED]?: SessionEnded };

/** Renews the marker (signed-in page requests). */
export function markSignedIn(config: AppConfig, res: Response): void {
  res.cookie(signedInMarkerCookie(config), '1', {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.env === 'production',
    path: '/',
    maxAge: config.session.absoluteHours * 3_600_000,
  });
}

export function clearSignedInMarker(config: AppConfig, res: Response): void {
  res.clearCookie(signedInMarkerCookie(config), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.env === 'production',
    path: '/',
  });
}

/**
 * Records that this request came from a browser whose signed-in session has ended without signing out:
 * at the absolute limit (the middleware below), or idle (the marker is there, the session is not).
 */
export function noteSessionEnded(req: Request, reason: SessionEnded): void {
  (req as WithEnded)[ENDED] ??= reason;
}

/** The reason this request's signed-in session ended, if it did; otherwise null. */
export function sessionEndedReason(req: Request): SessionEnded | null {
  return (req as WithEnded)[ENDED] ?? null;
}

/** Whether the request carries the marker of an earlier signed-in session. */
export function hadSignedInSession(config: AppConfig, req: Request): boolean {
  return (req.cookies as Record<string, unknown> | undefined)?.[signedInMarkerCookie(config)] === '1';
}

/**
 * Server-side sessions in PostgreSQL (`sessions`). The cookie lives for the idle timeout and is renewed
 * on every response (`rolling`); the store's `expire` column follows it, so an idle session is gone.
 */
export function sessionMiddleware(config: AppConfig, store: Store): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: config.session.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.env === 'production',
      path: '/',
      maxAge: config.session.idleMinutes * 60_000,
    },
  });
}

const promisify =
  (method: 'regenerate' | 'save' | 'destroy') =>
  (req: Request): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!req.session) {
        resolve();
        return;
      }
      req.session[method]((err: unknown) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      );
    });

const regenerate = promisify('regenerate');
const save = promisify('save');
const destroy = promisify('destroy');

/** Signs a user in: a new session ID (no fixation), then the user and the time. */
export async function startSession(req: Request, userId: string): Promise<void> {
  await regenerate(req);
  req.session.userId = userId;
  req.session.signedInAt = Date.now();
  await save(req);
}

/** Signs out: the stored session is deleted and the cookie cleared, and the signed-in marker with it. */
export async function endSession(config: AppConfig, req: Request, res: Response): Promise<void> {
  await destroy(req);
  res.clearCookie(SESSION_COOKIE, { path: '/' });
  clearSignedInMarker(config, res);
}

/**
 * The absolute timeout: however active, a session ends `absoluteHours` after sign-in. The expired session
 * is replaced by an empty one, so a page that needs someone signed in sends its visitor to /session-expired.
 */
export function absoluteTimeout(
  config: AppConfig,
  onExpired: (req: Request, userId: string) => Promise<void>,
): RequestHandler {
  const limit = config.session.absoluteHours * 3_600_000;
  return (req: Request, _res: Response, next: NextFunction) => {
    const s = req.session;
    if (!s?.userId) {
      next();
      return;
    }
    const signedInAt = typeof s.signedInAt === 'number' ? s.signedInAt : 0;
    if (Date.now() - signedInAt <= limit) {
      next();
      return;
    }
    const userId = s.userId;
    noteSessionEnded(req, 'absolute');
    regenerate(req)
      .then(() => onExpired(req, userId))
      .then(() => next(), next);
  };
}

/**
 * Saves the session now. Call it before a redirect that depends on what the request stored in the session:
 * express-session sends the response's headers before its own end-of-response save has finished, so the
 * browser may follow the redirect and load the old session (the one-time banner then goes missing).
 */
export const saveSession = save;

/** Stores a one-time banner for the next page and saves it, so the redirect that follows will find it. */
export async function setFlash(req: Request, flash: Flash): Promise<void> {
  if (!req.session) return;
  req.session.flash = flash;
  await save(req);
}

export function takeFlash(req: Request): Flash | null {
  const flash = req.session?.flash ?? null;
  if (flash) delete req.session.flash;
  return flash;
}
