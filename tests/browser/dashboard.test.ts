/**
 * The editor's dashboard in real Chromium. An editor opens it from the overview and assigns a
 * chapter to an author with the row's assign control; the author finds it under "My chapters",
 * opens it from there, writes in it and sends it for review: the editor's dashboard shows who is on
 * the chapter, its new status and the summary live, and sorting by words puts it first.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPage, createPaper, serverAndBrowser, signUpViaApi, typeAtEnd } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('the dashboard', () => {
  it('lets an editor assign a chapter, shows it under My chapters, and follows the author’s work live', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const ben = await signUpViaApi(suite.browser, suite.server.url, 'Ben Author');
    const paper = await createPaper(eve, 'Integrated care briefing');
    await createPage(eve, paper.id, 'Introduction');
    const methods = await createPage(eve, paper.id, 'Methods');
    await createPage(eve, paper.id, 'Sampling', methods.id);
    await createPage(eve, paper.id, 'Conclusion');
    await addMember(eve, paper.id, ben, 'author');

    // The editor opens the dashboard from the overview.
    const e = eve.page;
    await e.goto(`/papers/${paper.id}`);
    await e.getByRole('link', { name: 'Dashboard: every chapter’s status, assignees and progress' }).click();
    await e.getByRole('heading', { name: 'Dashboard: Integrated care briefing' }).waitFor();
    const summary = e.getByRole('region', { name: 'Progress' });
    await summary.getByText('0 of 4 approved.').waitFor();
    const table = e.getByRole('table', { name: 'Chapters and sections of “Integrated care briefing”' });
    const titles = () => table.locator('tbody .dash-title').allTextContents();
    await expect.poll(titles).toEqual(['Introduction', 'Methods', 'Sampling', 'Conclusion']);
    expect(await table.locator('tbody td.num').allTextContents()).toEqual(['1', '2', '2.1', '3']);
    const methodsRow = table.getByRole('row').filter({ has: e.getByRole('link', { name: 'Methods', exact: true }) });

    // Assign Methods to Ben with the row's control, by keyboard for the choice.
    await methodsRow.getByRole('button', { name: 'Assign Methods' }).click();
    const panel = methodsRow.getByRole('group', { name: 'Assign “Methods” to' });
    await panel.getByRole('checkbox', { name: 'Ben Author (author)' }).press('Space');
    await methodsRow.getByRole('button', { name: 'Save' }).click();
    await methodsRow.getByRole('cell', { name: 'Ben Author', exact: true }).waitFor();
    await expect.poll(() => methodsRow.getByRole('button', { name: 'Assign Methods' }).evaluate((el) => el === document.activeElement)).toBe(true);

    // Ben finds it under My chapters and opens it from there.
    const b = ben.page;
    await b.goto(`/papers/${paper.id}/dashboard`);
    await b.getByRole('heading', { name: 'Dashboard: Integrated care briefing' }).waitFor();
    await b.getByRole('checkbox', { name: 'My chapters (assigned to me)' }).check();
    const mine = b.getByRole('table', { name: 'Chapters and sections of “Integrated care briefing”, assigned to me' });
    await expect.poll(() => mine.locator('tbody .dash-title').allTextContents()).toEqual(['Methods']);
    await b.getByRole('status').filter({ hasText: 'Showing 1 of 4 pages.' }).waitFor();
    // Editors assign; an author has no assign controls.
    expect(await b.getByRole('button', { name: /^Assign / }).count()).toBe(0);
    await mine.getByRole('link', { name: 'Methods' }).click();

    // The editor sees Ben on the chapter now.
    await methodsRow.getByRole('listitem').filter({ hasText: 'Ben Author' }).waitFor();
    // The page tree shows who the chapter is assigned to.
    const tree = b.getByRole('navigation', { name: 'Pages' });
    await tree.locator(`.tree-row[data-page-id="${methods.id}"]`).getByTitle('Assigned to Ben Author').waitFor();

    // Ben writes and sends it for review; the editor's status column and summary follow live.
    await typeAtEnd(b, 'Waiting times fell by a third across the region in one year.');
    await b.getByRole('button', { name: 'Send for review' }).click();
    await methodsRow.getByText('In review', { exact: true }).waitFor();
    await summary.getByText('4 pages in all: 3 draft, 1 in review, 0 approved', { exact: false }).waitFor();
    await eve.api('POST', `/api/papers/${paper.id}/pages/${methods.id}/status`, { status: 'approved' });
    await summary.getByText('1 of 4 approved.').waitFor();
    expect(await summary.getByRole('progressbar').evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([1, 4]);

    // Sorting by words, most first, puts Methods at the top once its words are counted.
    await expect.poll(async () => (await methodsRow.locator('td.numeric').first().textContent()) ?? '', { timeout: 15_000 }).toBe('12');
    const words = table.getByRole('columnheader', { name: 'Words' });
    await words.getByRole('button', { name: 'Words' }).click();
    expect(await words.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => (await titles()).at(-1)).toBe('Methods');
    await words.getByRole('button', { name: 'Words' }).press('Enter');
    expect(await words.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await titles())[0]).toBe('Methods');
    // The sort button keeps the focus across the redraw, and the other headers carry no aria-sort.
    await expect.poll(() => words.getByRole('button', { name: 'Words' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await table.getByRole('columnheader', { name: 'No.' }).getAttribute('aria-sort')).toBeNull();

    await eve.context.close();
    await ben.context.close();
  }, 90_000);
});
