/**
 * Dropping files on the text, and what happens when an upload fails or is cancelled, in real
 * Chromium against the real server: a PNG dropped after a paragraph is placed there once described;
 * a PDF becomes an attachment linked where it fell; a GIF too, with a word on why it is not placed;
 * a "picture" the server refuses keeps the dialog open with the description and "Try again"; a
 * cancelled upload says so and a retry sends it; the picture's description can be edited and it can
 * be resized by dragging its handle.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FileView } from '../../shared/files.js';
import { createPage, createPaper, editorOf, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';

const suite = serverAndBrowser();

/** A real 40×20 PNG (a blue rectangle), made for these tests. */
const CHART_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR42mOQCzgxIIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAN3jyO4RqX3uAAAAAElFTkSuQmCC', 'base64');
/** A real 1×1 GIF. */
const DOT_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const REPORT_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Drops a file on the right end of the editor's paragraph that has `text`, as dragging it from the desktop does. */
async function dropFileAfter(page: Page, text: string, file: { bytes: Buffer; name: string; type: string }): Promise<void> {
  const box = (await editorOf(page).getByText(text, { exact: true }).boundingBox())!;
  await editorOf(page).evaluate(
    (el, { base64, name, type, x, y }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([bytes], name, { type }));
      const at = { clientX: x, clientY: y, bubbles: true, cancelable: true, dataTransfer };
      el.dispatchEvent(new DragEvent('dragover', at));
      el.dispatchEvent(new DragEvent('drop', at));
    },
    { base64: file.bytes.toString('base64'), name: file.name, type: file.type, x: box.x + box.width - 1, y: box.y + box.height / 2 },
  );
}

/** The editor's blocks in order, as "p:text" or "img:alt". */
async function blocks(page: Page): Promise<string[]> {
  return editorOf(page).evaluate((el) =>
    [...el.children].map((child) => {
      const img = child.querySelector('img');
      return img ? `img:${img.alt}` : `${child.tagName.toLowerCase()}:${child.textContent ?? ''}`;
    }),
  );
}

describe('dropping files on the text', () => {
  it('places a dropped picture where it fell, and links other files as attachments', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const paper = await createPaper(ada);
    const page = await createPage(ada, paper.id, 'Capacity');
    const a = ada.page;
    await a.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'First finding');
    await a.keyboard.press('Enter');
    await a.keyboard.type('Second finding');

    await dropFileAfter(a, 'First finding', { bytes: CHART_PNG, name: 'beds.png', type: 'image/png' });
    const dialog = a.getByRole('dialog', { name: 'Insert a picture' });
    await dialog.getByLabel('Description (alt text)').fill('Beds open by month');
    await dialog.getByRole('button', { name: 'Insert picture' }).click();
    await editorOf(a).getByRole('img', { name: 'Beds open by month' }).waitFor();
    expect(await blocks(a)).toEqual(['p:First finding', 'img:Beds open by month', 'p:Second finding']);

    // A PDF is not a picture: it becomes an attachment, linked where it was dropped.
    await dropFileAfter(a, 'Second finding', { bytes: REPORT_PDF, name: 'audit.pdf', type: 'application/pdf' });
    await a.getByText("Added audit.pdf to the page's attachments.").waitFor();
    const link = editorOf(a).getByRole('link', { name: 'audit.pdf' });
    await link.waitFor();
    const { files } = await ada.api<{ files: FileView[] }>('GET', `/api/papers/${paper.id}/pages/${page.id}/files`);
    expect(await link.getAttribute('href')).toBe(files.find((f) => f.name === 'audit.pdf')!.url);
    expect((await blocks(a))[2]).toBe('p:Second findingaudit.pdf ');

    // A GIF cannot go in every export, so it is attached and linked, and the person is told why.
    await dropFileAfter(a, 'First finding', { bytes: DOT_GIF, name: 'dot.gif', type: 'image/gif' });
    await a.getByText("Added dot.gif to the page's attachments. Only PNG and JPEG pictures can be placed in the page, so it is linked instead.").waitFor();
    await editorOf(a).getByRole('link', { name: 'dot.gif' }).waitFor();
    await a.getByRole('button', { name: 'Attachments, 2 files' }).waitFor();
    expect(await editorOf(a).getByRole('img').count()).toBe(1);

    await ada.context.close();
  });

  it('keeps the description when an upload fails or is cancelled, and edits and drags a placed picture', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const paper = await createPaper(ada);
    const page = await createPage(ada, paper.id, 'Flow');
    const a = ada.page;
    await a.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Patient flow');

    // Text named .png is not a picture: the server says so, the dialog stays with the description.
    const picker = a.getByLabel('Picture to insert');
    await picker.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
    const dialog = a.getByRole('dialog', { name: 'Insert a picture' });
    await dialog.getByLabel('Description (alt text)').fill('Flow through the emergency department');
    await dialog.getByRole('button', { name: 'Insert picture' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Only PNG and JPEG pictures can be placed in a page' }).waitFor();
    await dialog.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await dialog.getByLabel('Description (alt text)').inputValue()).toBe('Flow through the emergency department');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // An upload held on its way can be cancelled; the description stays, and trying again sends it.
    let held = 0;
    await a.route('**/pages/*/files?**', (route) => {
      held += 1;
      if (held > 1) void route.continue();
    });
    await picker.setInputFiles({ name: 'flow.png', mimeType: 'image/png', buffer: CHART_PNG });
    await dialog.getByLabel('Description (alt text)').fill('Flow chart');
    await dialog.getByRole('button', { name: 'Insert picture' }).click();
    await dialog.getByLabel('Uploading flow.png').waitFor();
    await dialog.getByRole('button', { name: 'Cancel upload of flow.png' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The upload was cancelled.' }).waitFor();
    expect(await dialog.getByLabel('Description (alt text)').inputValue()).toBe('Flow chart');
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await dialog.waitFor({ state: 'detached' });
    const img = editorOf(a).getByRole('img', { name: 'Flow chart' });
    await img.waitFor();
    await a.unroute('**/pages/*/files?**');

    // The selected picture's description can be changed.
    await a.getByRole('group', { name: 'Picture' }).getByRole('button', { name: 'Edit description' }).click();
    const edit = a.getByRole('dialog', { name: 'Edit the picture’s description' });
    expect(await edit.getByLabel('Description (alt text)').inputValue()).toBe('Flow chart');
    await edit.getByLabel('Description (alt text)').fill('Flow chart: most waits are for a bed');
    await edit.getByRole('button', { name: 'Save description' }).click();
    await editorOf(a).getByRole('img', { name: 'Flow chart: most waits are for a bed' }).waitFor();

    // Dragging the corner handle sets the width as a share of the column, in one step.
    await a.getByRole('button', { name: 'Wider' }).click();
    await a.waitForFunction(() => document.querySelector('.page-text img')?.getAttribute('width') === '20%');
    const handle = editorOf(a).locator('.image-resize-handle');
    const box = (await handle.boundingBox())!;
    const column = await editorOf(a).locator('.image-block').evaluate((el) => el.clientWidth);
    await a.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await a.mouse.down();
    await a.mouse.move(box.x + box.width / 2 + column * 0.15, box.y + box.height / 2, { steps: 5 });
    await a.mouse.move(box.x + box.width / 2 + column * 0.3, box.y + box.height / 2, { steps: 5 });
    await a.mouse.up();
    await a.waitForFunction(() => document.querySelector('.page-text img')?.getAttribute('width') === '50%');
    await waitForStatus(a, 'Saved');

    await ada.context.close();
  });
});
