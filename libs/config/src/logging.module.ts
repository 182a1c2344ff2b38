import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from './config';

/** Paths pino removes from every log line: credentials, cookies, bodies and personal fields. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body',
  '*.password',
  '*.email',
  '*.name',
  '*.summary',
  '*.rationale',
];

/** Where log lines go: stdout unless a test captures them. */
export interface LogOptions {
  stream?: NodeJS.WritableStream;
}

/** JSON logs with IDs only; the request ID comes from X-Request-Id or is generated. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(options: LogOptions = {}): DynamicModule {
    return { module: LoggingModule, imports: [pinoModule(options)] };
  }
}

function pinoModule(options: LogOptions): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => {
      const pinoOptions = {
        level: config.log.level,
        redact: { paths: REDACT_PATHS, remove: true },
        genReqId: (req: IncomingMessage) => {
          const given = req.headers['x-request-id'];
          return typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
        },
        // Log the path without the query string: queries may carry filters.
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            path: req.url.split('?')[0],
          }),
        },
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
      };
      return { pinoHttp: options.stream ? [pinoOptions, options.stream] : pinoOptions };
    },
  });
}
