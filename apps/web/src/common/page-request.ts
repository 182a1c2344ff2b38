import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import type { RequestContext } from '@vigil/cases';
import type { Principal } from '@vigil/contracts';
import type { Request } from 'express';

/** A page request: the principal comes from the session (see security/session.ts), the ID from pino-http. */
export type PageRequest = Request & { principal?: Principal };

/** Thrown when a page needs someone signed in; the error filter redirects to /sign-in. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string | null) {
    super('sign in required');
    this.name = 'SignInRequired';
  }
}

export function requestContextOf(req: PageRequest): RequestContext {
  if (!req.principal) throw new SignInRequired(req.method === 'GET' ? req.originalUrl : null);
  return { principal: req.principal, ...requestMetaOf(req) };
}

/** The signed-in principal with the request's address and correlation ID. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<PageRequest>()),
);

/** Signed-out visitors are sent to /sign-in (and back here afterwards, for a GET). */
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<PageRequest>();
    if (req.principal) return true;
    throw new SignInRequired(req.method === 'GET' ? req.originalUrl : null);
  }
}

export const SignedIn = () => UseGuards(SignedInGuard);

/** Address and correlation ID for sign-in and sign-out auditing. */
export function requestMetaOf(req: PageRequest): { ip: string | null; correlationId: string | null } {
  return { ip: req.ip ?? null, correlationId: req.id === undefined ? null : String(req.id) };
}
