/**
 * Export in the browser. An editor exports the whole paper as HTML from the overview: the progress
 * bar finishes, the file downloads by itself (read back through Playwright's download API: the
 * typed text under its numbered heading, well-formed) and a download link stays. From a page's
 * tools the editor exports that chapter as Markdown. When the confidentiality check has a finding
 * nobody acknowledged, the form says so with a way to the check, and nothing downloads.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPage, createPaper, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';
import { xmlProblems } from '../helpers/xmlWellFormed.js';

const suite = serverAndBrowser();

/** Clicks Start export in `region` and returns the text of the file that downloads by itself. */
async function startAndDownload(page: Page, region: ReturnType<Page['getByRole']>): Promise<{ name: string; text: string }> {
  const downloading = page.waitForEvent('download');
  await region.getByRole('button', { name: 'Start export' }).click();
  const download = await downloading;
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
}

describe('export in the browser', () => {
  it('exports the paper as HTML with progress and a download, and one chapter as Markdown from its page', async () => {
    const edith = await signUpViaApi(suite.browser, suite.server.url, 'Edith Editor');
    edith.context.setDefaultTimeout(15_000);
    const paper = await createPaper(edith, 'Integrated care briefing');
    const intro = await createPage(edith, paper.id, 'Introduction');
    const findings = await createPage(edith, paper.id, 'Findings');
    const e = edith.page;

    await e.goto(`/papers/${paper.id}/pages/${intro.id}`);
    await waitForStatus(e, 'Saved');
    await typeAtEnd(e, 'Pool the budgets <now> & then.');
    await waitForStatus(e, 'Saved');
    await e.goto(`/papers/${paper.id}/pages/${findings.id}`);
    await waitForStatus(e, 'Saved');
    await typeAtEnd(e, 'Delays fell by a third.');
    await waitForStatus(e, 'Saved');

    // The whole paper as HTML from the overview.
    await e.goto(`/papers/${paper.id}`);
    const region = e.getByRole('region', { name: 'Export', exact: true });
    await region.getByRole('radio', { name: 'Web page (HTML)' }).check();
    expect(await region.getByRole('radio', { name: 'Whole paper' }).isChecked()).toBe(true);
    const html = await startAndDownload(e, region);
    expect(html.name).toBe('integrated-care-briefing.html');
    expect(xmlProblems(html.text)).toEqual([]);
    expect(html.text).toContain('<h1 id="s-1">1 Introduction</h1><p>Pool the budgets &lt;now&gt; &amp; then.</p>');
    expect(html.text).toContain('<h1 id="s-2">2 Findings</h1><p>Delays fell by a third.</p>');
    expect(html.text).toContain('<dd>Edith Editor</dd>');
    // Progress finished, said in words, and the link stays for another copy.
    await region.getByRole('status').getByText('Export finished.').waitFor();
    const bar = region.getByRole('progressbar', { name: 'Export progress' });
    expect(await bar.evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([2, 2]);
    await region.getByRole('link', { name: 'Download integrated-care-briefing.html' }).waitFor();

    // One chapter as Markdown from its page's tools.
    await e.goto(`/papers/${paper.id}/pages/${findings.id}`);
    await waitForStatus(e, 'Saved');
    await e.getByRole('button', { name: 'Export this chapter' }).click();
    const panel = e.getByRole('region', { name: 'Export this chapter' });
    expect(await panel.getByRole('radio', { name: 'This chapter: 2 Findings' }).isChecked()).toBe(true);
    await panel.getByRole('radio', { name: 'Markdown' }).check();
    const md = await startAndDownload(e, panel);
    expect(md.name).toBe('integrated-care-briefing-chapter-2.md');
    expect(md.text).toContain('# 2 Findings\n\nDelays fell by a third.');
    expect(md.text).not.toContain('Pool the budgets');
  });

  it('shows the confidentiality check’s refusal with a way to the check, and downloads nothing', async () => {
    const edith = await signUpViaApi(suite.browser, suite.server.url, 'Edith Editor');
    edith.context.setDefaultTimeout(15_000);
    const paper = await createPaper(edith, 'Ward discharge briefing');
    const page = await createPage(edith, paper.id, 'Cases');
    const e = edith.page;
    await e.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(e, 'Saved');
    await typeAtEnd(e, 'Write to ward7@example.org for details.');
    await waitForStatus(e, 'Saved');

    await e.goto(`/papers/${paper.id}`);
    const region = e.getByRole('region', { name: 'Export', exact: true });
    let downloads = 0;
    e.on('download', () => downloads++);
    await region.getByRole('button', { name: 'Start export' }).click();
    const alert = region.getByRole('alert');
    await alert.getByText('The confidentiality check found 1 thing that may identify patients', { exact: false }).waitFor();
    await alert.getByRole('button', { name: 'Go to the confidentiality check' }).click();
    await expect.poll(() => e.evaluate(() => document.activeElement?.closest('#confidentiality-check') !== null)).toBe(true);
    expect(downloads).toBe(0);
  });
});
