import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Stack } from '../support/stack';
import { FaultDriver, failing, fastPolicy, report, secs } from './driver';
import { OwnTemporal } from './processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const overdue = (m: { subject: string }) => m.subject.startsWith('[Vigil] Overdue');

/*
 * The Temporal server crashes (SIGKILL) mid-escalation and restarts on its state. The jest run's shared dev
 * server keeps its state in memory (a restart would lose every workflow), so this test starts its own
 * with `--db-filename`, as `npm start` does.
 */
describe('fault: Temporal server restarted', () => {
  let temporal: OwnTemporal;
  let stack: Stack;

  beforeAll(async () => {
    temporal = await OwnTemporal.start();
    stack = await Stack.start({
      name: 'fault-temporal',
      policy: fastPolicy(),
      env: { TEMPORAL_ADDRESS: temporal.address },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await temporal?.stop();
  });

  it('keeps every clock and takes intakes while the server is away', async () => {
    const driver = await new FaultDriver(stack).init();
    await driver.raiseMany(4, 1_000);
    await stack.inbox.waitFor(overdue, { timeoutMs: 30_000 });
    await sleep(1_000);
    const killedAt = Date.now();
    await temporal.kill('SIGKILL');
    // Intake does not need Temporal: the case commits with its start command, which waits in the outbox.
    const whileDown = await driver.raiseMany(3, 1_000, { retryForMs: 20_000 });
    await sleep(6_000);
    const restartedAt = Date.now();
    const boot = await temporal.up();
    const [first] = await stack.inbox.waitFor((m) => overdue(m) && m.receivedAt >= restartedAt, {
      timeoutMs: 90_000,
    });
    await driver.probe();
    const drain = await driver.drain(240_000);
    const drainedAt = Date.now();
    const results = await driver.check();
    report('Temporal server restarted', results, {
      'outage (kill → restart)': secs(restartedAt - killedAt),
      'server start': secs(boot),
      'intakes while down': whileDown.map((s) => s.answers.join('/')).join(', '),
      'restart → first escalation email': secs(first.receivedAt - restartedAt),
      'restart → drained': secs(drainedAt - restartedAt),
    });
    expect(whileDown.every((s) => s.outcome === 'created')).toBe(true);
    expect(drain).toMatchObject({ drained: true });
    expect(failing(results)).toEqual([]);
  });
});
