import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, WEB_URL } from '../../e2e/src/compose.ts';
import { axeViolations, type Browser, launchBrowser } from '../src/browser.ts';

const SCREENSHOT = join(ROOT, 'docs/screenshots/shortly-web.png');
const runId = Date.now().toString(36);
const alias = `web-${runId}`;
const target = `https://example.com/shortly/browser-e2e/${runId}`;

describe('the web app in Chromium, against the Compose stack', () => {
  let browser: Browser;
  let page: Page;
  /** What the page must never log: a CSP refusal or an uncaught error. */
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: WEB_URL });
    page = await browser.context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    // The redirect target stands in for the real site: this machine has no internet.
    await page.route('https://example.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Target</title><p>target reached</p>' }),
    );
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('serves the app under the web service CSP, accessible as it first shows', async () => {
    const response = await page.goto(`${WEB_URL}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1, name: 'Shorten a long link' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the api validation error next to the field, with the keyboard only', async () => {
    // Brand, Shorten, Stats, then the first field.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('url');
    await page.keyboard.type('javascript:alert(1)');
    await page.keyboard.press('Enter');

    const error = page.locator('#url-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('url must use http or https, not javascript');
    const url = page.getByLabel('Long URL');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await url.getAttribute('aria-describedby')).toBe('url-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('url');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shortens a URL and shows the short link, a working copy button and the QR code', async () => {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(target);
    await page.keyboard.press('Tab');
    await page.keyboard.type(alias);
    await page.keyboard.press('Enter');

    const heading = page.getByRole('heading', { name: 'Your short link is ready' });
    await heading.waitFor();
    expect(await heading.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.locator('#url-error').count()).toBe(0);

    const result = page.getByRole('region', { name: 'Your short link is ready' });
    const shortLink = result.getByRole('link', { name: `${WEB_URL}/${alias}` });
    expect(await shortLink.getAttribute('href')).toBe(`${WEB_URL}/${alias}`);

    const qr = result.getByRole('img', { name: `QR code for ${WEB_URL}/${alias}` });
    await page.waitForFunction((img) => (img as HTMLImageElement).complete, await qr.elementHandle());
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    await result.getByRole('button', { name: 'Copy link' }).click();
    await result.getByRole('status').getByText('Copied!').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${WEB_URL}/${alias}`);

    const recent = page.getByRole('region', { name: 'Recent links' });
    await recent.getByText('0 visits').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('follows the short link through the web service to its target', async () => {
    await page
      .getByRole('region', { name: 'Your short link is ready' })
      .getByRole('link', { name: `${WEB_URL}/${alias}` })
      .click();
    await page.waitForURL(target);
    await page.getByText('target reached').waitFor();
  });

  it('counts the visit in the recent list and the stats view', async () => {
    await page.goBack();
    const recent = page.getByRole('region', { name: 'Recent links' });
    await recent.getByText('1 visit', { exact: true }).waitFor();

    await recent.getByRole('link', { name: `Stats of ${alias}` }).click();
    await page.waitForURL(`${WEB_URL}/#/stats/${alias}`);
    await page.getByRole('heading', { name: `Stats for ${alias}` }).waitFor();
    const detail = (term: string) => page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
    await detail('Target').getByText(target).waitFor();
    expect((await detail('Visits').textContent())?.trim()).toBe('1');
    expect(await detail('Last visit').locator('time').count()).toBe(1);
    expect(await detail('Expires').textContent()).toBe('Never');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('stays accessible in dark mode and readable on a phone', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${WEB_URL}/#/`);
    await page.getByRole('heading', { level: 1, name: 'Shorten a long link' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1024, height: 800 });
  });

  it('saves a screenshot for the README', async () => {
    await page.goto(`${WEB_URL}/#/`);
    await page.getByLabel('Long URL').fill('https://example.com/docs/getting-started/install?utm_source=readme');
    await page.getByLabel('Expires').selectOption({ label: 'In 30 days' });
    await page.getByRole('button', { name: 'Shorten' }).click();
    const result = page.getByRole('region', { name: 'Your short link is ready' });
    await result.waitFor();
    await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
    await page.getByRole('region', { name: 'Recent links' }).getByText('1 visit', { exact: true }).waitFor();
    // No hover, caret or focus ring in the picture.
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    mkdirSync(join(ROOT, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('logged no CSP refusal and no uncaught error', () => {
    expect(problems).toEqual([]);
  });
});
