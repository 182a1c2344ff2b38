import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthService } from '@vigil/access';
import { AppConfig, repositoryRoot } from '@vigil/config';
import mojFilterFactory from '@ministryofjustice/frontend/moj/filters/all';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as nunjucks from 'nunjucks';
import { renderErrorPage, WebErrorFilter } from './common/error-pages';
import { DashboardRoles } from '@vigil/cases';
import { roleLabel } from '@vigil/domain';
import { londonDate, londonDateTime, londonTime } from '@vigil/domain';
import type { PageRequest } from './common/page-request';
import { ProvidersPageRoles } from './providers/providers.view-model';
import { csrfProtection } from './security/csrf';
import { securityHeaders } from './security/headers';
import {
  absoluteTimeout,
  hadSignedInSession,
  markSignedIn,
  noteSessionEnded,
  sessionMiddleware,
} from './security/session';
import { WebSessionStore } from './security/session-store.service';

/** The MOJ timeline formats `datetime.format` with the `date` filter; this format is London time. */
export const LONDON_FORMAT = 'london';

/** Paths that are not pages: the API (bearer tokens only: no session, no CSRF) and health. */
const NOT_PAGES = /^\/(api|health)(\/|$)/;

/** Runs `handler` for page requests only. */
const pagesOnly =
  (handler: RequestHandler): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) =>
    NOT_PAGES.test(req.path) ? next() : handler(req, res, next);

function configureNunjucks(
  app: NestExpressApplication,
  root: string,
  config: AppConfig,
): nunjucks.Environment {
  const modules = path.join(root, 'node_modules');
  const expressApp = app.getHttpAdapter().getInstance();
  const env = nunjucks.configure(
    [
      path.join(root, 'apps/web/src'),
      path.join(root, 'apps/web/src/views'),
      path.join(modules, 'govuk-frontend/dist'),
      path.join(modules, '@ministryofjustice/frontend'),
    ],
    { autoescape: true, express: expressApp, noCache: false },
  );
  expressApp.set('view engine', 'njk');
  // MOJ's `date` and `mojDate` (mojTimeline needs them); `date` also knows our London format.
  const mojFilters = mojFilterFactory();
  env.addFilter('mojDate', mojFilters.mojDate);
  env.addFilter('date', (timestamp: string, format: string) =>
    format === LONDON_FORMAT ? londonDateTime(timestamp) : mojFilters.date(timestamp, format),
  );
  env.addFilter('londonDateTime', (value: string) => londonDateTime(value));
  env.addFilter('londonDate', (value: string) => londonDate(value));
  env.addFilter('londonTime', (value: string) => londonTime(value));
  // The header's "Mail catcher (development)" link: only when `npm start` runs one, never in production.
  env.addGlobal('mailCatcherUrl', config.devTools.mailCatcherUrl);
  return env;
}

/**
 * Nunjucks over our views, GOV.UK Frontend and MOJ Frontend; static assets; then, for page requests only,
 * security headers, no caching, sessions (idle and absolute timeouts), the signed-in principal, and CSRF.
 * Both `main.ts` (pages alone) and `main.dev.ts` (pages and API) call this; the API keeps bearer tokens.
 */
export function configureWeb(app: NestExpressApplication): nunjucks.Environment {
  const root = repositoryRoot();
  const modules = path.join(root, 'node_modules');
  const config = app.get(AppConfig);
  const auth = app.get(AuthService);
  const env = configureNunjucks(app, root, config);

  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(pagesOnly(securityHeaders(config)));
  app.useStaticAssets(path.join(modules, 'govuk-frontend/dist/govuk'), {
    prefix: '/assets/govuk',
    index: false,
  });
  app.useStaticAssets(path.join(modules, 'govuk-frontend/dist/govuk/assets'), {
    prefix: '/assets',
    index: false,
  });
  app.useStaticAssets(path.join(modules, '@ministryofjustice/frontend/moj'), {
    prefix: '/assets/moj',
    index: false,
  });
  app.useStaticAssets(path.join(root, 'apps/web/src/assets'), { prefix: '/assets', index: false });

  // Everything below is for pages: no caching (they show case data), then the session chain.
  app.use(
    pagesOnly((req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Cache-Control', 'no-store');
      // The API's error filter (one-process dev server) hands page errors back to us through this.
      res.locals.renderErrorPage = (exception: unknown) => renderErrorPage(exception, req, res);
      next();
    }),
  );
  app.use(pagesOnly(cookieParser()));
  app.use(pagesOnly(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 })));
  app.use(pagesOnly(sessionMiddleware(config, app.get(WebSessionStore).store)));
  app.use(
    pagesOnly(
      absoluteTimeout(config, async (req, userId) => {
        const principal = await auth.principalForUser(userId);
        if (principal) {
          await auth.recordSignOut(
            principal,
            { ip: req.ip ?? null, correlationId: null },
            'absolute_timeout',
          );
        }
      }),
    ),
  );
  app.use(
    pagesOnly((req: Request, res: Response, next: NextFunction) => {
      const userId = req.session?.userId;
      if (!userId) {
        // Signed in before on this browser, never signed out, and no session now: it timed out.
        if (hadSignedInSession(config, req)) noteSessionEnded(req, 'idle');
        next();
        return;
      }
      auth
        .principalForUser(userId)
        .then((principal) => {
          if (principal) {
            (req as PageRequest).principal = principal;
            res.locals.user = {
              role: principal.role,
              roleLabel: roleLabel(principal.role),
              seesDashboard: DashboardRoles.includes(principal.role),
              seesProviders: ProvidersPageRoles.includes(principal.role),
              // A provider's staff have a home page of their organisation's open cases (issue 11).
              seesHome: principal.organisationKind === 'provider',
            };
            if (req.method === 'GET') markSignedIn(config, res);
          } else {
            // A deactivated account: its session no longer signs anyone in.
            delete req.session.userId;
          }
          next();
        })
        .catch(next);
    }),
  );
  app.use(pagesOnly(csrfProtection(config, (error, req, res) => renderErrorPage(error, req, res))));
  return env;
}

/** The pages-alone server (main.ts): its unmatched routes and middleware errors get the HTML pages too. */
export function useWebErrorPages(app: NestExpressApplication): void {
  app.useGlobalFilters(new WebErrorFilter());
}
