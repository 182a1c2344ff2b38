import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/** One page of a "raise a case" flow: one question, then Continue. */
export class QuestionPage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(
    page: Page,
    question: string,
    options: { failed?: boolean } = {},
  ): Promise<QuestionPage> {
    expect(await page.title()).toMatch(new RegExp(`^${options.failed ? 'Error: ' : ''}.+ – Vigil$`));
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe(question);
    expect(await page.locator('h1').count()).toBe(1);
    return new QuestionPage(page);
  }

  async choose(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  async fill(label: string, text: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(text);
  }

  async errorMessages(): Promise<string[]> {
    return (await this.page.locator('.govuk-error-summary__list a').allTextContents()).map((t) => t.trim());
  }

  async continue(): Promise<void> {
    await Promise.all([this.page.waitForNavigation(), this.page.locator('[data-qa="continue"]').click()]);
  }
}

/** The start page, "Check your answers" and the confirmation of a "raise a case" flow. */
export class RaiseFlowPages {
  constructor(readonly page: Page) {}

  async startNow(): Promise<void> {
    await Promise.all([this.page.waitForNavigation(), this.page.locator('[data-qa="start-now"]').click()]);
  }

  /** "Check your answers" as "<question>: <answer>" rows. */
  async answers(): Promise<string[]> {
    expect(((await this.page.locator('h1').textContent()) ?? '').trim()).toBe('Check your answers');
    return this.page
      .locator('[data-qa="answers"] .govuk-summary-list__row')
      .evaluateAll((rows) =>
        rows.map(
          (r) =>
            `${(r.querySelector('.govuk-summary-list__key')?.textContent ?? '').trim()}: ${(
              r.querySelector('.govuk-summary-list__value')?.textContent ?? ''
            ).trim()}`,
        ),
      );
  }

  async change(key: string): Promise<void> {
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('link', { name: `Change ${key.toLowerCase()}` }).click(),
    ]);
  }

  async send(): Promise<void> {
    await Promise.all([this.page.waitForNavigation(), this.page.locator('[data-qa="send"]').click()]);
  }

  /** The confirmation panel's reference. */
  async reference(): Promise<string> {
    return ((await this.page.locator('[data-qa="reference"]').textContent()) ?? '').trim();
  }
}
