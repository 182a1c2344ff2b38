import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/** A case's overview: details, tasks, deadlines, the decision form (if allowed) and the timeline. */
export class CasePage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(
    page: Page,
    reference: string,
    options: { failed?: boolean } = {},
  ): Promise<CasePage> {
    expect(await page.title()).toBe(`${options.failed ? 'Error: ' : ''}Case ${reference} – Vigil`);
    expect(await page.locator('h1').textContent()).toBe('Safeguarding concern');
    expect(await page.locator('[data-qa="case-reference"]').textContent()).toBe(reference);
    expect(await page.locator('h1').count()).toBe(1);
    return new CasePage(page);
  }

  async status(): Promise<string> {
    return ((await this.page.locator('[data-qa="case-status"]').textContent()) ?? '').trim();
  }

  async hasDecisionForm(): Promise<boolean> {
    return (await this.page.locator('[data-qa="decision-form"]').count()) === 1;
  }

  async decide(decision: string, rationale: string): Promise<void> {
    if (decision) await this.page.getByLabel(decision).check();
    await this.page.getByLabel('Rationale').fill(rationale);
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('button', { name: 'Record decision' }).click(),
    ]);
  }

  async flash(): Promise<string> {
    return ((await this.page.locator('[data-qa="flash"]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async tasks(): Promise<string[]> {
    return (await this.page.locator('[data-qa="tasks"] li').allTextContents()).map((t) =>
      t.replace(/\s+/g, ' ').trim(),
    );
  }

  /** Timeline entries, newest first: title and the ISO instant of its `<time datetime>`. */
  async timeline(): Promise<{ title: string; datetime: string; when: string; text: string }[]> {
    return this.page.locator('[data-qa="timeline"] .moj-timeline__item').evaluateAll((items) =>
      items.map((i) => ({
        title: (i.querySelector('.moj-timeline__title')?.textContent ?? '').trim(),
        datetime: i.querySelector('time')?.getAttribute('datetime') ?? '',
        when: (i.querySelector('time')?.textContent ?? '').trim(),
        text: (i.querySelector('.moj-timeline__description')?.textContent ?? '').trim(),
      })),
    );
  }

  async subNavigation(): Promise<string[]> {
    return (await this.page.locator('.moj-sub-navigation__link').allTextContents()).map((t) => t.trim());
  }
}
