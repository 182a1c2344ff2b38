import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/**
 * A case overview whose steps are a GOV.UK task list (a Section 42 enquiry, an allegation): its steps,
 * details, deadlines, timeline. `heading` is the case type's name.
 */
export class EnquiryPage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(
    page: Page,
    reference: string,
    heading = 'Section 42 enquiry',
  ): Promise<EnquiryPage> {
    expect(await page.title()).toBe(`Case ${reference} – Vigil`);
    expect(await page.locator('h1').textContent()).toBe(heading);
    expect(await page.locator('[data-qa="case-reference"]').textContent()).toBe(reference);
    return new EnquiryPage(page);
  }

  async status(): Promise<string> {
    return ((await this.page.locator('[data-qa="case-status"]').textContent()) ?? '').trim();
  }

  /** Each step as "<name>: <status>", in the task list's order. */
  async steps(): Promise<string[]> {
    return this.page.locator('.govuk-task-list__item').evaluateAll((items) =>
      items.map((i) => {
        const name = (
          i.querySelector('.govuk-task-list__name-and-hint a, .govuk-task-list__name-and-hint div')
            ?.textContent ?? ''
        )
          .replace(/\s+/g, ' ')
          .trim();
        const status = (i.querySelector('.govuk-task-list__status')?.textContent ?? '')
          .replace(/\s+/g, ' ')
          .trim();
        return `${name}: ${status}`;
      }),
    );
  }

  /** Each step's hint (who does it, when it is due), in the task list's order; '' where there is none. */
  async hints(): Promise<string[]> {
    return this.page
      .locator('.govuk-task-list__item')
      .evaluateAll((items) =>
        items.map((i) =>
          (i.querySelector('.govuk-task-list__hint')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      );
  }

  async flash(): Promise<string> {
    return ((await this.page.locator('[data-qa="flash"]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The warning banner (an allegation's "Suspension in place since …"), or null. */
  async suspension(): Promise<string | null> {
    const banner = this.page.locator('[data-qa="suspension"]');
    return (await banner.count()) ? ((await banner.textContent()) ?? '').replace(/\s+/g, ' ').trim() : null;
  }

  async openStep(name: string): Promise<void> {
    await Promise.all([this.page.waitForNavigation(), this.page.getByRole('link', { name }).click()]);
  }

  async hasStepLink(name: string): Promise<boolean> {
    return (await this.page.getByRole('link', { name }).count()) > 0;
  }
}

/** One step's form: one question per page. */
export class TaskFormPage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(
    page: Page,
    question: string,
    options: { failed?: boolean } = {},
  ): Promise<TaskFormPage> {
    expect(await page.title()).toMatch(
      new RegExp(`^${options.failed ? 'Error: ' : ''}.+ – VIG-\\d{4}-\\d{6} – Vigil$`),
    );
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe(question);
    expect(await page.locator('h1').count()).toBe(1);
    return new TaskFormPage(page);
  }

  async choose(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  async fill(label: string, text: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(text);
  }

  async date(name: string, isoDate: string): Promise<void> {
    const [y, m, d] = isoDate.split('-');
    await this.page.locator(`#${name}-day`).fill(String(Number(d)));
    await this.page.locator(`#${name}-month`).fill(String(Number(m)));
    await this.page.locator(`#${name}-year`).fill(y);
  }

  async context(): Promise<string[]> {
    return (
      await this.page.locator('[data-qa="task-context"] .govuk-summary-list__value').allTextContents()
    ).map((t) => t.trim());
  }

  async errorMessages(): Promise<string[]> {
    return (await this.page.locator('.govuk-error-summary__list a').allTextContents()).map((t) => t.trim());
  }

  async submit(): Promise<void> {
    await Promise.all([
      this.page.waitForNavigation(),
      this.page
        .locator('[data-qa="task-form"] button[type="submit"], [data-qa="task-form"] .govuk-button')
        .first()
        .click(),
    ]);
  }
}
