import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/** A page that is only a heading and a few sentences: error pages and the signed-out confirmation. */
export class MessagePage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(page: Page, heading: string): Promise<MessagePage> {
    expect(await page.title()).toBe(`${heading} – Vigil`);
    expect(await page.locator('h1').textContent()).toBe(heading);
    return new MessagePage(page);
  }

  async body(): Promise<string> {
    return ((await this.page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }
}
