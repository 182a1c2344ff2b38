import type { AppConfig } from '@vigil/config';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { ServerResponse } from 'node:http';

/**
 * Security headers for the pages (helmet): a nonce-based CSP (scripts only from here or carrying this
 * response's nonce, no framing, forms post only here), no framing by older browsers, HSTS in production.
 */
export function securityHeaders(config: AppConfig): RequestHandler {
  const production = config.env === 'production';
  const nonce = (_req: unknown, res: ServerResponse): string =>
    `'nonce-${String((res as unknown as Response).locals.cspNonce)}'`;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonce],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  }) as RequestHandler;
}
