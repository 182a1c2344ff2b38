import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@vigil/contracts';
import type { RequestContext } from '@vigil/cases';
import type { Request } from 'express';

export type AuthenticatedRequest = Request & { principal?: Principal; id?: string };

export function requestContextOf(req: AuthenticatedRequest): RequestContext {
  if (!req.principal) throw new Error('no principal on an authenticated route');
  return { principal: req.principal, ip: req.ip ?? null, correlationId: req.id ? String(req.id) : null };
}

/** The signed-in principal with the request's address and correlation ID. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
