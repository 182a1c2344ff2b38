/**
 * Where to go after signing in: only a local path of this service (never another site, never the sign-in
 * pages themselves), so `returnTo` cannot be used to send someone elsewhere.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) return null;
  if (!/^\/(?![/\\])[A-Za-z0-9\-._~/?=&%+]*$/.test(value)) return null;
  if (/^\/(sign-in|sign-out|signed-out|session-expired)(?=$|[/?])/.test(value)) return null;
  return value;
}

/** `/sign-in?returnTo=…` for a page someone tried to open while signed out. */
export function signInUrl(returnTo: string | null): string {
  const safe = safeReturnTo(returnTo);
  return safe && safe !== '/' ? `/sign-in?returnTo=${encodeURIComponent(safe)}` : '/sign-in';
}

/** `/session-expired?reason=…&returnTo=…` for a page opened after the signed-in session timed out. */
export function sessionExpiredUrl(reason: 'idle' | 'absolute', returnTo: string | null): string {
  const safe = safeReturnTo(returnTo);
  return `/session-expired?reason=${reason}${safe ? `&returnTo=${encodeURIComponent(safe)}` : ''}`;
}
