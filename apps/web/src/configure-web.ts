import type { NestExpressApplication } from '@nestjs/platform-express';
import { repositoryRoot } from '@vigil/config';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as nunjucks from 'nunjucks';

/** Nunjucks over our views, GOV.UK Frontend and MOJ Frontend; static assets; a CSP nonce per response. */
export function configureWeb(app: NestExpressApplication): nunjucks.Environment {
  const root = repositoryRoot();
  const modules = path.join(root, 'node_modules');
  const express = app.getHttpAdapter().getInstance();
  const env = nunjucks.configure(
    [
      path.join(root, 'apps/web/src'),
      path.join(root, 'apps/web/src/views'),
      path.join(modules, 'govuk-frontend/dist'),
      path.join(modules, '@ministryofjustice/frontend'),
    ],
    { autoescape: true, express, noCache: false },
  );
  express.set('view engine', 'njk');
  app.use((_req: unknown, res: { locals: Record<string, unknown> }, next: () => void) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
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
  return env;
}
