import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import pino from 'pino';

const Levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Bridges the Temporal SDK's logger (worker runtime, workflow `log`, activity context) to pino, so the
 * worker writes one JSON log stream. Metadata from the SDK holds IDs only (workflow ID, task queue).
 */
export class PinoTemporalLogger implements Logger {
  private readonly pino: pino.Logger;

  constructor(level: string) {
    this.pino = pino({ level, base: { context: 'temporal' } });
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.pino[Levels[level]](meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
