import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

export interface QueueRow {
  reference: string;
  href: string;
  type: string;
  task: string;
  due: string;
}

/** The signed-in user's work queue, on any of its tabs. */
export class QueuePage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(page: Page): Promise<QueuePage> {
    expect(await page.title()).toMatch(
      /^(Your work queue|Everyone’s tasks on your cases)(: [a-z ]+)?( \(page \d+ of \d+\))? – Vigil$/,
    );
    expect(await page.locator('h1').textContent()).toMatch(
      /^(Your work queue|Everyone’s tasks on your cases)$/,
    );
    return new QueuePage(page);
  }

  static async open(page: Page, baseUrl: string, query = ''): Promise<QueuePage> {
    await page.goto(`${baseUrl}/queue${query}`);
    return QueuePage.verifyOnPage(page);
  }

  /** The tabs as they read: "Overdue (1)", "Due today (1)", "Due this week (1)", "All (4)". */
  async tabs(): Promise<string[]> {
    return (
      await this.page.locator('[data-qa="queue-tabs"] .moj-sub-navigation__link').allTextContents()
    ).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async currentTab(): Promise<string> {
    return (
      (await this.page
        .locator('[data-qa="queue-tabs"] .moj-sub-navigation__link[aria-current="page"]')
        .textContent()) ?? ''
    ).trim();
  }

  /** Follows a tab's link (by the start of its text, "Overdue") and checks the queue is shown again. */
  async openTab(name: string): Promise<QueuePage> {
    await Promise.all([
      this.page.waitForNavigation(),
      this.page
        .locator('[data-qa="queue-tabs"] .moj-sub-navigation__link', { hasText: new RegExp(`^${name} \\(`) })
        .click(),
    ]);
    return QueuePage.verifyOnPage(this.page);
  }

  async count(): Promise<string> {
    return ((await this.page.locator('[data-qa="task-count"]').textContent()) ?? '').trim();
  }

  async rows(): Promise<QueueRow[]> {
    return this.page.locator('[data-qa="tasks"] tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll('th, td')].map((c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        // The words only (a tag or plain text), without the date under them.
        const due = r.querySelector('td:last-child .govuk-tag, td:last-child .app-due');
        return {
          reference: cells[0],
          href: r.querySelector('a')?.getAttribute('href') ?? '',
          type: cells[1],
          task: cells[2],
          due: (due?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        };
      }),
    );
  }

  /** Chooses filters in the panel's selects (by label) and applies them. */
  async filter(choices: Record<string, string>): Promise<QueuePage> {
    for (const [label, option] of Object.entries(choices)) {
      await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
    }
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.locator('[data-qa="apply-filters"]').click(),
    ]);
    return QueuePage.verifyOnPage(this.page);
  }

  /** The chosen filters' tags, as they read (each removes its filter). */
  async selectedFilters(): Promise<string[]> {
    return (await this.page.locator('[data-qa="selected-filters"] .moj-filter__tag').allTextContents()).map(
      (t) => t.replace('Remove this filter', '').replace(/\s+/g, ' ').trim(),
    );
  }

  /** Follows a column heading's sort link and returns the column's `aria-sort` afterwards. */
  async sortBy(key: string): Promise<string | null> {
    await Promise.all([this.page.waitForNavigation(), this.page.locator(`[data-qa="sort-${key}"]`).click()]);
    await QueuePage.verifyOnPage(this.page);
    return this.page.locator(`th:has([data-qa="sort-${key}"])`).getAttribute('aria-sort');
  }

  /** The "Assigned to" column, row by row. */
  async assignees(): Promise<string[]> {
    return (await this.page.locator('[data-qa="tasks"] tbody [data-qa="assignee"]').allTextContents()).map(
      (t) => t.trim(),
    );
  }

  /** Whether the row of a given task (by its ID) is on this page. */
  async showsTask(taskId: string): Promise<boolean> {
    return (await this.page.locator(`[data-qa="task-${taskId}"]`).count()) > 0;
  }

  async pageLinks(): Promise<string[]> {
    return (await this.page.locator('.govuk-pagination__link').allTextContents()).map((t) =>
      t.replace(/\s+/g, ' ').trim(),
    );
  }
}
