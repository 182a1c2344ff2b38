import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '@vigil/access';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Demo, Stack } from '../support/stack';
import { CaseListPage } from './pages/case-list.page';
import { CasePage } from './pages/case.page';
import { QueuePage } from './pages/queue.page';
import { SignInPage } from './pages/sign-in.page';
import { expectNoA11yViolations, launchChromium, newContext, type ContextOptions } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

type Session = Awaited<ReturnType<BrowserContext['storageState']>>;
type Raised = { id: string; reference: string };

const Variants: [string, ContextOptions][] = [
  ['with JavaScript', {}],
  ['without its scripts', { blockScripts: true }],
  ['at 320 px', { width: 320 }],
];

/** Extra care plan reviews on one case, so the provider lead's queue runs to a second page (25 a page). */
const EXTRA_CARE_PLAN_TASKS = 26;

/*
 * The work queue: a council officer's triage tasks of concerns a provider raised, by due window, and a
 * provider lead's own tasks without the council's. Due dates are set in the database so that each window
 * holds a known task whatever the day: one overdue, one due at the end of today (London), one in a fortnight
 * and one without a due date.
 */
describe('work queue in Chromium', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  const sessions: Record<string, Session> = {};
  let overdue: Raised;
  let today: Raised;
  let later: Raised;
  let undated: Raised;
  let triageTaskIds: string[];
  let officerName: string;

  const setTriageDue = (caseId: string, dueSql: string) =>
    stack.sql(`update tasks set due_at = ${dueSql} where case_id = $1 and type = 'triage_decision'`, [
      caseId,
    ]);

  beforeAll(async () => {
    stack = await Stack.start({ name: 'e2e-queue', worker: false });
    web = await startWebServer(stack.config);
    browser = await launchChromium();
    overdue = await stack.raiseConcern(Demo.sunriseLead);
    today = await stack.raiseConcern(Demo.sunriseLead);
    later = await stack.raiseConcern(Demo.sunriseLead);
    undated = await stack.raiseConcern(Demo.sunriseLead);
    // Ten calendar days hold at least one working day, even over Christmas.
    await setTriageDue(overdue.id, `now() - interval '10 days'`);
    // One second before London's midnight tonight.
    await setTriageDue(
      today.id,
      `(date_trunc('day', now() at time zone 'Europe/London') + interval '1 day' - interval '1 second') at time zone 'Europe/London'`,
    );
    await setTriageDue(later.id, `now() + interval '14 days'`);
    await setTriageDue(undated.id, 'null');
    triageTaskIds = (
      await stack.sql<{ id: string }>(`select id from tasks where type = 'triage_decision' order by id`)
    ).map((t) => t.id);
    await stack.sql(
      `insert into tasks (id, case_id, type, status, assigned_role, due_at, created_at)
       select gen_random_uuid(), case_id, type, status, assigned_role, due_at, created_at
         from tasks, generate_series(1, ${EXTRA_CARE_PLAN_TASKS})
        where case_id = $1 and type = 'care_plan_review'`,
      [later.id],
    );
    // The task due today is about an adult at immediate risk: the risk filter finds it alone.
    await stack.sql(`update concerns set immediate_risk = true where case_id = $1`, [today.id]);
    [{ name: officerName }] = await stack.sql<{ name: string }>(
      `select display_name as name from users where email = $1`,
      [Demo.officer],
    );
    for (const [name, email] of Object.entries({
      manager: Demo.manager,
      officer: Demo.officer,
      sunriseLead: Demo.sunriseLead,
      oakwoodLead: Demo.oakwoodLead,
    })) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await (await SignInPage.open(page, web.baseUrl)).signIn(email, DEMO_PASSWORD);
      // Signing in lands a provider's staff on their home page, council staff on their cases.
      if (email === Demo.sunriseLead || email === Demo.oakwoodLead) {
        const landed = new URL(page.url()).pathname;
        if (landed !== '/') throw new Error(`a provider lead landed on ${landed}, not their home page`);
      } else {
        await CaseListPage.verifyOnPage(page);
      }
      sessions[name] = await context.storageState();
      await context.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await web?.app.close();
    await stack?.stop();
  });

  /** Opens `path` in a fresh context signed in as `as`, and hands over the page. */
  async function visit(
    path: string,
    options: ContextOptions & { as: string },
    check: (page: Page) => Promise<void>,
  ): Promise<void> {
    const context = await newContext(browser, { ...options, storageState: sessions[options.as] });
    try {
      const page = await context.newPage();
      await page.goto(`${web.baseUrl}${path}`);
      await check(page);
    } finally {
      await context.close();
    }
  }

  describe('a council officer', () => {
    it('sees the triage tasks of the concerns a provider raised, overdue first and undated last', async () => {
      await visit('/queue', { as: 'officer' }, async (page) => {
        const queue = await QueuePage.verifyOnPage(page);
        expect(await queue.tabs()).toEqual(['Overdue (1)', 'Due today (1)', 'Due this week (1)', 'All (4)']);
        expect(await queue.currentTab()).toBe('All (4)');
        expect(await queue.count()).toBe('Showing 1 to 4 of 4 tasks');
        const rows = await queue.rows();
        expect(rows.map((r) => [r.reference, r.href, r.type, r.task])).toEqual(
          [overdue, today, later, undated].map((c) => [
            c.reference,
            `/cases/${c.id}`,
            'Safeguarding concern',
            'Triage decision',
          ]),
        );
        expect(rows[0].due).toMatch(/^Overdue by \d+ working days?$/);
        expect(rows[1].due).toBe('Due today');
        expect(rows[2].due).toMatch(/^Due in \d+ working days$/);
        expect(rows[3].due).toBe('No due date');
        expect(await page.locator('.govuk-tag--red').first().textContent()).toContain('Overdue by');
        expect(
          await page.locator('.govuk-service-navigation a[aria-current="page"]').textContent(),
        ).toContain('Work queue');
      });
    });

    it('sees on each tab as many tasks as its count says', async () => {
      await visit('/queue', { as: 'officer' }, async (page) => {
        let queue = await QueuePage.verifyOnPage(page);
        const shown: Record<string, string[]> = {};
        for (const tab of ['Overdue', 'Due today', 'Due this week', 'All']) {
          queue = await queue.openTab(tab);
          const current = await queue.currentTab();
          const count = Number(/\((\d+)\)$/.exec(current)?.[1]);
          const rows = await queue.rows();
          expect(rows).toHaveLength(count);
          shown[current] = rows.map((r) => r.reference);
        }
        expect(shown).toEqual({
          'Overdue (1)': [overdue.reference],
          'Due today (1)': [today.reference],
          'Due this week (1)': [today.reference],
          'All (4)': [overdue.reference, today.reference, later.reference, undated.reference],
        });
        expect(page.url()).toBe(`${web.baseUrl}/queue`);
      });
    });

    it('reaches a tab with the keyboard alone and opens a case from the queue', async () => {
      await visit('/queue', { as: 'officer' }, async (page) => {
        await QueuePage.verifyOnPage(page);
        let focused = '';
        for (let presses = 0; presses < 40 && !focused.startsWith('Overdue ('); presses += 1) {
          await page.keyboard.press('Tab');
          focused = ((await page.locator(':focus').textContent()) ?? '').trim();
        }
        expect(focused).toBe('Overdue (1)');
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        const queue = await QueuePage.verifyOnPage(page);
        expect(await queue.currentTab()).toBe('Overdue (1)');
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('link', { name: overdue.reference }).click(),
        ]);
        await CasePage.verifyOnPage(page, overdue.reference);
      });
    });

    it.each(Variants)('has no accessibility violations, populated, %s', async (_name, options) => {
      await visit('/queue', { ...options, as: 'officer' }, async (page) => {
        const queue = await QueuePage.verifyOnPage(page);
        expect(await queue.rows()).toHaveLength(4);
        await expectNoA11yViolations(page);
      });
    });

    it('works with JavaScript switched off', async () => {
      await visit('/queue?tab=today', { javaScriptEnabled: false, as: 'officer' }, async (page) => {
        const queue = await QueuePage.verifyOnPage(page);
        expect(await queue.currentTab()).toBe('Due today (1)');
        expect((await queue.rows()).map((r) => r.reference)).toEqual([today.reference]);
      });
    });
  });

  describe('filters and sorting', () => {
    it('filters by risk without its scripts, shows the filter as a tag, and the tag removes it', async () => {
      // Scripts blocked rather than JavaScript off: axe runs in the page.
      await visit('/queue', { blockScripts: true, as: 'officer' }, async (page) => {
        let queue = await QueuePage.verifyOnPage(page);
        queue = await queue.filter({ Risk: 'Immediate risk' });
        expect(page.url()).toBe(`${web.baseUrl}/queue?risk=immediate`);
        expect((await queue.rows()).map((r) => r.reference)).toEqual([today.reference]);
        expect(await queue.tabs()).toEqual(['Overdue (0)', 'Due today (1)', 'Due this week (1)', 'All (1)']);
        expect(await queue.selectedFilters()).toEqual(['Immediate risk']);
        await expectNoA11yViolations(page);
        // The tab keeps the filter; removing the tag keeps the tab.
        queue = await queue.openTab('Overdue');
        expect(await queue.count()).toBe('No tasks match these filters.');
        await Promise.all([page.waitForNavigation(), page.locator('.moj-filter__tag').click()]);
        queue = await QueuePage.verifyOnPage(page);
        expect(page.url()).toBe(`${web.baseUrl}/queue?tab=overdue`);
        expect((await queue.rows()).map((r) => r.reference)).toEqual([overdue.reference]);
      });
    });

    it('sorts on the server by a column heading, and the same heading reverses it', async () => {
      await visit('/queue', { as: 'officer' }, async (page) => {
        const queue = await QueuePage.verifyOnPage(page);
        const sorted = [overdue, today, later, undated].map((c) => c.reference).sort();
        expect(await queue.sortBy('reference')).toBe('ascending');
        expect((await queue.rows()).map((r) => r.reference)).toEqual(sorted);
        expect(await queue.sortBy('reference')).toBe('descending');
        expect((await queue.rows()).map((r) => r.reference)).toEqual([...sorted].reverse());
        expect(page.url()).toBe(`${web.baseUrl}/queue?sort=reference&order=desc`);
      });
    });

    it.each(Variants)('has no accessibility violations with filters applied, %s', async (_name, options) => {
      await visit(
        '/queue?tab=week&risk=immediate&type=concern&sort=task',
        { ...options, as: 'officer' },
        async (page) => {
          const queue = await QueuePage.verifyOnPage(page);
          expect(await queue.selectedFilters()).toEqual(['Safeguarding concern', 'Immediate risk']);
          await expectNoA11yViolations(page);
        },
      );
    });
  });

  describe('a team manager', () => {
    it('sees everyone’s tasks on the team’s cases, a provider’s as well', async () => {
      await visit('/queue?who=team', { as: 'manager' }, async (page) => {
        const queue = await QueuePage.verifyOnPage(page);
        expect(await page.locator('h1').textContent()).toBe('Everyone’s tasks on your cases');
        const tasks = new Set((await queue.rows()).map((r) => r.task));
        expect(tasks).toEqual(new Set(['Triage decision', 'Review the care plan']));
        expect(await page.getByLabel('Everyone’s tasks on your cases').isChecked()).toBe(true);
        await expectNoA11yViolations(page);
      });
    });

    it('assigns a case to the officer from the case page; the officer finds it under "assigned to me"', async () => {
      await visit(`/cases/${overdue.id}`, { as: 'manager' }, async (page) => {
        await CasePage.verifyOnPage(page, overdue.reference);
        expect((await page.locator('[data-qa="assignee"]').textContent())?.trim()).toMatch(/^Nobody/);
        await Promise.all([page.waitForNavigation(), page.locator('[data-qa="change-assignee"]').click()]);
        expect(await page.locator('h1').textContent()).toContain('Who should this case be assigned to?');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
        // Nothing chosen yet is "Nobody" (preselected): saving it changes nothing and returns to the case.
        await CasePage.verifyOnPage(page, overdue.reference);
        await Promise.all([page.waitForNavigation(), page.locator('[data-qa="change-assignee"]').click()]);
        await expectNoA11yViolations(page);
        await page.getByLabel(officerName, { exact: true }).check();
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
        await CasePage.verifyOnPage(page, overdue.reference);
        expect((await page.locator('[data-qa="assignee"]').textContent())?.trim()).toMatch(
          new RegExp(`^${officerName}`),
        );
        expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
          `Assigned to ${officerName}`,
        );
      });
      await visit('/queue?assigned=me', { as: 'officer' }, async (page) => {
        const queue = await QueuePage.verifyOnPage(page);
        expect((await queue.rows()).map((r) => r.reference)).toEqual([overdue.reference]);
        expect(await queue.assignees()).toEqual([officerName]);
        expect(await queue.selectedFilters()).toEqual(['Assigned to me']);
      });
    });
  });

  describe('a provider lead', () => {
    it('sees their own care plan reviews, over two pages, and never the officer’s triage tasks', async () => {
      await visit('/queue', { as: 'sunriseLead' }, async (page) => {
        let queue = await QueuePage.verifyOnPage(page);
        const all = 4 + EXTRA_CARE_PLAN_TASKS;
        expect(await queue.currentTab()).toBe(`All (${all})`);
        expect(await queue.count()).toBe(`Showing 1 to 25 of ${all} tasks`);
        const first = await queue.rows();
        expect(first).toHaveLength(25);
        expect(await page.title()).toBe('Your work queue (page 1 of 2) – Vigil');
        expect(await queue.pageLinks()).toEqual(['1', '2', 'Next page']);
        await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Next page' }).click()]);
        queue = await QueuePage.verifyOnPage(page);
        const second = await queue.rows();
        expect(second).toHaveLength(all - 25);
        expect(new Set([...first, ...second].map((r) => r.task))).toEqual(new Set(['Review the care plan']));
        for (const id of triageTaskIds) expect(await queue.showsTask(id)).toBe(false);
        await expectNoA11yViolations(page);
      });
    });

    it('of another provider has nothing to do, and is told so', async () => {
      await visit('/queue', { as: 'oakwoodLead' }, async (page) => {
        const queue = await QueuePage.verifyOnPage(page);
        expect(await queue.tabs()).toEqual(['Overdue (0)', 'Due today (0)', 'Due this week (0)', 'All (0)']);
        expect(await queue.count()).toBe('You have no open tasks.');
        expect(await queue.rows()).toEqual([]);
        await expectNoA11yViolations(page);
      });
    });
  });
});
