/**
 * An editor opens a paper's audit trail from "Your account", filters it by action and person,
 * sees the entry, and the CSV link carries the filters.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPaper, signUpViaApi, serverAndBrowser } from '../helpers/browser.js';
import { recordAudit } from '../../server/domain/audit.js';

const suite = serverAndBrowser();

describe('the audit trail screen', () => {
  it('shows an editor the entries, filters them, and offers the CSV of what is shown', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Marley');
    const paper = await createPaper(ada, 'Integrated care');
    await addMember(ada, paper.id, bob, 'author');
    recordAudit(suite.server.db, { paperId: paper.id, actor: { id: bob.user.id, name: 'Bob Marley' }, action: 'page.created', target: 'page-1', detail: { title: 'Workforce' } });
    recordAudit(suite.server.db, { paperId: paper.id, actor: { id: ada.user.id, name: 'Ada Lovelace' }, action: 'member.added', target: bob.user.id, detail: { role: 'author' } });
    recordAudit(suite.server.db, { paperId: paper.id, actor: { id: ada.user.id, name: 'Ada Lovelace' }, action: 'page.renamed', target: 'page-1', detail: { title: '<img src=x onerror=alert(1)>' } });

    const p = ada.page;
    await p.goto('/');
    await p.getByRole('link', { name: 'Your account' }).click();
    await p.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
    await p.getByRole('link', { name: 'Audit trail of “Integrated care”' }).click();
    await p.getByRole('heading', { name: 'Audit trail: Integrated care' }).waitFor();

    const table = p.getByRole('table', { name: 'Audit trail of “Integrated care”, newest first' });
    await table.getByRole('row').filter({ hasText: 'Created a page' }).waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['When', 'Who', 'Action', 'Target', 'Details', 'Address']);
    // Hostile text in an entry is shown as text.
    await table.getByRole('cell', { name: 'title: <img src=x onerror=alert(1)>' }).waitFor();
    expect(await table.locator('img').count()).toBe(0);

    const filters = p.getByRole('search', { name: 'Filter the audit trail' });
    await filters.getByLabel('Action').selectOption({ label: 'Created a page' });
    await filters.getByLabel('Person').fill('bob');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await p.getByRole('status').filter({ hasText: 'Showing 1 entry.' }).waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getByRole('cell').allTextContents()).toEqual([expect.any(String), 'Bob Marley', 'Created a page', 'page-1', 'title: Workforce', '']);

    const csv = p.getByRole('link', { name: 'Download CSV' });
    const href = await csv.getAttribute('href');
    expect(href).toBe(`${suite.server.url}/api/papers/${paper.id}/audit.csv?action=page.created&actor=bob`);
    const download = p.waitForEvent('download');
    await csv.click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^quire-audit-.+\.csv$/);

    // Other features record their own entries for this paper too (paper created, member added).
    const { n } = suite.server.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE paper_id = ?').get(paper.id) as { n: number };
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await p.getByRole('status').filter({ hasText: `Showing ${n} entries.` }).waitFor();
    expect(await filters.getByLabel('Person').inputValue()).toBe('');

    // The paper's overview links an editor straight to its trail.
    await p.goto(`/papers/${paper.id}`);
    await p.getByRole('link', { name: 'Audit trail of this paper' }).click();
    await p.getByRole('heading', { name: 'Audit trail: Integrated care' }).waitFor();
  });

  it('tells an author the trail is for editors', async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const cy = await signUpViaApi(suite.browser, suite.server.url, 'Cy Author');
    const paper = await createPaper(eve);
    await addMember(eve, paper.id, cy, 'author');
    await cy.page.goto(`/papers/${paper.id}/audit`);
    await cy.page.getByRole('alert').filter({ hasText: 'Only an editor of this paper can do that.' }).waitFor();
  });
});
