import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { AppConfig, workerTuning } from '@vigil/config';
import type { AllActivities, ProviderWatchActivities } from '@vigil/contracts';
import { PinoTemporalLogger, workflowBundleOptions } from '@vigil/temporal';
import { CaseRecordActivitiesImpl } from './activities/case-record.activities';
import { NoticeActivitiesImpl } from './activities/notice.activities';
import { ProviderWatchActivitiesImpl } from './activities/provider-watch.activities';

/** Creates, runs and drains the Temporal worker: the sole owner of its shutdown. */
@Injectable()
export class TemporalWorkerService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker: Worker | undefined;
  private connection: NativeConnection | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly records: CaseRecordActivitiesImpl,
    private readonly notices: NoticeActivitiesImpl,
    private readonly watch: ProviderWatchActivitiesImpl,
  ) {}

  async onModuleInit(): Promise<void> {
    const activities = {
      markClockBreached: this.records.markClockBreached.bind(this.records),
      sendNotice: this.notices.sendNotice.bind(this.notices),
      sendNotices: this.notices.sendNotices.bind(this.notices),
      escalateClock: this.notices.escalateClock.bind(this.notices),
      watchProvider: this.watch.watchProvider.bind(this.watch),
    } satisfies AllActivities & ProviderWatchActivities;
    this.connection = await NativeConnection.connect({ address: this.config.temporal.address });
    const bundlePath = this.config.temporal.workflowBundle;
    const limits = this.config.temporal.worker;
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      activities,
      workflowBundle: bundlePath
        ? { codePath: bundlePath }
        : await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new PinoTemporalLogger('warn') }),
      shutdownGraceTime: '10 seconds',
      // Explicit, from configuration (WORKER_* variables), rather than the SDK's heap-derived defaults.
      ...workerTuning(limits),
    });
    this.logger.log({ ...limits }, 'Temporal worker limits');
  }

  onApplicationBootstrap(): void {
    const worker = this.worker;
    if (!worker) throw new Error('worker not created');
    this.running = worker.run().catch((error: unknown) => {
      this.logger.fatal(
        { err: error instanceof Error ? error.message : 'unknown' },
        'Temporal worker stopped',
      );
      process.exitCode = 1;
    });
    this.logger.log({ taskQueue: this.config.temporal.taskQueue }, 'Temporal worker running');
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
