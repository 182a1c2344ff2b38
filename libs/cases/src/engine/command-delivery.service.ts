import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Principal } from '@vigil/contracts';
import { scopeOf } from '@vigil/persistence';
import { WorkflowCommandDispatcher, type PendingCommand } from '@vigil/temporal';

/**
 * Delivers the workflow commands a committed change requested: at once (best effort) or in the background;
 * whatever this misses stays pending for the worker's relay, so no case is left without its workflow.
 */
@Injectable()
export class CommandDelivery implements OnApplicationShutdown {
  private readonly logger = new Logger(CommandDelivery.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly dispatcher: WorkflowCommandDispatcher) {}

  /** Best effort, after commit: a failure is logged and left for the relay. */
  async deliver(commandIds: readonly string[], principal: Principal): Promise<void> {
    if (commandIds.length === 0) return;
    await this.bestEffort(this.dispatcher.deliver(commandIds, scopeOf(principal)));
  }

  /** The response does not wait for Temporal (intake): the case and its clocks are already stored. */
  deliverInBackground(commandIds: readonly string[], principal: Principal): void {
    if (commandIds.length === 0) return;
    this.background(this.deliver(commandIds, principal));
  }

  /**
   * The committed commands still to deliver, read in a transaction the caller runs anyway after the commit
   * (the answer's read): one transaction fewer than `deliverInBackground`. Pass them to `deliverRead`.
   */
  pending(em: EntityManager, commandIds: readonly string[]): Promise<PendingCommand[]> {
    return this.dispatcher.pending(em, commandIds);
  }

  /** Delivers, in the background and best effort, commands read by `pending`. */
  deliverRead(rows: readonly PendingCommand[], principal: Principal): void {
    if (rows.length === 0) return;
    this.background(this.bestEffort(this.dispatcher.deliverRows(rows, scopeOf(principal))));
  }

  /** A failed delivery is logged (no case data) and left pending for the worker's relay. */
  private async bestEffort(delivery: Promise<unknown>): Promise<void> {
    try {
      await delivery;
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.name : 'unknown' },
        'workflow command left for the relay',
      );
    }
  }

  private background(delivery: Promise<void>): void {
    const tracked = delivery.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Lets background deliveries finish before the database connections close. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}
