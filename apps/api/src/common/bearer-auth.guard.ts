import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthService } from '@vigil/access';
import { VigilError } from '@vigil/domain';
import type { AuthenticatedRequest } from './request-context';

/** Resolves `Authorization: Bearer <token>` to a principal; anything else is a 401. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await this.auth.principalForToken(match[1]) : null;
    if (!principal)
      throw new VigilError('unauthenticated', 'Send a valid bearer token: POST /api/v1/auth/token gives one');
    req.principal = principal;
    return true;
  }
}

/** Every API controller but health, docs and sign-in carries this. */
export const BearerAuth = () =>
  applyDecorators(
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid bearer token' }),
  );
