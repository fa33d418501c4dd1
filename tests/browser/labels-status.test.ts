/**
 * Labels and page status in real Chromium. An author labels a page by picking a suggestion of
 * the paper's labels and filters the tree by it. An editor approves a page an author has open:
 * the author sees it live and their editor turns read-only with a note saying why; the author asks
 * to reopen, the editor sees who asked, reopens, and the author's editor is editable again.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPage, createPaper, editorOf, editorText, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';

const suite = serverAndBrowser();
const pageUrl = (paperId: string, pageId: string) => `/papers/${paperId}/pages/${pageId}`;

describe('labels', () => {
  it('lets an author add a label by picking a suggestion, and filter the tree by it', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const ben = await signUpViaApi(suite.browser, suite.server.url, 'Ben Author');
    const paper = await createPaper(eve);
    const intro = await createPage(eve, paper.id, 'Introduction');
    const methods = await createPage(eve, paper.id, 'Methods');
    const sampling = await createPage(eve, paper.id, 'Sampling', methods.id);
    await createPage(eve, paper.id, 'Conclusion');
    await addMember(eve, paper.id, ben, 'author');
    await eve.api('POST', `/api/papers/${paper.id}/pages/${intro.id}/labels`, { name: 'Evidence needed' });
    await eve.api('POST', `/api/papers/${paper.id}/pages/${intro.id}/labels`, { name: 'Legal' });

    const b = ben.page;
    await b.goto(pageUrl(paper.id, sampling.id));
    const labels = b.getByRole('region', { name: 'Labels' });
    const field = labels.getByRole('combobox', { name: 'Add label' });
    await field.fill('evid');
    const suggestion = labels.getByRole('listbox', { name: 'Suggested labels' }).getByRole('option', { name: 'Evidence needed' });
    await suggestion.click();
    const chips = labels.getByRole('list', { name: 'Labels of this page' });
    await chips.getByRole('listitem').filter({ hasText: 'Evidence needed' }).waitFor();
    await labels.getByRole('button', { name: 'Remove label Evidence needed' }).waitFor();
    expect(await field.inputValue()).toBe('');
    // A suggestion already on the page is not offered again; an unknown label is refused with the rule.
    await field.fill('evid');
    expect(await labels.getByRole('option').count()).toBe(0);
    await field.fill('needs review!');
    await field.press('Enter');
    await labels.getByRole('alert').getByText('Labels may use letters, numbers, spaces and - _ . & ( ) /').waitFor();

    // The keyboard picks a suggestion too.
    await field.fill('leg');
    await field.press('ArrowDown');
    await expect.poll(() => labels.getByRole('option', { name: 'Legal' }).getAttribute('aria-selected')).toBe('true');
    await field.press('Enter');
    await chips.getByRole('listitem').filter({ hasText: 'Legal' }).waitFor();

    // The tree shows each page's status and labels.
    const tree = b.getByRole('navigation', { name: 'Pages' });
    const samplingRow = tree.locator(`.tree-row[data-page-id="${sampling.id}"]`);
    await samplingRow.getByText('Evidence needed').waitFor();
    await samplingRow.getByText('Draft', { exact: true }).waitFor();

    // Filter by the label: matching pages, their ancestors for context, nothing else.
    const filter = b.getByRole('region', { name: 'Filter by label' });
    await filter.getByRole('checkbox', { name: 'Evidence needed (2)' }).check();
    await tree.getByRole('link', { name: '2.1 Sampling' }).waitFor();
    await tree.getByRole('link', { name: '3 Conclusion' }).waitFor({ state: 'detached' });
    await expect.poll(() => tree.getByRole('link').allTextContents()).toEqual(['1 Introduction', '2 Methods (does not have the chosen labels)', '2.1 Sampling']);
    const listed = filter.getByRole('list');
    await filter.getByRole('heading', { name: 'Pages labelled Evidence needed' }).waitFor();
    expect(await listed.getByRole('link').allTextContents()).toEqual(['1 Introduction', '2.1 Sampling']);

    // Two labels: pages having both.
    await filter.getByRole('checkbox', { name: 'Legal (2)' }).check();
    await filter.getByRole('heading', { name: 'Pages labelled Evidence needed and Legal' }).waitFor();
    await filter.getByRole('button', { name: 'Clear the filter' }).click();
    await tree.getByRole('link', { name: '3 Conclusion' }).waitFor();

    // An editor's rename reaches the author live, in the header and the filter.
    const legal = (await eve.api('GET', `/api/papers/${paper.id}/labels`)).labels.find((l: { name: string }) => l.name === 'Legal');
    await eve.api('PATCH', `/api/papers/${paper.id}/labels/${legal.id}`, { name: 'Legal review' });
    await chips.getByRole('listitem').filter({ hasText: 'Legal review' }).waitFor();
    await filter.getByRole('checkbox', { name: 'Legal review (2)' }).waitFor();

    await eve.context.close();
    await ben.context.close();
  }, 60_000);
});

describe('the Labels section of the overview', () => {
  it('lets an editor rename, merge and delete labels, and explains a rename onto an existing name', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const paper = await createPaper(eve);
    const intro = await createPage(eve, paper.id, 'Introduction');
    const methods = await createPage(eve, paper.id, 'Methods');
    for (const [pageId, name] of [[intro.id, 'Law'], [intro.id, 'Legal'], [methods.id, 'Law'], [methods.id, 'Draft figures']]) {
      await eve.api('POST', `/api/papers/${paper.id}/pages/${pageId}/labels`, { name });
    }
    const e = eve.page;
    await e.goto(`/papers/${paper.id}`);
    const admin = e.getByRole('region', { name: 'Labels' });
    const table = admin.getByRole('table', { name: 'Labels of this paper' });
    await table.getByRole('rowheader', { name: 'Law' }).waitFor();

    await admin.getByRole('button', { name: 'Rename Law' }).click();
    const rename = admin.getByLabel('New name for Law');
    expect(await rename.evaluate((el) => el === document.activeElement)).toBe(true);
    await rename.fill('legal');
    await admin.getByRole('button', { name: 'Save name' }).click();
    await admin.getByRole('alert').getByText("There is already a label named 'Legal'. To combine the two, merge 'Law' into it instead.").waitFor();
    await admin.getByRole('button', { name: 'Cancel' }).click();

    await admin.getByRole('button', { name: 'Merge Law into another label' }).click();
    await admin.getByLabel('Merge Law into').selectOption({ label: 'Legal' });
    await admin.getByRole('button', { name: 'Merge', exact: true }).click();
    await table.getByRole('rowheader', { name: 'Law' }).waitFor({ state: 'detached' });
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'Legal' }).getByRole('cell').first().textContent()).toBe('2');

    await admin.getByRole('button', { name: 'Rename Draft figures' }).click();
    await admin.getByLabel('New name for Draft figures').fill('Figures to check');
    await admin.getByRole('button', { name: 'Save name' }).click();
    await table.getByRole('rowheader', { name: 'Figures to check' }).waitFor();

    await admin.getByRole('button', { name: 'Delete Figures to check' }).click();
    await admin.getByRole('group', { name: "Delete 'Figures to check' and take it off 1 page?" }).getByRole('button', { name: 'Delete' }).click();
    await table.getByRole('rowheader', { name: 'Figures to check' }).waitFor({ state: 'detached' });

    // The tree follows: Methods now has Legal only.
    const methodsRow = e.getByRole('navigation', { name: 'Pages' }).locator(`.tree-row[data-page-id="${methods.id}"]`);
    await expect.poll(() => methodsRow.locator('.tree-label').allTextContents()).toEqual(['Legal']);
    await eve.context.close();
  });
});

describe('page status', () => {
  it('shows an editor’s approval live to the author, whose editor turns read-only until the editor reopens it', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const ben = await signUpViaApi(suite.browser, suite.server.url, 'Ben Author');
    const paper = await createPaper(eve);
    const page = await createPage(eve, paper.id, 'Introduction');
    await addMember(eve, paper.id, ben, 'author');

    const b = ben.page;
    await b.goto(pageUrl(paper.id, page.id));
    await waitForStatus(b, 'Saved');
    await typeAtEnd(b, 'Written before approval.');
    await waitForStatus(b, 'Saved');
    const benStatus = b.getByRole('region', { name: 'Status' });
    await benStatus.getByRole('button', { name: 'Send for review' }).click();
    await benStatus.getByText(/^In review by Ben Author, /).waitFor();
    expect(await benStatus.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    const e = eve.page;
    await e.goto(pageUrl(paper.id, page.id));
    const eveStatus = e.getByRole('region', { name: 'Status' });
    await eveStatus.getByText(/^In review by Ben Author/).waitFor();
    await eveStatus.getByRole('button', { name: 'Approve' }).click();
    await eveStatus.getByText(/^Approved by Eve Editor, /).waitFor();

    // Ben sees it without reloading: badge, tree, a note saying why, and a read-only editor.
    await benStatus.getByText(/^Approved by Eve Editor, /).waitFor();
    await b.getByRole('navigation', { name: 'Pages' }).getByText('Approved', { exact: true }).waitFor();
    await b.getByRole('article').getByText(/^Read only: this page was approved by Eve Editor, .*Ask an editor to reopen it/).waitFor();
    await editorOf(b).and(b.locator('[contenteditable="false"]')).waitFor();
    expect(await b.getByRole('textbox', { name: 'Page title' }).count()).toBe(0);
    const benTree = b.getByRole('navigation', { name: 'Pages' });
    expect(await benTree.getByRole('button', { name: 'Rename Introduction' }).count()).toBe(0);
    await editorOf(b).click();
    await b.keyboard.type('Typed while approved.');
    expect(await editorText(b)).toBe('Written before approval.');
    expect(await benStatus.getByRole('button', { name: 'Send for review' }).count()).toBe(0);

    // Ben asks; Eve sees who asked, in the header and the tree.
    await benStatus.getByRole('button', { name: 'Ask an editor to reopen' }).click();
    await eveStatus.getByText(/^Reopening requested by Ben Author, /).waitFor();
    await e.getByRole('navigation', { name: 'Pages' }).getByText(/^Reopening requested by Ben Author/).waitFor();

    await eveStatus.getByRole('button', { name: 'Reopen' }).click();
    await benStatus.getByText(/^Draft by Eve Editor, /).waitFor();
    await editorOf(b).and(b.locator('[contenteditable="true"]')).waitFor();
    await b.getByRole('article').getByText(/^Read only: /).waitFor({ state: 'hidden' });
    await benTree.getByRole('button', { name: 'Rename Introduction' }).waitFor();
    await typeAtEnd(b, ' Added after reopening.');
    await waitForStatus(b, 'Saved');
    await waitFor(async () => (await editorText(e)) === 'Written before approval. Added after reopening.', { message: 'the editor sees the author’s new text' });
    expect(await editorText(b)).toBe('Written before approval. Added after reopening.');

    // The audit trail has each change of status and the request.
    const { entries } = await eve.api('GET', `/api/papers/${paper.id}/audit?limit=10`);
    const actions = entries.map((x: { action: string }) => x.action).filter((a: string) => a.startsWith('page.status') || a === 'page.reopen_requested');
    expect(actions).toEqual(['page.status_changed', 'page.reopen_requested', 'page.status_changed', 'page.status_changed']);

    await eve.context.close();
    await ben.context.close();
  }, 60_000);

  it('keeps what an author typed as the page was approved, says so instead of "Saving...", and sends it when the page is reopened', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const ben = await signUpViaApi(suite.browser, suite.server.url, 'Ben Author');
    const paper = await createPaper(eve);
    const page = await createPage(eve, paper.id, 'Method');
    await addMember(eve, paper.id, ben, 'author');

    // Ben's collaboration socket goes through a relay that can hold what his page sends, as a slow
    // network would while an editor approves the page.
    let holding = false;
    const b = ben.page;
    await b.routeWebSocket(/\/collab\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (!holding) server.send(message);
      });
      server.onMessage((message) => ws.send(message));
    });
    await b.goto(pageUrl(paper.id, page.id));
    await waitForStatus(b, 'Saved');
    await typeAtEnd(b, 'Sent.');
    await waitForStatus(b, 'Saved');
    holding = true;
    await typeAtEnd(b, ' Typed as it was approved.');
    await waitForStatus(b, 'Saving...');

    await eve.api('POST', `/api/papers/${paper.id}/pages/${page.id}/status`, { status: 'approved' });
    await b.getByRole('article').getByText(/^Read only: this page was approved by Eve Editor/).waitFor();
    // The reconnected socket is read-only: the server drops Ben's edit, and Ben is told where it is.
    holding = false;
    await waitForStatus(b, 'Not sent: the page was approved while you were writing. Your last changes are kept on this device and will be sent if an editor reopens the page.');
    expect(await editorText(b)).toBe('Sent. Typed as it was approved.');
    const e = eve.page;
    await e.goto(pageUrl(paper.id, page.id));
    await waitForStatus(e, 'Saved');
    expect(await editorText(e)).toBe('Sent.');

    // Reopened: Ben's edit is sent, stored and seen by Eve.
    await eve.api('POST', `/api/papers/${paper.id}/pages/${page.id}/status`, { status: 'draft' });
    await waitForStatus(b, 'Saved');
    await waitFor(async () => (await editorText(e)) === 'Sent. Typed as it was approved.', { message: 'Eve sees the edit Ben typed as the page was approved' });
    await eve.context.close();
    await ben.context.close();
  }, 60_000);
});
