/**
 * The formatting toolbar and its keyboard twins on a real page: marks with aria-pressed, links
 * (unsafe protocols refused with a sentence), headings, tables, and undo of one's own typing.
 */
import { describe, expect, it } from 'vitest';
import { createPage, createPaper, editorOf, signUpViaApi, typeAtEnd, waitForStatus, serverAndBrowser } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('the editor toolbar', () => {
  it('formats text, refuses unsafe links and inserts tables', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const paper = await createPaper(ada);
    const page = await createPage(ada, paper.id, 'Introduction');
    const p = ada.page;
    await p.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(p, 'Saved');
    const editor = editorOf(p);
    const toolbar = p.getByRole('toolbar', { name: 'Formatting' });

    await typeAtEnd(p, 'Joined-up care');
    await p.keyboard.press('Shift+Home');
    await toolbar.getByRole('button', { name: 'Bold' }).click();
    await editor.locator('strong', { hasText: 'Joined-up care' }).waitFor();
    expect(await toolbar.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    await p.keyboard.press('Control+i');
    await editor.locator('em', { hasText: 'Joined-up care' }).waitFor();

    // An unsafe link is refused with a sentence; a safe one is applied.
    await toolbar.getByRole('button', { name: 'Link' }).click();
    await p.getByLabel('Link address (URL)').fill('javascript:alert(1)');
    await p.getByRole('button', { name: 'Apply link' }).click();
    await p.getByRole('alert').filter({ hasText: 'That link is not allowed' }).waitFor();
    expect(await editor.locator('a').count()).toBe(0);
    await p.getByLabel('Link address (URL)').fill('www.nhs.uk');
    await p.getByRole('button', { name: 'Apply link' }).click();
    await editor.locator('a[href="https://www.nhs.uk"]').waitFor();

    await p.keyboard.press('End');
    await p.keyboard.press('Enter');
    await p.keyboard.type('## Evidence');
    await editor.getByRole('heading', { level: 2, name: 'Evidence' }).waitFor();

    await p.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Insert table' }).click();
    await p.keyboard.type('Service');
    await p.keyboard.press('Tab');
    await p.keyboard.type('Visits');
    await editor.getByRole('table').getByRole('columnheader', { name: 'Visits' }).waitFor();
    await toolbar.getByRole('button', { name: 'Add row' }).click();
    expect(await editor.getByRole('row').count()).toBe(4);

    // Undo takes back one's own last burst of changes (edits close together are one step); redo
    // brings it back.
    await p.keyboard.press('Control+z');
    expect(await editor.getByRole('row').count()).toBeLessThan(4);
    await p.keyboard.press('Control+y');
    await editor.getByRole('row').nth(3).waitFor();
    expect(await editor.getByRole('row').count()).toBe(4);
    await waitForStatus(p, 'Saved');

    await ada.context.close();
  });
});
