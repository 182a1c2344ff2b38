import AxeBuilder from '@axe-core/playwright';
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

// Launching needs no jest: chromium.ts is shared with the OIDC check, which runs in plain Node.
export * from './chromium';

/**
 * The one known exception, as narrow as it can be: GOV.UK Frontend's conditional reveal sets
 * `aria-expanded` on a radio that reveals more questions. axe reports it under `aria-allowed-attr`; GOV.UK
 * keeps it on purpose because screen readers announce it (alphagov/govuk-frontend#979, a documented known
 * issue). Only that attribute, on such a radio, is let through; the rule stays on for everything else.
 */
const isGovukConditionalRadio = (id: string, html: string): boolean =>
  id === 'aria-allowed-attr' &&
  /^<input[^>]*type="radio"/.test(html) &&
  /aria-controls="conditional-/.test(html) &&
  /aria-expanded="(true|false)"/.test(html);

/** axe with WCAG 2.0/2.1/2.2 A and AA rules; any violation fails the test with its rule IDs and targets. */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = results.violations
    .map((v) => ({ id: v.id, nodes: v.nodes.filter((n) => !isGovukConditionalRadio(v.id, n.html)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations).toEqual([]);
}
