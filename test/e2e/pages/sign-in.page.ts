import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

/** The sign-in page, empty or after a failed attempt. */
export class SignInPage {
  private constructor(readonly page: Page) {}

  static async verifyOnPage(page: Page, options: { failed?: boolean } = {}): Promise<SignInPage> {
    expect(await page.title()).toBe(`${options.failed ? 'Error: ' : ''}Sign in – Vigil`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    expect(await page.locator('.govuk-error-summary').count()).toBe(options.failed ? 1 : 0);
    return new SignInPage(page);
  }

  static async open(page: Page, baseUrl: string): Promise<SignInPage> {
    await page.goto(`${baseUrl}/sign-in`);
    return SignInPage.verifyOnPage(page);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await Promise.all([
      this.page.waitForNavigation(),
      this.page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
  }

  async errorMessages(): Promise<string[]> {
    return (await this.page.locator('.govuk-error-summary__list a').allTextContents()).map((t) => t.trim());
  }
}
