import { Body, Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthService, SignInRateLimit, type IssuedToken } from '@vigil/access';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { BearerAuth } from '../common/bearer-auth.guard';
import type { AuthenticatedRequest } from '../common/request-context';

const TokenRequestSchema = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(3, { error: 'Enter your email address' })
    .max(320),
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
  @ApiOkResponse({ description: '{ accessToken, tokenType: "Bearer", expiresIn }' })
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
  async revoke(@Req() req: AuthenticatedRequest): Promise<void> {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!req.principal) return;
    await this.auth.revokeToken(token, req.principal, {
      ip: req.ip ?? null,
      correlationId: req.id ? String(req.id) : null,
    });
  }
}
