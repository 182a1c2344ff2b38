import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/** The emergency access (break-glass) form. */
export class BreakGlassPage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(page: Page, options: { failed?: boolean } = {}): Promise<BreakGlassPage> {
    expect(await page.title()).toBe(`${options.failed ? 'Error: ' : ''}Request emergency access – Vigil`);
    expect(await page.locator('h1').textContent()).toBe('Request emergency access');
    return new BreakGlassPage(page);
  }

  async open(reason: string): Promise<void> {
    await this.page.getByLabel('Why do you need emergency access to this case?').fill(reason);
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('button', { name: 'Open emergency access' }).click(),
    ]);
  }
}
