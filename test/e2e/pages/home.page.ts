import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/** The start page. */
export class HomePage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(page: Page): Promise<HomePage> {
    expect(await page.title()).toBe('Safeguarding case tracking – Vigil');
    expect(await page.locator('h1').textContent()).toBe('Safeguarding case tracking');
    return new HomePage(page);
  }
}
