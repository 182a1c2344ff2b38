import type { AppConfig } from '@vigil/config';
import { csrfCookieName } from '../security/csrf';
import { SESSION_COOKIE, signedInMarkerCookie } from '../security/session';

export interface CookieRow {
  name: string;
  purpose: string;
  expires: string;
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * The cookies Vigil sets, by the names this deployment uses (production prefixes two with `__Host-`).
 * All are essential: none is for analytics or advertising, and no page loads anything from another site.
 */
export function cookiesView(config: AppConfig): CookieRow[] {
  return [
    {
      name: SESSION_COOKIE,
      purpose: 'Keeps you signed in. It holds a random session ID; what it stands for is kept on our server.',
      expires: `${plural(config.session.idleMinutes, 'minute')} after you last opened a page, and at most ${plural(config.session.absoluteHours, 'hour')} after you signed in`,
    },
    {
      name: csrfCookieName(config),
      purpose: 'Stops other websites sending forms to Vigil in your name.',
      expires: 'When you close your browser',
    },
    {
      name: signedInMarkerCookie(config),
      purpose:
        'Remembers that you were signed in, so that if your session times out we can tell you why you were signed out.',
      expires: `${plural(config.session.absoluteHours, 'hour')} after you last opened a page while signed in, or when you sign out`,
    },
  ];
}
