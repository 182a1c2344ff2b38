import { Body, Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { AuthService, SignInRateLimit, type IssuedToken } from '@vigil/access';
import { requiredText } from '@vigil/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { BearerAuth } from '../common/bearer-auth.guard';
import type { AuthenticatedRequest } from '../common/request-context';
import { TokenResponseDto } from './token-response.dto';

// The shared text field refuses a NUL byte (PostgreSQL cannot compare one with a stored email: 500).
const TokenRequestSchema = z.object({
  email: requiredText('your email address', 320, 'Email address').min(3, {
    error: 'Enter your email address',
  }),
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }).max(1024),
});
class TokenRequestDto extends createZodDto(TokenRequestSchema) {}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges an email and password for a bearer token; 401 for anything else. */
  @Post('token')
  @SignInRateLimit()
  @HttpCode(200)
  @ZodResponse({ status: 200, type: TokenResponseDto, description: 'A bearer token and its lifetime' })
  async token(@Body() body: TokenRequestDto, @Req() req: AuthenticatedRequest): Promise<IssuedToken> {
    return this.auth.issueToken(body.email, body.password, {
      ip: req.ip ?? null,
      correlationId: req.id ? String(req.id) : null,
    });
  }

  /** Revokes the token this request presents (`204`); it is refused from then on. */
  @Delete('token')
  @BearerAuth()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The token is revoked; no body' })
  async revoke(@Req() req: AuthenticatedRequest): Promise<void> {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!req.principal) return;
    await this.auth.revokeToken(token, req.principal, {
      ip: req.ip ?? null,
      correlationId: req.id ? String(req.id) : null,
    });
  }
}
