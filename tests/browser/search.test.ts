/**
 * Search in real Chromium. A person types a word into pages of two papers, moves to another page,
 * and from inside the editor presses Control+Shift+F: the search dialog opens with focus in its box;
 * typing shows both pages with the word marked and the count announced; the paper filter narrows
 * them to one; Down arrow and Enter open the page. Escape closes the dialog and puts focus (and the
 * caret) back in the editor; "/" opens it when focus is not in text; the header's Search button
 * names its shortcuts; a search with no match says so in words.
 */
import { describe, expect, it } from 'vitest';
import { createPage, createPaper, editorOf, editorText, serverAndBrowser, signUpViaApi, typeAtEnd } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import type { SearchResponse } from '../../shared/search.js';

const suite = serverAndBrowser();
const pageUrl = (paperId: string, pageId: string) => `/papers/${paperId}/pages/${pageId}`;

describe('search', () => {
  it('opens from the editor with Control+Shift+F, finds a typed word, and opens the page with Enter', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Searcher');
    const paper = await createPaper(eve, 'Wetlands briefing');
    const intro = await createPage(eve, paper.id, 'Introduction');
    const survey = await createPage(eve, paper.id, 'Wetland survey');
    const p = eve.page;

    const other = await createPaper(eve, 'Uplands briefing');
    const moor = await createPage(eve, other.id, 'Moorland notes');

    await p.goto(pageUrl(other.id, moor.id));
    await typeAtEnd(p, 'No bitterns on the moor.');
    await p.goto(pageUrl(paper.id, survey.id));
    await typeAtEnd(p, 'Three bitterns returned to the reed beds.');
    // Searchable once stored and indexed (a second or two after the edit).
    await waitFor(async () => (await eve.api<SearchResponse>('GET', '/api/search?q=beds')).results.length === 1 && (await eve.api<SearchResponse>('GET', '/api/search?q=moor')).results.length === 1, {
      timeout: 20_000,
      message: 'the typed words indexed',
    });

    await p.goto(pageUrl(paper.id, intro.id));
    await typeAtEnd(p, 'Intro text.');
    await p.keyboard.press('Control+Shift+F');
    const dialog = p.getByRole('dialog', { name: 'Search' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    const box = dialog.getByRole('searchbox', { name: 'Search for' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    // The key went to search, not to the editor: nothing was typed into the page.
    expect(await editorText(p)).toBe('Intro text.');

    await p.keyboard.type('bittern');
    const results = dialog.getByRole('list', { name: 'Results' });
    await dialog.getByRole('status').filter({ hasText: '2 results' }).waitFor();
    // The paper filter narrows the results to one paper.
    await dialog.getByRole('combobox', { name: 'Paper' }).selectOption({ label: 'Wetlands briefing' });
    await dialog.getByRole('status').filter({ hasText: '1 result' }).waitFor();
    expect(await results.getByRole('link').count()).toBe(1);
    const hit = results.getByRole('link', { name: /Wetland survey/ });
    await hit.waitFor();
    await dialog.getByRole('searchbox', { name: 'Search for' }).focus();
    expect(await hit.locator('mark').allTextContents()).toEqual(['bitterns']);
    expect(await hit.textContent()).toContain('Three bitterns returned to the reed beds.');

    await p.keyboard.press('ArrowDown');
    await expect.poll(() => hit.evaluate((el) => el === document.activeElement)).toBe(true);
    await p.keyboard.press('Enter');
    await p.waitForURL(`**${pageUrl(paper.id, survey.id)}`);
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => editorText(p)).toContain('Three bitterns returned');
  });

  it('closes with Escape back to the editor, opens with / outside text, and says when nothing matches', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Searcher');
    const paper = await createPaper(ada, 'Estuary briefing');
    const page = await createPage(ada, paper.id, 'Tides');
    const p = ada.page;
    await p.goto(pageUrl(paper.id, page.id));
    const button = p.getByRole('banner').getByRole('button', { name: 'Search' });
    expect(await button.getAttribute('aria-keyshortcuts')).toBe('Control+Shift+F Meta+Shift+F Control+K Meta+K /');
    expect(await button.getAttribute('title')).toBe('Search (Control+Shift+F anywhere; Control+K or / outside the text)');

    // In the text, Control+K makes a link, as in Word and Google Docs; it opens search elsewhere.
    await editorOf(p).click();
    await p.keyboard.press('Control+K');
    await p.getByRole('textbox', { name: /Link address/ }).waitFor();
    const dialog = p.getByRole('dialog', { name: 'Search' });
    expect(await dialog.count()).toBe(0);
    await p.keyboard.press('Escape');
    await expect.poll(() => editorOf(p).evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await p.keyboard.press('Control+Shift+F');
    await dialog.waitFor();
    // Escape closes search even with words in the box (a search box would only clear them).
    await p.keyboard.type('tides');
    await p.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => editorOf(p).evaluate((el) => el.contains(document.activeElement))).toBe(true);

    // "/" in the editor types a slash; on the page outside any text it opens search.
    await p.keyboard.type('a/');
    await expect.poll(() => editorText(p), { timeout: 5_000 }).toBe('a/');
    expect(await dialog.count()).toBe(0);
    // Focus leaves the editor (as after clicking outside it): now "/" is not typing.
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.keyboard.press('/');
    await dialog.waitFor();

    await dialog.getByRole('searchbox', { name: 'Search for' }).fill('zzqxv');
    await dialog.getByText('No results for “zzqxv”. Try fewer words, another spelling, or clear a filter.').waitFor();
    await dialog.getByRole('combobox', { name: 'Paper' }).getByRole('option', { name: 'Estuary briefing' }).waitFor({ state: 'attached' });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // Outside the text, Control+K opens search too.
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await p.keyboard.press('Control+K');
    await dialog.waitFor();
  });
});
