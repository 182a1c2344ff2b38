import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import request from 'supertest';
import { Demo, Stack } from '../support/stack';
import {
  csrfFrom,
  csrfOf,
  signedInAgent,
  startWebOnlyServer,
  startWebServer,
  type WebServer,
} from '../e2e/support/web-server';
import { WebSessionStore } from '../../apps/web/src/security/session-store.service';

/*
 * The web pages' security through HTTP with a cookie jar, on real PostgreSQL: sessions (idle and absolute
 * timeouts, fixation), CSRF on every form, headers, sign-in lockout and rate limit, sign-in/out audit, and
 * the API staying bearer-only beside them. Runs against the pages alone (main.ts) and the one-process
 * development server (main.dev.ts).
 */
describe('web security', () => {
  let stack: Stack;
  let web: WebServer;
  let dev: WebServer;
  let concern: { id: string; reference: string; version: number; tasks: { id: string }[] };

  const userId = async (email: string) =>
    (await stack.sql<{ id: string }>('select id from users where email = $1', [email]))[0].id;
  const sessionsOf = async (email: string) =>
    stack.sql<{ sid: string; sess: Record<string, unknown>; expire: Date }>(
      `select sid, sess, expire from sessions where sess->>'userId' = $1`,
      [await userId(email)],
    );
  const auditCount = async (action: string, email: string) =>
    Number(
      (
        await stack.sql<{ n: string }>(
          `select count(*)::text as n from audit_events where action = $1 and actor_user_id = $2`,
          [action, await userId(email)],
        )
      )[0].n,
    );
  const caseState = async () =>
    (
      await stack.sql<{ status: string; task: string; version: number }>(
        `select c.status, t.status as task, c.version from cases c join tasks t on t.case_id = c.id where c.id = $1`,
        [concern.id],
      )
    )[0];

  beforeAll(async () => {
    stack = await Stack.start({
      name: 'web-security',
      worker: false,
      env: { LOCKOUT_THRESHOLD: '3', LOCKOUT_BASE_SECONDS: '2' },
    });
    web = await startWebOnlyServer(stack.config);
    dev = await startWebServer(stack.config);
    concern = await stack.raiseConcern(Demo.sunriseLead);
  });
  afterAll(async () => {
    await web?.app.close();
    await dev?.app.close();
    await stack?.stop();
  });

  describe('headers', () => {
    it('sends a nonce-based CSP that matches the page’s scripts, no framing, and no caching', async () => {
      const res = await request(web.baseUrl).get('/sign-in');
      expect(res.status).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(res.text).toContain(`<script nonce="${nonce}">`);
      expect(res.text).toContain(`<script type="module" src="/assets/app.js" nonce="${nonce}">`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      // A fresh nonce on every response.
      const again = await request(web.baseUrl).get('/sign-in');
      expect(again.headers['content-security-policy']).not.toBe(csp);
    });

    it('never caches a case page, and sends it with the same headers', async () => {
      const agent = await signedInAgent(web.baseUrl, Demo.officer);
      const res = await agent.get(`/cases/${concern.id}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(concern.reference);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(String(res.headers['content-security-policy'])).toMatch(/script-src 'self' 'nonce-/);
      expect(res.headers['x-frame-options']).toBe('DENY');
    });

    it('sets the session cookie HttpOnly and SameSite=Lax, only once there is something to keep', async () => {
      const anonymous = await request(web.baseUrl).get('/');
      expect(anonymous.headers['set-cookie']).toBeUndefined();
      const form = await request(web.baseUrl).get('/sign-in');
      const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []);
      const sid = cookies.find((c) => c.startsWith('vigil.sid='));
      expect(sid).toMatch(/HttpOnly/i);
      expect(sid).toMatch(/SameSite=Lax/i);
      // It lives for the idle timeout (30 minutes), renewed on every response.
      const expires = Date.parse(/Expires=([^;]+)/.exec(String(sid))?.[1] ?? '');
      expect(Math.round((expires - Date.now()) / 60_000)).toBe(30);
      expect(cookies.find((c) => c.startsWith('vigil.csrf='))).toMatch(/HttpOnly/i);
    });
  });

  describe('sign-in and sign-out', () => {
    it('starts a new session on sign-in, audits it, and ends and audits it on sign-out', async () => {
      const email = Demo.manager;
      const signedIn = await auditCount('auth.signed_in', email);
      const signedOut = await auditCount('auth.signed_out', email);
      const agent = request.agent(web.baseUrl);
      const form = await agent.get('/sign-in');
      const before = /vigil\.sid=([^;]+)/.exec(String(form.headers['set-cookie']))?.[1];
      const res = await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email, password: DEMO_PASSWORD });
      expect(res.status).toBe(303);
      // The start page, which sends council staff on to their cases and shows a provider its home.
      expect(res.headers.location).toBe('/');
      const after = /vigil\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      expect(await auditCount('auth.signed_in', email)).toBe(signedIn + 1);
      const [row] = await stack.sql<{ details: { channel: string } }>(
        `select details from audit_events where action = 'auth.signed_in' and actor_user_id = $1 order by id desc limit 1`,
        [await userId(email)],
      );
      expect(row.details.channel).toBe('web');

      const cases = await agent.get('/cases');
      expect(cases.status).toBe(200);
      expect(cases.text).toContain('Team manager');
      const out = await agent
        .post('/sign-out')
        .type('form')
        .send({ _csrf: csrfFrom(cases.text) });
      expect(out.status).toBe(303);
      expect(out.headers.location).toBe('/signed-out');
      expect(await auditCount('auth.signed_out', email)).toBe(signedOut + 1);
      expect(await sessionsOf(email)).toEqual([]);
      const confirmation = await agent.get('/signed-out');
      expect(confirmation.text).toContain('You have signed out');
      const bounced = await agent.get('/cases');
      expect(bounced.status).toBe(303);
      expect(bounced.headers.location).toBe('/sign-in?returnTo=%2Fcases');
    });

    it('sends signed-out visitors to sign in and back to the page they wanted, never elsewhere', async () => {
      const agent = request.agent(web.baseUrl);
      const bounced = await agent.get(`/cases/${concern.id}`);
      expect(bounced.status).toBe(303);
      expect(bounced.headers.location).toBe(
        `/sign-in?returnTo=${encodeURIComponent(`/cases/${concern.id}`)}`,
      );
      const form = await agent.get(bounced.headers.location);
      expect(form.text).toContain(`name="returnTo" value="/cases/${concern.id}"`);
      const res = await agent
        .post('/sign-in')
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          email: Demo.officer,
          password: DEMO_PASSWORD,
          returnTo: `/cases/${concern.id}`,
        });
      expect(res.headers.location).toBe(`/cases/${concern.id}`);

      const other = request.agent(web.baseUrl);
      const page = await other.get('/sign-in?returnTo=//evil.example/cases');
      expect(page.text).not.toContain('evil.example');
      const offsite = await other
        .post('/sign-in')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          email: Demo.officer,
          password: DEMO_PASSWORD,
          returnTo: 'https://evil.example/',
        });
      expect(offsite.headers.location).toBe('/');
    });

    it('answers a wrong password and an unknown account with the same message', async () => {
      const attempt = async (email: string) => {
        const agent = request.agent(web.baseUrl);
        const form = await agent.get('/sign-in');
        return agent
          .post('/sign-in')
          .type('form')
          .send({ _csrf: csrfFrom(form.text), email, password: 'not-the-password' });
      };
      const wrong = await attempt(Demo.lado);
      const unknown = await attempt('nobody-here@riverside.example');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const message = (html: string) =>
        /govuk-error-summary__list">\s*<li>\s*<a[^>]*>([^<]+)</.exec(html)?.[1];
      expect(message(wrong.text)).toBe(
        'The email address or password is not right, or the account is locked for a while after too many attempts',
      );
      expect(message(unknown.text)).toBe(message(wrong.text));
      expect(wrong.text).toContain('<title>Error: Sign in – Vigil</title>');
      // The address typed is kept; the password never is.
      expect(wrong.text).toContain(`value="${Demo.lado}"`);
      expect(wrong.text).not.toContain('not-the-password');
    });

    it('locks an account after repeated failures through /sign-in, then lets it in again', async () => {
      const email = Demo.head;
      const agent = request.agent(web.baseUrl);
      const token = csrfFrom((await agent.get('/sign-in')).text);
      const post = (password: string) =>
        agent.post('/sign-in').type('form').send({ _csrf: token, email, password });
      for (let i = 0; i < 3; i += 1) expect((await post('not-the-password')).status).toBe(401);
      const locked = await post(DEMO_PASSWORD);
      expect(locked.status).toBe(401);
      expect(locked.text).toContain('locked for a while');
      const [user] = await stack.sql<{ locked: boolean }>(
        'select locked_until > now() as locked from users where email = $1',
        [email],
      );
      expect(user.locked).toBe(true);
      await new Promise((r) => setTimeout(r, 2_500));
      const ok = await post(DEMO_PASSWORD);
      expect(ok.status).toBe(303);
    });

    it('limits sign-in attempts to 30 a minute per address and account, with a page saying so', async () => {
      const agent = request.agent(web.baseUrl);
      const token = csrfFrom((await agent.get('/sign-in')).text);
      const post = (email: string) =>
        agent.post('/sign-in').type('form').send({ _csrf: token, email, password: 'x' });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await post('limited@nowhere.example')).status);
      expect(statuses.every((s) => s === 401)).toBe(true);
      const limited = await post('limited@nowhere.example');
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/text\/html/);
      expect(limited.text).toContain('Too many attempts');
      // Another account from the same address is not affected.
      expect((await post(Demo.oakwoodLead)).status).toBe(401);
    });

    it('says so when local accounts are switched off, and offers no password form', async () => {
      const config = { ...stack.config, auth: { ...stack.config.auth, localAccountsEnabled: false } };
      const off = await startWebOnlyServer(config);
      try {
        const agent = request.agent(off.baseUrl);
        const form = await agent.get('/sign-in');
        expect(form.status).toBe(200);
        expect(form.text).toContain('Signing in with a Vigil password is switched off');
        expect(form.text).not.toContain('name="password"');
        const signedIn = await auditCount('auth.signed_in', Demo.officer);
        const res = await agent
          .post('/sign-in')
          .type('form')
          .send({ email: Demo.officer, password: DEMO_PASSWORD });
        expect(res.status).toBe(403);
        expect(await auditCount('auth.signed_in', Demo.officer)).toBe(signedIn);
      } finally {
        await off.app.close();
      }
    });
  });

  describe('CSRF', () => {
    const decide = (agent: ReturnType<typeof request.agent>, fields: Record<string, string>) =>
      agent
        .post(`/cases/${concern.id}/tasks/${concern.tasks[0].id}/complete`)
        .type('form')
        .send({ decision: 'signpost', rationale: 'Signposted to advocacy', version: '1', ...fields });

    it('refuses a form without its token, with a wrong one, or with another session’s, and changes nothing', async () => {
      const before = await caseState();
      const triaged = await auditCount('case.triaged', Demo.officer);
      const officer = await signedInAgent(web.baseUrl, Demo.officer);
      const manager = await signedInAgent(web.baseUrl, Demo.manager);
      const token = await csrfOf(officer);
      const responses = [
        await decide(officer, {}),
        await decide(officer, { _csrf: `${token.slice(0, -4)}abcd` }),
        await decide(officer, { _csrf: await csrfOf(manager) }),
      ];
      for (const res of responses) {
        expect(res.status).toBe(403);
        expect(res.text).toContain('This form has expired');
        expect(res.text).toContain('<title>This form has expired – Vigil</title>');
      }
      expect(await caseState()).toEqual(before);
      expect(before.task).toBe('open');
      expect(await auditCount('case.triaged', Demo.officer)).toBe(triaged);
      // The same form with its token goes through to the use case (here: a validation error).
      const withToken = await decide(officer, { _csrf: token, decision: '' });
      expect(withToken.status).toBe(400);
      expect(withToken.text).toContain('Select a decision');
    });

    it('refuses sign-in and sign-out without the token', async () => {
      const email = Demo.commissioner;
      const signedIn = await auditCount('auth.signed_in', email);
      const login = await request(web.baseUrl)
        .post('/sign-in')
        .type('form')
        .send({ email, password: DEMO_PASSWORD });
      expect(login.status).toBe(403);
      expect(await auditCount('auth.signed_in', email)).toBe(signedIn);
      const agent = await signedInAgent(web.baseUrl, email);
      expect((await agent.post('/sign-out').type('form').send({})).status).toBe(403);
      expect((await agent.get('/cases')).status).toBe(200);
    });
  });

  describe('one-time banners (Post/Redirect/Get)', () => {
    /** A browser's cookie jar for `fetch`, which (like a browser) has the redirect as soon as its headers arrive. */
    class Jar {
      private readonly cookies = new Map<string, string>();
      take(res: Response): Response {
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const at = pair.indexOf('=');
          this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
        return res;
      }
      get header(): string {
        return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      }
      async get(path: string): Promise<Response> {
        return this.take(
          await fetch(`${web.baseUrl}${path}`, { headers: { cookie: this.header }, redirect: 'manual' }),
        );
      }
      async post(path: string, fields: Record<string, string>): Promise<Response> {
        return this.take(
          await fetch(`${web.baseUrl}${path}`, {
            method: 'POST',
            headers: { cookie: this.header, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields),
            redirect: 'manual',
          }),
        );
      }
    }

    it('stores the banner before redirecting, so the next page shows it however slow the session store', async () => {
      const fresh = await stack.raiseConcern(Demo.sunriseLead);
      const jar = new Jar();
      const form = await jar.get('/sign-in');
      await jar.post('/sign-in', {
        _csrf: csrfFrom(await form.text()),
        email: Demo.officer,
        password: DEMO_PASSWORD,
      });
      const casePage = await jar.get(`/cases/${fresh.id}`);
      expect(casePage.status).toBe(200);
      const csrf = csrfFrom(await casePage.text());
      // A slow database: every session write takes 300 ms. express-session flushes a response's headers
      // before its own end-of-response save finishes, so a redirect not preceded by an explicit save would
      // reach the browser while the banner is still unsaved.
      const store = web.app.get(WebSessionStore).store;
      const set = store.set.bind(store);
      store.set = (sid, sess, callback) => {
        setTimeout(() => set(sid, sess, callback), 300);
      };
      try {
        const decided = await jar.post(`/cases/${fresh.id}/tasks/${fresh.tasks[0].id}/complete`, {
          _csrf: csrf,
          decision: 'signpost',
          rationale: 'Signposted to an advocacy service',
        });
        expect(decided.status).toBe(303);
        const next = await jar.get(decided.headers.get('location') ?? '');
        const html = await next.text();
        await decided.text();
        expect(next.status).toBe(200);
        expect(html).toContain('Triage decision recorded');
        expect(html).toContain('Decision: Signpost.');
      } finally {
        store.set = set;
      }
    });
  });

  describe('session timeouts', () => {
    it('ends a session left idle: once its row has expired the next request is told it was signed out', async () => {
      const email = Demo.oakwoodLead;
      const agent = await signedInAgent(web.baseUrl, email);
      const [session] = await sessionsOf(email);
      expect((await agent.get('/cases')).status).toBe(200);
      // Activity pushes the idle expiry forward (rolling), to about 30 minutes from now.
      const [rolled] = await sessionsOf(email);
      expect(rolled.expire.getTime()).toBeGreaterThanOrEqual(session.expire.getTime());
      expect(rolled.expire.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
      await stack.sql(`update sessions set expire = now() - interval '1 second' where sid = $1`, [
        session.sid,
      ]);
      // Timed out, not signed out: "You have been signed out" says why, then sign-in returns to /cases.
      const res = await agent.get('/cases');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/session-expired?reason=idle&returnTo=%2Fcases');
    });

    it('ends a session 12 hours after sign-in however active, and audits the timeout', async () => {
      const email = Demo.sunriseLead;
      const agent = await signedInAgent(web.baseUrl, email);
      expect((await agent.get('/cases')).status).toBe(200);
      const [session] = await sessionsOf(email);
      expect(typeof session.sess.signedInAt).toBe('number');
      await stack.sql(
        `update sessions set sess = jsonb_set(sess, '{signedInAt}',
           to_jsonb((extract(epoch from now() - interval '13 hours') * 1000)::bigint)) where sid = $1`,
        [session.sid],
      );
      const res = await agent.get('/cases');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/session-expired?reason=absolute&returnTo=%2Fcases');
      expect(await sessionsOf(email)).toEqual([]);
      const [audit] = await stack.sql<{ details: { reason: string } }>(
        `select details from audit_events where action = 'auth.signed_out' and actor_user_id = $1 order by id desc limit 1`,
        [await userId(email)],
      );
      expect(audit.details.reason).toBe('absolute_timeout');
    });
  });

  describe('pages and the API side by side (one-process development server)', () => {
    it('keeps the API bearer-only: a page session is not a credential and gets no cookie or CSRF', async () => {
      const agent = await signedInAgent(dev.baseUrl, Demo.officer);
      expect((await agent.get('/cases')).status).toBe(200);
      const api = await agent.get('/api/v1/cases');
      expect(api.status).toBe(401);
      expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(api.headers['set-cookie']).toBeUndefined();
      expect(api.headers['content-security-policy']).toBeUndefined();
      const token = await request(dev.baseUrl)
        .post('/api/v1/auth/token')
        .send({ email: Demo.officer, password: DEMO_PASSWORD });
      expect(token.status).toBe(200);
      expect(token.headers['set-cookie']).toBeUndefined();
    });

    it('shows HTML error pages for page routes and problem+json for API routes', async () => {
      const page = await request(dev.baseUrl).get('/no-such-page');
      expect(page.status).toBe(404);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('<title>Page not found – Vigil</title>');
      const api = await request(dev.baseUrl).get('/api/v1/no-such-route');
      expect(api.status).toBe(404);
      expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
      const alone = await request(web.baseUrl).get('/no-such-page');
      expect(alone.status).toBe(404);
      expect(alone.text).toContain('<title>Page not found – Vigil</title>');
      // A case the user cannot see reads exactly like one that does not exist.
      const agent = await signedInAgent(dev.baseUrl, Demo.oakwoodLead);
      const hidden = await agent.get(`/cases/${concern.id}`);
      expect(hidden.status).toBe(404);
      expect(hidden.headers['content-type']).toMatch(/text\/html/);
      expect(hidden.text).toContain('Page not found');
      expect(hidden.text).not.toContain(concern.reference);
    });
  });
});
