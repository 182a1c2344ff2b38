import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/** A case's audit trail, oldest first, with its CSV download. */
export class AuditTrailPage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(page: Page, reference: string): Promise<AuditTrailPage> {
    expect(await page.title()).toBe(`Audit trail for ${reference} – Vigil`);
    expect(await page.locator('h1').textContent()).toBe('Audit trail');
    expect(await page.locator('[data-qa="case-reference"]').textContent()).toBe(reference);
    return new AuditTrailPage(page);
  }

  async actions(): Promise<string[]> {
    return this.page
      .locator('[data-qa="audit-trail"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => (r.querySelectorAll('td')[1]?.textContent ?? '').trim()));
  }

  async times(): Promise<string[]> {
    return this.page
      .locator('[data-qa="audit-trail"] tbody time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
  }

  async csvHref(): Promise<string> {
    return (await this.page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')) ?? '';
  }
}
