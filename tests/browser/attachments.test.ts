/**
 * A page's Attachments panel in real Chromium against the real server: an author adds two files
 * with "Add files", sees each with its name (a download link to Quire's file store), size,
 * uploader and date, deletes one after confirming; a file over the limit is refused at once in
 * words, without being sent; a reader sees the list change live, with no way to add or delete. An
 * author may delete only their own files, and once an editor approves the page, none.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FileView } from '../../shared/files.js';
import { formatBytes } from '../../shared/files.js';
import { addMember, createPage, createPaper, serverAndBrowser, signUpViaApi, waitForStatus } from '../helpers/browser.js';

const suite = serverAndBrowser();

const NOTES = Buffer.from('Workshop notes: discharge delays, social care capacity, and the winter plan.\n');
const REPORT = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Drops a file of `bytes` zero bytes, made in the page, onto an element. */
async function dropBigFile(page: Page, selector: string, name: string, bytes: number): Promise<void> {
  await page.locator(selector).evaluate(
    (el, { name, bytes }) => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    },
    { name, bytes },
  );
}

describe('the attachments panel', () => {
  it('adds, lists and deletes files; refuses one over the limit before sending; a reader only reads', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Author');
    const rex = await signUpViaApi(suite.browser, suite.server.url, 'Rex Reader');
    const paper = await createPaper(ada);
    await addMember(ada, paper.id, rex, 'reader');
    const page = await createPage(ada, paper.id, 'Discharge');
    const url = `/papers/${paper.id}/pages/${page.id}`;
    const a = ada.page;
    const r = rex.page;
    await a.goto(url);
    await r.goto(url);
    await waitForStatus(a, 'Saved');

    await a.getByRole('button', { name: 'Attachments, 0 files' }).click();
    const panel = a.getByRole('complementary', { name: 'Attachments' });
    await panel.getByText('No files are attached to this page yet.').waitFor();
    await panel.getByRole('button', { name: 'Add files' }).waitFor();
    await panel.getByLabel('Files to attach').setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: NOTES },
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: REPORT },
    ]);
    const rows = panel.getByRole('listitem');
    await a.waitForFunction(() => document.querySelectorAll('.attachment-list li').length === 2);
    await a.getByRole('button', { name: 'Attachments, 2 files' }).waitFor();

    const { files } = await ada.api<{ files: FileView[] }>('GET', `/api/papers/${paper.id}/pages/${page.id}/files`);
    expect(files.map((f) => f.name).sort()).toEqual(['notes.txt', 'report.pdf']);
    for (const file of files) {
      const row = rows.filter({ has: a.getByRole('link', { name: file.name }) });
      expect(await row.getByRole('link', { name: file.name }).getAttribute('href')).toBe(`/api/papers/${paper.id}/files/${file.id}`);
      const text = await row.textContent();
      expect(text).toContain(formatBytes(file.size));
      expect(text).toContain('Uploaded by Ada Author');
      expect(await row.locator('time').getAttribute('datetime')).toBe(file.uploadedAt);
      expect((await row.locator('time').textContent())?.trim()).not.toBe('');
    }
    // The download link fetches the very bytes uploaded.
    const notes = files.find((f) => f.name === 'notes.txt')!;
    const body = await a.evaluate(async (href) => (await fetch(href)).text(), notes.url);
    expect(body).toBe(NOTES.toString());
    // The service worker keeps the list for offline reading, but never a downloaded file.
    const listUrl = `/api/papers/${paper.id}/pages/${page.id}/files`;
    const cached = (url: string) => a.evaluate(async (u) => !!(await (await caches.open('quire-api-v1')).match(new URL(u, location.href).href)), url);
    await expect.poll(async () => {
      await a.evaluate(async (u) => (await fetch(u)).ok, listUrl);
      return cached(listUrl);
    }).toBe(true);
    await a.evaluate(async (href) => (await fetch(href)).text(), notes.url);
    expect(await cached(notes.url)).toBe(false);

    // The reader sees the list, live, with no way to add or delete.
    await r.getByRole('button', { name: 'Attachments, 2 files' }).click();
    const readerPanel = r.getByRole('complementary', { name: 'Attachments' });
    await readerPanel.getByRole('link', { name: 'report.pdf' }).waitFor();
    expect(await readerPanel.getByRole('button', { name: 'Add files' }).count()).toBe(0);
    expect(await readerPanel.getByRole('button', { name: /^Delete/ }).count()).toBe(0);

    // Deleting asks first; "Keep it" keeps it, "Yes, delete" removes it for everyone.
    await panel.getByRole('button', { name: 'Delete notes.txt' }).click();
    await panel.getByRole('button', { name: 'Keep it' }).click();
    await panel.getByRole('button', { name: 'Delete notes.txt' }).click();
    await panel.getByRole('button', { name: 'Yes, delete' }).click();
    await panel.getByRole('status').filter({ hasText: 'Deleted notes.txt.' }).waitFor();
    expect(await panel.getByRole('link', { name: 'notes.txt' }).count()).toBe(0);
    await readerPanel.getByRole('link', { name: 'notes.txt' }).waitFor({ state: 'detached' });
    await r.getByRole('button', { name: 'Attachments, 1 file' }).waitFor();

    // A file over the limit is refused at once, in words, and never sent.
    const uploads: string[] = [];
    a.on('request', (req) => {
      if (req.method() === 'POST' && req.url().includes('/files')) uploads.push(req.url());
    });
    await dropBigFile(a, '.attachments-panel', 'scans.pdf', 40 * 1024 * 1024);
    await panel.getByRole('alert').filter({ hasText: 'scans.pdf was not added: That file is 40 MB. Files can be at most 25 MB.' }).waitFor();
    expect(uploads).toEqual([]);
    expect(await panel.getByRole('link').count()).toBe(1);

    // Another capability's panel takes the place of this one: each button says whether its panel is shown.
    const attachmentsButton = a.getByRole('button', { name: 'Attachments, 1 file' });
    const historyButton = a.getByRole('button', { name: 'History', exact: true });
    expect(await attachmentsButton.getAttribute('aria-expanded')).toBe('true');
    await historyButton.click();
    await a.getByRole('complementary', { name: 'Version history' }).waitFor();
    expect(await attachmentsButton.getAttribute('aria-expanded')).toBe('false');
    expect(await historyButton.getAttribute('aria-expanded')).toBe('true');
    await a.getByRole('button', { name: /^Comments/ }).click();
    await a.getByRole('complementary', { name: 'Comments' }).waitFor();
    expect(await historyButton.getAttribute('aria-expanded')).toBe('false');
    await attachmentsButton.click();
    await panel.waitFor();
    expect(await a.getByRole('button', { name: /^Comments/ }).getAttribute('aria-expanded')).toBe('false');

    await ada.context.close();
    await rex.context.close();
  });

  it('lets an author delete only their own files, and takes every file control away once the page is approved', async () => {
    const edith = await signUpViaApi(suite.browser, suite.server.url, 'Edith Editor');
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Author');
    const paper = await createPaper(edith);
    await addMember(edith, paper.id, ada, 'author');
    const page = await createPage(edith, paper.id, 'Workforce');
    const res = await edith.context.request.post(`${suite.server.url}/api/papers/${paper.id}/pages/${page.id}/files?purpose=attachment&name=plan.txt`, {
      data: Buffer.from('The editor’s plan.\n'),
      headers: { origin: suite.server.url, 'content-type': 'application/octet-stream' },
    });
    expect(res.status()).toBe(201);

    const a = ada.page;
    await a.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(a, 'Saved');
    await a.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Insert image' }).waitFor();
    await a.getByRole('button', { name: 'Attachments, 1 file' }).click();
    const panel = a.getByRole('complementary', { name: 'Attachments' });
    await panel.getByRole('link', { name: 'plan.txt' }).waitFor();
    await panel.getByLabel('Files to attach').setInputFiles({ name: 'mine.txt', mimeType: 'text/plain', buffer: Buffer.from('Ada’s notes.\n') });
    await panel.getByRole('link', { name: 'mine.txt' }).waitFor();
    await panel.getByRole('button', { name: 'Delete mine.txt' }).waitFor();
    expect(await panel.getByRole('button', { name: 'Delete plan.txt' }).count()).toBe(0);

    // The editor approves the page: the author's controls go, live, and the list stays.
    await edith.api('POST', `/api/papers/${paper.id}/pages/${page.id}/status`, { status: 'approved' });
    await panel.getByRole('button', { name: 'Add files' }).waitFor({ state: 'hidden' });
    expect(await panel.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    expect(await panel.getByRole('link').count()).toBe(2);
    await a.getByRole('toolbar', { name: 'Formatting' }).waitFor({ state: 'detached' });

    await edith.context.close();
    await ada.context.close();
  });
});
