/**
 * What an automated accessibility check (axe-core, WCAG 2.1 A and AA rules) finds on Quire's
 * screens in real Chromium: the papers list, a page with its formatting toolbar, the picture dialog
 * and a selected picture with its controls, each side panel
 * (attachments with a file in it, history, comments, export), the search dialog with a result, the
 * import preview, the dashboard, the audit trail and the account screen. Automated rules catch only
 * part of what matters (names, roles, ARIA use, contrast, labels); the other browser tests find
 * every control by role and accessible name, which covers more of the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPage, createPaper, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';
import { ROOT } from '../helpers/server.js';
import { pngBytes } from '../fixtures/files/samples.js';

const suite = serverAndBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The WCAG 2.1 A/AA violations axe finds on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations;
  });
  return found.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

describe('accessibility', () => {
  it('finds no WCAG 2.1 A or AA violations on the main screens, panels and dialogs', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Author');
    const paper = await createPaper(ada, 'Falls prevention');
    const page = await createPage(ada, paper.id, 'Evidence');
    const p = ada.page;
    const found: Record<string, string[]> = {};
    const check = async (screen: string) => {
      found[screen] = await violations(p);
    };

    await p.goto('/');
    await p.getByRole('link', { name: 'Falls prevention' }).waitFor();
    await check('papers list');

    await p.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(p, 'Saved');
    await typeAtEnd(p, 'Kingfisher numbers rose after the scheme.');
    await waitForStatus(p, 'Saved');
    await check('page');

    // A picture: the insert dialog, then the picture selected with its own controls.
    await p.getByLabel('Picture to insert').setInputFiles({ name: 'chart.png', mimeType: 'image/png', buffer: pngBytes(40, 20) });
    const pictureDialog = p.getByRole('dialog', { name: 'Insert a picture' });
    await pictureDialog.getByLabel('Description (alt text)').fill('Falls per month, falling after the scheme');
    await check('picture dialog');
    await pictureDialog.getByRole('button', { name: 'Insert picture' }).click();
    await pictureDialog.waitFor({ state: 'detached' });
    await p.getByRole('group', { name: 'Picture' }).getByRole('button', { name: 'Wider' }).waitFor();
    await check('selected picture');

    await ada.api('POST', `/api/papers/${paper.id}/pages/${page.id}/files?purpose=attachment&name=notes.txt`, 'Notes from the workshop.\n');
    await p.getByRole('button', { name: /^Attachments/ }).click();
    await p.getByRole('complementary', { name: 'Attachments' }).getByRole('link', { name: 'notes.txt' }).waitFor();
    await check('attachments panel');
    await p.getByRole('button', { name: 'History', exact: true }).click();
    await p.getByRole('complementary', { name: 'Version history' }).waitFor();
    await check('history panel');
    await p.getByRole('button', { name: /^Comments/ }).click();
    await p.getByRole('complementary', { name: 'Comments' }).getByRole('combobox').first().waitFor();
    await check('comments panel');
    await p.getByRole('button', { name: 'Export this chapter' }).click();
    await p.getByRole('complementary', { name: 'Export' }).waitFor();
    await check('export panel');

    await p.getByRole('button', { name: 'Search', exact: true }).click();
    const search = p.getByRole('dialog', { name: 'Search' });
    await search.getByRole('searchbox', { name: 'Search for' }).fill('kingf');
    await search.getByRole('status').filter({ hasText: '1 result' }).waitFor({ timeout: 20_000 });
    await check('search dialog');
    await p.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });

    await p.getByRole('button', { name: 'Import…' }).click();
    const importDialog = p.getByRole('dialog');
    await importDialog.locator('input[type=file]').setInputFiles(join(ROOT, 'tests/fixtures/import/sample.md'));
    await importDialog.getByRole('heading', { name: 'Could not be kept' }).waitFor();
    await check('import preview');
    await p.keyboard.press('Escape');

    await p.goto(`/papers/${paper.id}/dashboard`);
    await p.getByRole('table').waitFor();
    await check('dashboard');
    await p.goto(`/papers/${paper.id}/audit`);
    await p.getByRole('table').waitFor();
    await check('audit trail');
    await p.goto('/account');
    await p.getByRole('heading', { name: /account/i }).first().waitFor();
    await check('account');

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((screen) => [screen, []])));
    expect(Object.keys(found)).toHaveLength(13);
    await ada.context.close();
  }, 120_000);
});
