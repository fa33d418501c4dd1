/**
 * Releases in the browser. An editor freezes "v1.0 for consultation" from the overview: the form
 * says the pages are not approved and will not submit without a reason. An author then edits a
 * chapter; the editor freezes v1.1 (seen in the list live by the author), compares v1.0 with v1.1,
 * sees the chapter listed as changed and its diff with the author's words marked, and opens v1.0
 * to read the chapter exactly as it was frozen.
 */
import { describe, expect, it } from 'vitest';
import type { ReleaseView } from '../../shared/releases.js';
import { addMember, createPage, createPaper, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';

const suite = serverAndBrowser();

async function person(name: string) {
  const someone = await signUpViaApi(suite.browser, suite.server.url, name);
  someone.context.setDefaultTimeout(15_000);
  return someone;
}

describe('releases in the browser', () => {
  it('freezes v1.0 with a reason, and after an author’s edit compares it with v1.1 showing the chapter’s diff', async () => {
    const edith = await person('Edith Editor');
    const ada = await person('Ada Author');
    const paper = await createPaper(edith);
    await createPage(edith, paper.id, 'Introduction');
    const chapter = await createPage(edith, paper.id, 'Recommendations');
    await addMember(edith, paper.id, ada, 'author');
    const a = ada.page;
    const e = edith.page;

    await a.goto(`/papers/${paper.id}/pages/${chapter.id}`);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Pool the budgets.');
    await waitForStatus(a, 'Saved');

    // The editor freezes v1.0: two pages are not approved, so a reason is required first.
    await e.goto(`/papers/${paper.id}`);
    const releases = e.getByRole('region', { name: 'Releases' });
    const form = releases.getByRole('form', { name: 'Freeze a release' });
    await form.getByText('2 pages are not approved.', { exact: false }).waitFor();
    await form.getByLabel('Release name').fill('v1.0 for consultation');
    await form.getByRole('button', { name: 'Freeze release' }).click();
    // The browser refuses the empty required reason; nothing is released.
    expect(await form.getByLabel('Reason for releasing before they are approved').evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    expect((await edith.api<{ releases: ReleaseView[] }>('GET', `/api/papers/${paper.id}/releases`)).releases).toEqual([]);
    await form.getByLabel('Reason for releasing before they are approved').fill('Consultation opens before sign-off.');
    await form.getByRole('button', { name: 'Freeze release' }).click();
    await releases.getByRole('listitem').filter({ hasText: 'v1.0 for consultation' }).getByText('Consultation opens before sign-off.').waitFor();

    // The author edits the chapter, and sees v1.1 arrive in the list on the overview without a reload.
    await typeAtEnd(a, ' Also top-slice the grant.');
    await waitForStatus(a, 'Saved');
    await a.goto(`/papers/${paper.id}`);
    const adaReleases = a.getByRole('region', { name: 'Releases' });
    await adaReleases.getByRole('button', { name: 'Open release v1.0 for consultation' }).waitFor();
    expect(await adaReleases.getByRole('form', { name: 'Freeze a release' }).count()).toBe(0);

    await form.getByLabel('Release name').fill('v1.1');
    await form.getByLabel('Reason for releasing before they are approved').fill('Still in review.');
    await form.getByRole('button', { name: 'Freeze release' }).click();
    await adaReleases.getByRole('button', { name: 'Open release v1.1' }).waitFor();

    // Compare v1.0 with v1.1: the chapter is listed as changed, and its diff marks Ada's words.
    const compare = releases.getByRole('region', { name: 'Compare releases' });
    await compare.getByLabel('Earlier release').selectOption({ label: 'v1.0 for consultation' });
    await compare.getByLabel('Later release').selectOption({ label: 'v1.1' });
    await compare.getByRole('button', { name: 'Compare', exact: true }).click();
    await compare.getByRole('status').getByText('1 page differs between v1.0 for consultation and v1.1; 1 unchanged.').waitFor();
    const changed = compare.getByRole('list', { name: 'Pages changed from v1.0 for consultation to v1.1' }).getByRole('listitem');
    expect(await changed.count()).toBe(1);
    await changed.getByText('(text changed)', { exact: false }).waitFor();
    await changed.getByRole('button', { name: 'Show changes to Recommendations' }).click();
    const diff = changed.getByRole('document', { name: 'Changes to Recommendations between the two releases, read only' });
    await diff.waitFor();
    const inserted = diff.locator('ins');
    await waitFor(async () => (await inserted.count()) > 0, { message: 'the insertion shown' });
    const insertions = await inserted.evaluateAll((els) => els.map((el) => [el.textContent, el.getAttribute('title')]));
    expect(insertions.map(([text]) => text).join('').trim()).toBe('Also top-slice the grant.');
    expect(insertions[0][1]).toContain('Ada Author');
    expect(await diff.locator('del').count()).toBe(0);

    // v1.0 still reads as frozen.
    await releases.getByRole('button', { name: 'Open release v1.0 for consultation' }).click();
    const reader = releases.getByRole('region', { name: 'Release “v1.0 for consultation”' });
    await reader.getByRole('button', { name: 'Read 2 Recommendations as released' }).click();
    const text = reader.getByRole('document', { name: '2 Recommendations, as released in v1.0 for consultation, read only' });
    await text.getByText('Pool the budgets.').waitFor();
    expect((await text.textContent())?.trim()).toBe('Pool the budgets.');
  });

  it('says when the confidentiality check stops a release, and links to the check', async () => {
    const edith = await person('Edith Editor');
    const paper = await createPaper(edith);
    const chapter = await createPage(edith, paper.id, 'Contacts');
    await edith.api('POST', `/api/papers/${paper.id}/pages/${chapter.id}/status`, { status: 'approved' });
    const e = edith.page;
    await e.goto(`/papers/${paper.id}/pages/${chapter.id}`);
    await waitForStatus(e, 'Saved');
    await typeAtEnd(e, 'Write to jo.bloggs@example.org for the figures.');
    await waitForStatus(e, 'Saved');

    await e.goto(`/papers/${paper.id}`);
    const form = e.getByRole('region', { name: 'Releases' }).getByRole('form', { name: 'Freeze a release' });
    // Every page is approved, so no reason is asked for.
    expect(await form.getByLabel('Reason for releasing before they are approved').isVisible()).toBe(false);
    await form.getByLabel('Release name').fill('v1.0');
    await form.getByRole('button', { name: 'Freeze release' }).click();
    const alert = form.getByRole('alert');
    await alert.getByText('1 possible confidential detail needs checking first: run the confidentiality check and fix or acknowledge them.').waitFor();
    await alert.getByRole('link', { name: 'Go to the confidentiality check' }).click();
    const check = e.getByRole('region', { name: 'Confidentiality check' }).getByRole('button', { name: 'Check now' });
    await waitFor(() => check.evaluate((el) => el === document.activeElement), { message: 'focus on Check now' });
    expect((await edith.api<{ releases: ReleaseView[] }>('GET', `/api/papers/${paper.id}/releases`)).releases).toEqual([]);
  });
});
