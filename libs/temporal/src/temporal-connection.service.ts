import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '@vigil/config';

/**
 * The API's connection to Temporal, opened lazily and reopened after a failure, so the API starts
 * (and takes concerns, which the outbox relay later starts) even while Temporal is down.
 */
@Injectable()
export class TemporalConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(TemporalConnection.name);
  private pending: Promise<Client> | undefined;
  private connection: Connection | undefined;

  constructor(private readonly config: AppConfig) {}

  async client(): Promise<Client> {
    this.pending ??= this.open().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  private async open(): Promise<Client> {
    const connection = await Connection.connect({
      address: this.config.temporal.address,
      connectTimeout: '5s',
    });
    this.connection = connection;
    return new Client({ connection, namespace: this.config.temporal.namespace });
  }

  /** True when the frontend answers a cheap call within the deadline. */
  async isReachable(timeoutMs = 3000): Promise<boolean> {
    try {
      const client = await this.client();
      await client.connection.withDeadline(Date.now() + timeoutMs, () =>
        client.connection.workflowService.getSystemInfo({}),
      );
      return true;
    } catch (error) {
      this.logger.debug(
        { err: error instanceof Error ? error.message : 'unknown' },
        'Temporal not reachable',
      );
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}
