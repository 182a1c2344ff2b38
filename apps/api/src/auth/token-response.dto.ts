import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** What `POST /api/v1/auth/token` answers: a bearer token and how many seconds it lasts. */
const TokenResponseSchema = z.object({
  accessToken: z.string().meta({ description: 'Send it as `Authorization: Bearer <accessToken>`' }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().positive().meta({ description: 'Seconds until the token expires' }),
});
export class TokenResponseDto extends createZodDto(TokenResponseSchema) {}
