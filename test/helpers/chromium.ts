/**
 * Headless Chromium for the report tests: Debian's `chromium` (/usr/bin/chromium, installed by .ci/run), driven by
 * puppeteer-core (which never downloads a browser), with a fresh profile and no background network. Every request
 * the page makes besides its own file is blocked and recorded, and console errors are collected.
 * When chromium is missing the suite says so loudly and skips, except under CI=true, where that is a failure.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CDK_MLOPS_CHROMIUM ?? '/usr/bin/chromium';

export function haveChromium(): boolean {
  const ok = fs.existsSync(CHROMIUM);
  if (!ok) {
    if (process.env.CI === 'true') {
      throw new Error(`${CHROMIUM} is missing, and CI=true requires it (apt-get install -y chromium; .ci/run does).`);
    }
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED: ${CHROMIUM} is not installed, so the report browser tests did NOT run (apt-get install -y chromium).`);
  }
  return ok;
}

export interface OpenedPage {
  readonly page: Page;
  /** URLs the page asked for besides its own file (all blocked). */
  readonly requests: string[];
  /** Console messages of type error, and uncaught page errors. */
  readonly errors: string[];
}

export interface ChromiumSession {
  open(file: string, width?: number): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<ChromiumSession> {
  const puppeteer = await import('puppeteer-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const browser: Browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`],
  });
  return {
    async open(file, width = 1100) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900 });
      const own = pathToFileURL(path.resolve(file)).href;
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setRequestInterception(true);
      page.on('request', (r) => {
        if (r.url() === own) return void r.continue();
        requests.push(r.url());
        void r.abort();
      });
      await page.goto(own, { waitUntil: 'load' });
      return { page, requests, errors };
    },
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
