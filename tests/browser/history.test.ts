/**
 * Revision history in two browsers. Ada types, names a version, changes the text and compares the
 * named version with the current page (her insertion and deletion, and Bob's, marked with their
 * names); she restores the named version and Bob, who has the page and its history open, sees
 * his editor and his version list follow without a reload. The text from before the restore is
 * still in the history and can be compared with the page. A reviewer compares versions (text, a
 * formatting change and a table cell, each attributed) with no naming or restoring offered, and
 * so does an author once the page is approved.
 */
import { describe, expect, it } from 'vitest';
import type { RevisionView } from '../../shared/history.js';
import { addMember, createPage, createPaper, editorOf, editorText, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { watchContext } from '../helpers/pageWatch.js';
import { colorFor } from '../../shared/presence.js';

/** "#1d4ed8" -> "rgb(29, 78, 216)", as getComputedStyle reports colours. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

const suite = serverAndBrowser();

/** A person signed up in their own context; a wait that never ends fails at 15 s, naming what it waited for. */
async function person(name: string) {
  const someone = await signUpViaApi(suite.browser, suite.server.url, name);
  someone.context.setDefaultTimeout(15_000);
  return someone;
}

describe('revision history in the browser', () => {
  it('names a version, compares it with the page, restores it, and another writer sees the page follow', async () => {
    const ada = await person('Ada Lovelace');
    const bob = await person('Bob Marley');
    const paper = await createPaper(ada);
    const chapter = await createPage(ada, paper.id, 'Introduction');
    await addMember(ada, paper.id, bob, 'author');
    const revisionsPath = `/api/papers/${paper.id}/pages/${chapter.id}/revisions`;
    const url = `/papers/${paper.id}/pages/${chapter.id}`;
    const a = ada.page;
    const b = bob.page;
    const watches = [await watchContext(ada.context), await watchContext(bob.context)];

    // Ada types and names the version.
    await a.goto(url);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Shared records help integrated care.');
    await waitForStatus(a, 'Saved');
    await a.getByRole('button', { name: 'History', exact: true }).click();
    const panel = a.getByRole('complementary', { name: 'Version history' });
    // A blank name is refused with the server's sentence, shown next to the form.
    await panel.getByLabel('Version name').fill('   ');
    await panel.getByRole('button', { name: 'Name this version' }).click();
    await panel.getByRole('form', { name: 'Name this version' }).getByRole('alert').getByText('A version name is required.').waitFor();
    await panel.getByLabel('Version name').fill('after reviewer round 1');
    await panel.getByRole('button', { name: 'Name this version' }).click();
    await panel.getByRole('heading', { level: 3, name: 'after reviewer round 1' }).waitFor();
    await panel.getByRole('status').getByText(/^Named version \d+ “after reviewer round 1”\.$/).waitFor();
    const named = (await ada.api<{ revisions: RevisionView[] }>('GET', revisionsPath)).revisions.find((r) => r.name === 'after reviewer round 1')!;
    expect(named.contributors.map((p) => p.name)).toEqual(['Ada Lovelace']);

    // Bob opens the page and its history; a marker on his window tells whether it reloads.
    await b.goto(url);
    await editorOf(b).getByText('Shared records help integrated care.').waitFor();
    await b.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await b.getByRole('button', { name: 'History', exact: true }).click();
    const bobPanel = b.getByRole('complementary', { name: 'Version history' });
    await bobPanel.getByRole('heading', { level: 3, name: 'after reviewer round 1' }).waitFor();

    // Ada replaces "care." with "services." and Bob adds a sentence.
    await editorOf(a).click();
    await a.keyboard.press('Control+End');
    for (let i = 0; i < 'care.'.length; i += 1) await a.keyboard.press('Backspace');
    await a.keyboard.type('services.');
    await waitForStatus(a, 'Saved');
    await editorOf(b).getByText('Shared records help integrated services.').waitFor();
    await typeAtEnd(b, ' Budgets follow patients.');
    await waitForStatus(b, 'Saved');
    const changed = 'Shared records help integrated services. Budgets follow patients.';
    await waitFor(async () => (await editorText(a)) === changed, { message: "Bob's sentence on Ada's screen" });

    // Ada compares the named version with the current page: each change is marked with its author.
    const namedItem = panel.getByRole('listitem').filter({ has: a.getByRole('heading', { level: 3, name: 'after reviewer round 1' }) });
    await namedItem.getByRole('button', { name: `Compare version ${named.number}` }).click();
    const compare = a.getByRole('dialog', { name: `Changes from Version ${named.number}, after reviewer round 1 to the current page` });
    await compare.getByRole('document', { name: /^Changes from/ }).waitFor();
    await compare.getByText('Read only: this is a saved version, not the live page.', { exact: false }).waitFor();
    const inserted = compare.locator('ins');
    const deleted = compare.locator('del');
    await waitFor(async () => (await inserted.count()) > 0, { message: 'insertions shown' });
    const insertions = await inserted.evaluateAll((els) => els.map((el) => [el.textContent, el.getAttribute('title')]));
    const deletions = await deleted.evaluateAll((els) => els.map((el) => [el.textContent, el.getAttribute('title')]));
    expect(insertions.filter(([, who]) => who === 'Inserted by Ada Lovelace').map(([text]) => text).join('')).toContain('services');
    expect(insertions.filter(([, who]) => who === 'Inserted by Bob Marley').map(([text]) => text).join('')).toBe(' Budgets follow patients.');
    expect(deletions.filter(([, who]) => who === 'Deleted by Ada Lovelace').map(([text]) => text).join('')).toContain('care');
    expect(deletions.every(([, who]) => who === 'Deleted by Ada Lovelace')).toBe(true);
    // Each author's changes are in their colour, set through CSSOM (the CSP allows no style attributes).
    const colours = (selector: string) =>
      compare.locator(selector).first().evaluate((el) => [getComputedStyle(el).getPropertyValue('--change-color').trim(), getComputedStyle(el).textDecorationColor]);
    expect(await colours('ins[title="Inserted by Bob Marley"]')).toEqual([colorFor(bob.user.id), rgb(colorFor(bob.user.id))]);
    expect(await colours('del[title="Deleted by Ada Lovelace"]')).toEqual([colorFor(ada.user.id), rgb(colorFor(ada.user.id))]);
    // The legend names both authors.
    const legend = compare.getByRole('list', { name: 'Changes by' });
    await legend.getByText('Ada Lovelace').waitFor();
    await legend.getByText('Bob Marley').waitFor();
    // Stepping through the changes with the keyboard says who made each one.
    await compare.getByRole('button', { name: 'Next change' }).press('Enter');
    await compare.getByRole('status').getByText(/^Change 1 of \d+: Ada Lovelace (deleted|inserted) /).waitFor();
    await compare.getByRole('button', { name: 'Back to the live page' }).click();
    await compare.waitFor({ state: 'detached' });

    // Ada restores the named version, confirming first.
    await namedItem.getByRole('button', { name: `Restore version ${named.number}` }).click();
    await namedItem.getByRole('button', { name: `Yes, restore version ${named.number}` }).click();
    const restoredSaid = new RegExp(`^Restored version ${named.number} as version (\\d+)\\.$`);
    const said = await panel.getByRole('status').getByText(restoredSaid).textContent();
    const restoreNumber = Number(restoredSaid.exec(said ?? '')![1]);

    // Both editors show the named text again; Bob's page did not reload, and his list shows the restore.
    const original = 'Shared records help integrated care.';
    await waitFor(async () => (await editorText(a)) === original, { message: "Ada's editor restored" });
    await waitFor(async () => (await editorText(b)) === original, { message: "Bob's editor restored" });
    expect(await b.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const restoreItem = bobPanel.getByRole('listitem').filter({ has: b.getByRole('heading', { level: 3, name: `Version ${restoreNumber}` }) });
    await restoreItem.getByText(`Restored from version ${named.number}`).waitFor();
    // Among all those versions, Bob can list just the named ones.
    await bobPanel.getByLabel('Only named versions').check();
    await waitFor(async () => (await bobPanel.getByRole('listitem').count()) === 1, { message: 'only the named version listed' });
    await bobPanel.getByRole('heading', { level: 3, name: 'after reviewer round 1' }).waitFor();

    // Nothing was lost: the version before the restore still holds the newer text, and comparing it
    // with the page shows that text as removed by the restore.
    const { revisions } = await ada.api<{ revisions: RevisionView[] }>('GET', revisionsPath);
    expect(revisions[0].number).toBe(restoreNumber);
    const beforeRestore = revisions.find((r) => r.number === restoreNumber - 1)!;
    expect(beforeRestore.number).toBeGreaterThan(named.number);
    await panel.getByRole('button', { name: `Open version ${beforeRestore.number}` }).click();
    const opened = a.getByRole('dialog', { name: new RegExp(`^Version ${beforeRestore.number}`) });
    await opened.getByRole('document', { name: `Text of version ${beforeRestore.number}, read only` }).getByText(changed).waitFor();
    await opened.getByRole('button', { name: 'Compare with the current page' }).click();
    const after = a.getByRole('dialog', { name: new RegExp(`^Changes from Version ${beforeRestore.number}`) });
    await waitFor(async () => (await after.locator('del').allTextContents()).join('').includes('Budgets follow patients'), { message: 'the newer text shown as removed' });
    // Any two versions compare, in either order: the older one is always "from". Focus stays on the picker.
    await after.getByLabel('With').selectOption(String(named.id));
    const between = a.getByRole('dialog', { name: `Changes from Version ${named.number}, after reviewer round 1 to Version ${beforeRestore.number}` });
    await waitFor(async () => (await between.locator('ins').allTextContents()).join('').includes('Budgets follow patients'), { message: 'the two versions compared' });
    expect(await a.evaluate(() => document.activeElement?.id && document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent)).toBe('With');
    await between.getByRole('button', { name: 'Back to the live page' }).click();

    // The header's "last edited by" opens the diff of the latest change: the restore, by Ada.
    await a.getByRole('button', { name: 'last edited by Ada Lovelace' }).click();
    const latest = a.getByRole('dialog', { name: /^Changes from/ });
    await waitFor(async () => (await latest.locator('del[title="Deleted by Ada Lovelace"]').allTextContents()).join('').includes('services'), { message: 'the latest change' });
    await latest.getByRole('button', { name: 'Back to the live page' }).click();
    await latest.waitFor({ state: 'detached' });
    expect(await a.evaluate(() => document.activeElement?.textContent)).toBe('last edited by Ada Lovelace');
    expect(watches.flatMap((w) => [...w.violations, ...w.canary])).toEqual([]);

    await ada.context.close();
    await bob.context.close();
  }, 60_000);

  it('lets a reviewer open and compare versions (text, formatting and a table cell), with no way to name or restore them', async () => {
    const ada = await person('Ada Lovelace');
    const rita = await person('Rita Reviewer');
    const paper = await createPaper(ada);
    const chapter = await createPage(ada, paper.id, 'Definitions');
    await addMember(ada, paper.id, rita, 'reviewer');
    const revisionsPath = `/api/papers/${paper.id}/pages/${chapter.id}/revisions`;
    const url = `/papers/${paper.id}/pages/${chapter.id}`;
    const a = ada.page;
    await a.goto(url);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'A care plan is agreed.');
    await a.keyboard.press('Enter');
    await a.getByRole('button', { name: 'Insert table' }).click();
    await a.keyboard.type('Weekly');
    await waitForStatus(a, 'Saved');
    const { revision } = await ada.api<{ revision: RevisionView }>('POST', revisionsPath, { name: 'first draft' });
    // After the named version: the sentence made bold, a sentence added, and a table cell rewritten.
    await editorOf(a).getByText('A care plan is agreed.').click();
    await a.keyboard.press('End');
    await a.keyboard.press('Shift+Home');
    await a.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold' }).click();
    await editorOf(a).locator('strong', { hasText: 'A care plan is agreed.' }).waitFor();
    await a.keyboard.press('End');
    await a.keyboard.type(' It is reviewed yearly.');
    await editorOf(a).getByText('Weekly').click();
    await a.keyboard.press('End');
    await a.keyboard.press('Shift+Home');
    await a.keyboard.type('Monthly');
    await waitFor(async () => !(await editorText(a)).includes('Weekly'), { message: 'the cell rewritten' });
    await waitForStatus(a, 'Saved');

    const r = rita.page;
    await r.goto(url);
    await editorOf(r).getByText('Monthly').waitFor();
    await r.getByRole('button', { name: 'History', exact: true }).click();
    const panel = r.getByRole('complementary', { name: 'Version history' });
    const item = panel.getByRole('listitem').filter({ has: r.getByRole('heading', { level: 3, name: 'first draft' }) });
    await item.getByRole('button', { name: `Open version ${revision.number}` }).waitFor();
    expect(await panel.getByRole('form', { name: 'Name this version' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: /^Restore/ }).count()).toBe(0);

    const compareButton = item.getByRole('button', { name: `Compare version ${revision.number}` });
    await compareButton.click();
    const compare = r.getByRole('dialog', { name: `Changes from Version ${revision.number}, first draft to the current page` });
    await compare.locator('ins[title="Inserted by Ada Lovelace"]', { hasText: 'It is reviewed yearly.' }).waitFor();
    // Formatting changes and changes inside a table are shown in place, with who made them.
    expect(await compare.locator('.diff-format').getAttribute('title')).toMatch(/^Formatting changed by Ada Lovelace/);
    expect(await compare.locator('.diff-format strong').textContent()).toBe('A care plan is agreed.');
    expect(await compare.locator('table del[title="Deleted by Ada Lovelace"]').textContent()).toBe('Weekly');
    expect(await compare.locator('table ins[title="Inserted by Ada Lovelace"]').textContent()).toBe('Monthly');
    expect(await compare.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
    // Escape goes back to the live page, and focus returns to the button that opened the comparison.
    await r.keyboard.press('Escape');
    await compare.waitFor({ state: 'detached' });
    expect(await r.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Compare version ${revision.number}`);

    await ada.context.close();
    await rita.context.close();
  }, 60_000);

  it('offers an author no naming or restoring on an approved page', async () => {
    const ada = await person('Ada Lovelace');
    const bob = await person('Bob Marley');
    const paper = await createPaper(ada);
    const chapter = await createPage(ada, paper.id, 'Conclusion');
    await addMember(ada, paper.id, bob, 'author');
    const a = ada.page;
    await a.goto(`/papers/${paper.id}/pages/${chapter.id}`);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Integration works when budgets are pooled.');
    await waitForStatus(a, 'Saved');
    const { revision } = await ada.api<{ revision: RevisionView }>('POST', `/api/papers/${paper.id}/pages/${chapter.id}/revisions`, { name: 'final' });
    await ada.api('POST', `/api/papers/${paper.id}/pages/${chapter.id}/status`, { status: 'approved' });

    const b = bob.page;
    await b.goto(`/papers/${paper.id}/pages/${chapter.id}`);
    await editorOf(b).getByText('Integration works when budgets are pooled.').waitFor();
    // The page's only version holds its only change, so "last edited by" has nothing older to compare with, and says so.
    await b.getByRole('button', { name: 'last edited by Ada Lovelace' }).click();
    const panel = b.getByRole('complementary', { name: 'Version history' });
    await panel.getByRole('status').getByText(/^There is no earlier saved version to compare the latest change with yet\./).waitFor();
    await panel.getByRole('button', { name: `Open version ${revision.number}` }).click();
    const opened = b.getByRole('dialog', { name: `Version ${revision.number}: final` });
    await opened.getByRole('document', { name: `Text of version ${revision.number}, read only` }).getByText('Integration works when budgets are pooled.').waitFor();
    expect(await opened.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
    await opened.getByRole('button', { name: 'Back to the live page' }).click();
    expect(await panel.getByRole('form', { name: 'Name this version' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: /^Restore/ }).count()).toBe(0);

    await ada.context.close();
    await bob.context.close();
  }, 60_000);
});
