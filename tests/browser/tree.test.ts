/**
 * Tree changes made by one person (new chapter, move by keyboard, rename) appear for another
 * person on the same paper without a reload, with their section numbers.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPaper, signUpViaApi, serverAndBrowser } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('the page tree', () => {
  it('shows one person\'s changes live to another, renumbered', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Marley');
    const paper = await createPaper(ada);
    await addMember(ada, paper.id, bob, 'author');

    const a = ada.page;
    const b = bob.page;
    await a.goto(`/papers/${paper.id}`);
    await b.goto(`/papers/${paper.id}`);
    const aTree = a.getByRole('navigation', { name: 'Pages' });
    const bTree = b.getByRole('navigation', { name: 'Pages' });
    await bTree.getByText('No pages yet').waitFor();

    for (const title of ['Introduction', 'Scope']) {
      await aTree.getByRole('button', { name: 'New chapter' }).click();
      await aTree.getByLabel('Chapter title').fill(title);
      await aTree.getByRole('button', { name: 'Create chapter' }).click();
      await aTree.getByRole('link', { name: new RegExp(`^\\d+ ${title}$`) }).waitFor();
    }
    await bTree.getByRole('link', { name: '1 Introduction' }).waitFor();
    await bTree.getByRole('link', { name: '2 Scope' }).waitFor();

    // Ada makes Scope a sub-page of Introduction with the keyboard.
    await aTree.getByRole('link', { name: '2 Scope' }).focus();
    await a.keyboard.press('Alt+ArrowRight');
    await aTree.getByRole('link', { name: '1.1 Scope' }).waitFor();
    await a.getByText("Moved 'Scope' to 1.1").waitFor();
    await bTree.getByRole('link', { name: '1.1 Scope' }).waitFor();

    // ... and back out again.
    await aTree.getByRole('link', { name: '1.1 Scope' }).focus();
    await a.keyboard.press('Alt+ArrowLeft');
    await bTree.getByRole('link', { name: '2 Scope' }).waitFor();

    // Bob moves Scope above Introduction.
    await bTree.getByRole('link', { name: '2 Scope' }).focus();
    await b.keyboard.press('Alt+ArrowUp');
    await aTree.getByRole('link', { name: '1 Scope' }).waitFor();
    await aTree.getByRole('link', { name: '2 Introduction' }).waitFor();

    // Ada renames a chapter; Bob sees the new title.
    await aTree.getByRole('button', { name: 'Rename Introduction' }).click();
    await aTree.getByLabel('New title for Introduction').fill('Background');
    await aTree.getByRole('button', { name: 'Save title' }).click();
    await bTree.getByRole('link', { name: '2 Background' }).waitFor();

    // Ada drags Background inside Scope (drop on the middle of its row).
    const scopeRow = aTree.locator('.tree-row', { has: a.getByRole('link', { name: '1 Scope' }) });
    await aTree.locator('.tree-row', { has: a.getByRole('link', { name: '2 Background' }) }).dragTo(scopeRow);
    await bTree.getByRole('link', { name: '1.1 Background' }).waitFor();
    await aTree.getByRole('link', { name: '1.1 Background' }).focus();
    await a.keyboard.press('Alt+ArrowLeft');
    await bTree.getByRole('link', { name: '2 Background' }).waitFor();

    // Bob opens a page; Ada sees him there.
    await bTree.getByRole('link', { name: '1 Scope' }).click();
    await b.getByRole('navigation', { name: 'Breadcrumb' }).getByText('1 Scope').waitFor();
    await aTree.getByRole('img', { name: 'Bob Marley is on this page' }).waitFor();

    const numbers = await bTree.getByRole('link').allTextContents();
    expect(numbers).toEqual(['1 Scope', '2 Background']);

    await ada.context.close();
    await bob.context.close();
  });
});
