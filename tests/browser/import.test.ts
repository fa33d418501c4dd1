/**
 * Importing a Markdown file through the dialog: choose the file, see the preview with its table
 * and picture and the "Could not be kept" list, choose a page for each top-level heading, import,
 * and find the new pages in the tree and their text on the page that opens.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPaper, editorText, signUpViaApi, serverAndBrowser } from '../helpers/browser.js';
import { ROOT } from '../helpers/server.js';

const suite = serverAndBrowser();

describe('importing a file', () => {
  it('previews a Markdown file, then makes a page for each top-level heading', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const paper = await createPaper(ada);
    const page = ada.page;
    await page.goto(`/papers/${paper.id}`);
    const tree = page.getByRole('navigation', { name: 'Pages' });
    await tree.getByText('No pages yet').waitFor();

    await tree.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a file' });
    await dialog.getByLabel('File to import').setInputFiles(join(ROOT, 'tests/fixtures/import/sample.md'));

    // The preview: the converted text, drawn read-only, and what was left out.
    const preview = dialog.getByRole('document', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Integrated care in practice' }).waitFor();
    await preview.getByRole('cell', { name: 'Length of stay' }).waitFor();
    await preview.getByRole('link', { name: "the King's Fund" }).waitFor();
    await preview.getByRole('img', { name: 'Care pathway diagram' }).waitFor();
    expect(await preview.locator('script, iframe').count()).toBe(0);
    const notKept = dialog.getByRole('list').filter({ hasText: 'Scripts and embedded content' });
    await notKept.getByText('Links with unsafe addresses were kept as plain text. (1)').waitFor();
    await notKept.getByText(/Pictures linked from other sites or files were not brought in/).waitFor();

    await dialog.getByRole('radio', { name: 'A page for each top-level heading (3 pages)' }).check();
    const titles = dialog.getByRole('list', { name: 'Pages the import will make' });
    expect(await titles.getByRole('listitem').allTextContents()).toEqual(['sample', 'Integrated care in practice', 'Evidence and outcomes']);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    // The pages appear in the tree, the first one opens, and the import is announced.
    await tree.getByRole('link', { name: '1 sample' }).waitFor();
    await tree.getByRole('link', { name: '2 Integrated care in practice' }).waitFor();
    await tree.getByRole('link', { name: '3 Evidence and outcomes' }).waitFor();
    await page.getByText('Imported 3 pages.').waitFor();
    expect(await dialog.count()).toBe(0);
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('1 sample').waitFor();

    await tree.getByRole('link', { name: '2 Integrated care in practice' }).click();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('2 Integrated care in practice').waitFor();
    await page.getByRole('textbox', { name: 'Page text' }).getByText('District nurses').waitFor();
    const text = await editorText(page);
    expect(text).toContain('Integrated care joins up health and social care.');
    expect(text).toContain('Share the records');
    await page.getByRole('textbox', { name: 'Page text' }).getByRole('img', { name: 'Care pathway diagram' }).waitFor();

    await ada.context.close();
  });

  it('says why a file is refused, takes a dropped file instead, and gives focus back on Cancel', async () => {
    const bea = await signUpViaApi(suite.browser, suite.server.url, 'Bea Author');
    const paper = await createPaper(bea);
    const page = bea.page;
    await page.goto(`/papers/${paper.id}`);
    const tree = page.getByRole('navigation', { name: 'Pages' });
    await tree.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a file' });
    await dialog.getByLabel('File to import').setInputFiles({ name: 'minutes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('not really a Word file') });
    await dialog.getByRole('alert').getByText('This file is named .docx but is not a Word document.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Try again' }).waitFor();
    // Dropping another file on the dialog sends it instead, and the refusal goes away.
    const dropped = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['# Dropped notes\n\nText that arrived by drag and drop.'], 'dropped.md', { type: 'text/markdown' }));
      return data;
    });
    await dialog.dispatchEvent('drop', { dataTransfer: dropped });
    await dialog.getByRole('document', { name: 'Preview' }).getByText('Text that arrived by drag and drop.').waitFor();
    await dialog.getByText('Everything was kept.').waitFor();
    expect(await dialog.getByText('This file is named .docx', { exact: false }).count()).toBe(0);
    // Cancel closes the dialog and gives focus back to the button that opened it.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.count()).toBe(0);
    expect(await tree.getByRole('button', { name: 'Import…' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await bea.context.close();
  });
});
