import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

export interface CaseRow {
  reference: string;
  type: string;
  status: string;
  provider: string;
  due: string;
}

/** The signed-in user's cases. */
export class CaseListPage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(page: Page): Promise<CaseListPage> {
    expect(await page.title()).toMatch(/^Cases(: [a-z ]+)? – Vigil$/);
    expect(await page.locator('h1').textContent()).toBe('Cases');
    return new CaseListPage(page);
  }

  async role(): Promise<string> {
    return ((await this.page.locator('[data-qa="signed-in-role"]').textContent()) ?? '')
      .replace('Signed in as ', '')
      .trim();
  }

  async count(): Promise<string> {
    return ((await this.page.locator('[data-qa="case-count"]').textContent()) ?? '').trim();
  }

  async rows(): Promise<CaseRow[]> {
    return this.page.locator('[data-qa="cases"] tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll('th, td')].map((c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        return { reference: cells[0], type: cells[1], status: cells[2], provider: cells[3], due: cells[4] };
      }),
    );
  }

  async open(reference: string): Promise<void> {
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('link', { name: reference }).click(),
    ]);
  }

  /** Signs out; on a narrow screen the navigation is behind its "Menu" button first (GOV.UK pattern). */
  async signOut(): Promise<void> {
    const menu = this.page.getByRole('button', { name: 'Menu' });
    if (await menu.isVisible()) await menu.click();
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
  }
}
