/**
 * Pictures in a page, in real Chromium against the real server: a picture pasted from the
 * clipboard asks for its description (refusing an empty one), is uploaded and placed, loads from
 * Quire's file store, and appears live for a reader, who gets no picture controls; pasted HTML
 * with another site's picture keeps its text and says the picture was left out; text copied with a
 * picture of itself (as from a spreadsheet) is pasted as text. A picture picked with "Insert
 * image" is resized from the keyboard and keeps its width after a reload, and a picture without a
 * description says so until one is given, with no Content Security Policy violation on the way.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FileView } from '../../shared/files.js';
import { watchContext } from '../helpers/pageWatch.js';
import { addMember, createPage, createPaper, editorOf, editorText, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';

const suite = serverAndBrowser();

/** A real 40×20 PNG (a blue rectangle), made for these tests. */
const CHART_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR42mOQCzgxIIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAN3jyO4RqX3uAAAAAElFTkSuQmCC', 'base64');

/** Pastes a file into the editor as a clipboard event carrying it in a DataTransfer, as a screenshot paste does. */
async function pasteFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  await editorOf(page).evaluate(
    (el, { base64, name, type }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const clipboardData = new DataTransfer();
      clipboardData.items.add(new File([bytes], name, { type }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    },
    { base64: bytes.toString('base64'), name, type },
  );
}

/** Pastes HTML into the editor, as copying from another site does. */
async function pasteHtml(page: Page, html: string): Promise<void> {
  await editorOf(page).evaluate((el, html) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/html', html);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, html);
}

/** Pastes text with a picture of it beside, as copying cells from Excel or Word does. */
async function pasteTextWithPicture(page: Page, text: string, bytes: Buffer): Promise<void> {
  await editorOf(page).evaluate(
    (el, { text, base64 }) => {
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', text);
      clipboardData.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    },
    { text, base64: bytes.toString('base64') },
  );
}

/** Waits until the named picture in the editor has loaded its bytes, and returns its natural width. */
async function loadedWidth(page: Page, name: string): Promise<number> {
  const img = editorOf(page).getByRole('img', { name });
  await img.waitFor();
  await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle(), { timeout: 15_000 });
  return img.evaluate((el) => (el as HTMLImageElement).naturalWidth);
}

describe('pictures in a page', () => {
  it('pastes a picture with a required description, and a reader sees it live with no controls', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const rex = await signUpViaApi(suite.browser, suite.server.url, 'Rex Reader');
    const paper = await createPaper(ada);
    await addMember(ada, paper.id, rex, 'reader');
    const page = await createPage(ada, paper.id, 'Bed occupancy');
    const url = `/papers/${paper.id}/pages/${page.id}`;
    const a = ada.page;
    const r = rex.page;
    await a.goto(url);
    await r.goto(url);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Occupancy by region');

    await pasteFile(a, CHART_PNG, 'chart.png', 'image/png');
    const dialog = a.getByRole('dialog', { name: 'Insert a picture' });
    await dialog.waitFor();
    // The description is required: an empty one is refused with a sentence, and nothing is placed.
    await dialog.getByRole('button', { name: 'Insert picture' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Describe the picture before inserting it' }).waitFor();
    expect(await editorOf(a).getByRole('img').count()).toBe(0);

    const description = 'Bar chart: occupancy above 95% in four of seven regions';
    await dialog.getByLabel('Description (alt text)').fill(description);
    await dialog.getByRole('button', { name: 'Insert picture' }).click();
    await dialog.waitFor({ state: 'detached' });
    // It loaded from Quire's own file store.
    expect(await loadedWidth(a, description)).toBe(40);
    const src = await editorOf(a).getByRole('img', { name: description }).getAttribute('src');
    expect(src).toMatch(new RegExp(`^/api/papers/${paper.id}/files/[A-Za-z0-9_-]+$`));
    expect(await editorText(a)).toContain('Occupancy by region');
    await waitForStatus(a, 'Saved');

    // The reader sees the same picture, live, and no way to change or add pictures.
    expect(await loadedWidth(r, description)).toBe(40);
    expect(await editorOf(r).getByRole('img', { name: description }).getAttribute('src')).toBe(src);
    expect(await r.getByRole('button', { name: 'Narrower' }).count()).toBe(0);
    expect(await r.getByRole('button', { name: 'Edit description' }).count()).toBe(0);
    expect(await r.getByRole('button', { name: 'Insert image' }).count()).toBe(0);
    expect(await r.locator('.image-resize-handle').count()).toBe(0);

    // Another site's picture in pasted HTML is left out, its text kept, and the person is told.
    await editorOf(a).getByText('Occupancy by region').click();
    await a.keyboard.press('End');
    await pasteHtml(a, '<p>Source: NHS England</p><img src="https://tracker.example/chart.png" alt="Their chart">');
    await a.getByText('1 picture from another site was not pasted; upload it instead.').waitFor();
    await editorOf(a).getByText('Source: NHS England').waitFor();
    expect(await editorOf(a).getByRole('img').count()).toBe(1);

    // Cells copied from a spreadsheet come with a picture of themselves: the text is what is pasted.
    await pasteTextWithPicture(a, 'North 97% South 93%', CHART_PNG);
    await editorOf(a).getByText('North 97% South 93%').waitFor();
    expect(await a.getByRole('dialog').count()).toBe(0);
    expect(await editorOf(a).getByRole('img').count()).toBe(1);

    await ada.context.close();
    await rex.context.close();
  });

  it('inserts a picture from the toolbar, resizes it from the keyboard and keeps the width after a reload', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    // Widths are set through CSSOM and the dialog's preview is a blob: address: neither may trip the policy.
    const watch = await watchContext(ada.context);
    const paper = await createPaper(ada);
    const page = await createPage(ada, paper.id, 'Workforce');
    const a = ada.page;
    await a.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Staff in post');

    await a.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Insert image' }).waitFor();
    await a.getByLabel('Picture to insert').setInputFiles({ name: 'staff.png', mimeType: 'image/png', buffer: CHART_PNG });
    const dialog = a.getByRole('dialog', { name: 'Insert a picture' });
    await dialog.getByLabel('Description (alt text)').fill('Staff in post by year, rising steadily');
    await dialog.getByRole('button', { name: 'Insert picture' }).click();
    await dialog.waitFor({ state: 'detached' });
    const img = editorOf(a).getByRole('img', { name: 'Staff in post by year, rising steadily' });
    await img.waitFor();
    expect(await img.getAttribute('width')).toBeNull();

    // The new picture is selected: its toolbar shows, and Alt+Shift+Right widens it a step at a time
    // (from its natural size, under the narrowest step, to 20%, 30%, 40% of the column).
    await a.getByRole('group', { name: 'Picture' }).getByRole('button', { name: 'Wider' }).waitFor();
    for (const width of ['20%', '30%', '40%']) {
      await a.keyboard.press('Alt+Shift+ArrowRight');
      await a.waitForFunction(([el, w]) => (el as HTMLImageElement).getAttribute('width') === w, [await img.elementHandle(), width] as const);
    }
    await a.keyboard.press('Alt+Shift+ArrowLeft');
    await a.waitForFunction((el) => (el as HTMLImageElement).getAttribute('width') === '30%', await img.elementHandle());
    // The picture really is drawn at that share of the column.
    const ratio = await img.evaluate((el) => el.getBoundingClientRect().width / (el.closest('.image-block') as HTMLElement).clientWidth);
    expect(ratio).toBeGreaterThan(0.28);
    expect(ratio).toBeLessThan(0.32);
    await waitForStatus(a, 'Saved');

    await a.reload();
    await waitForStatus(a, 'Saved');
    const again = editorOf(a).getByRole('img', { name: 'Staff in post by year, rising steadily' });
    await again.waitFor();
    expect(await again.getAttribute('width')).toBe('30%');

    // A picture that arrives without a description (pasted from another Quire page, imported) says
    // so to writers until one is given.
    const res = await ada.context.request.post(`${suite.server.url}/api/papers/${paper.id}/pages/${page.id}/files?purpose=image&name=plain.png`, {
      data: CHART_PNG,
      headers: { origin: suite.server.url, 'content-type': 'application/octet-stream' },
    });
    const { file } = (await res.json()) as { file: FileView };
    await editorOf(a).getByText('Staff in post').click();
    await a.keyboard.press('End');
    await pasteHtml(a, `<img src="${file.url}">`);
    const note = editorOf(a).getByText('This picture has no description yet: select it and choose Edit description.');
    await note.waitFor();
    await editorOf(a).locator(`img[src="${file.url}"]`).click();
    await a.getByRole('group', { name: 'Picture' }).getByRole('button', { name: 'Edit description' }).click();
    const edit = a.getByRole('dialog', { name: 'Edit the picture’s description' });
    await edit.getByLabel('Description (alt text)').fill('Vacancies by staff group');
    await edit.getByRole('button', { name: 'Save description' }).click();
    await editorOf(a).getByRole('img', { name: 'Vacancies by staff group' }).waitFor();
    await note.waitFor({ state: 'detached' });
    expect(watch.violations).toEqual([]);

    await ada.context.close();
  });
});
