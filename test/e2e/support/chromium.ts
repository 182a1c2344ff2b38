import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (never a downloaded one), headless, with the flags this machine needs. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface ContextOptions {
  /** Really off: Playwright cannot evaluate in the page, so axe cannot run either. */
  javaScriptEnabled?: boolean;
  /** The page's own scripts never load (the no-JavaScript state), while axe can still be injected. */
  blockScripts?: boolean;
  width?: number;
  /** Cookies to start with, e.g. a signed-in session saved by `context.storageState()`. */
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
}

export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    timezoneId: 'Europe/London',
    locale: 'en-GB',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
  if (options.blockScripts) await context.route('**/*.js', (route) => route.abort());
  return context;
}
