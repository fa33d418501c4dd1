/**
 * The confidentiality check in real Chromium: an editor runs the check from the paper's overview,
 * sees a valid NHS number listed under page "2 Definitions", follows its link to the page and
 * finds the number selected in the text, comes back, is told a blank reason will not do, and
 * acknowledges the rest with a reason; the audit trail records it. A link to words that have gone
 * since says so on the page.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import { createPage, createPaper, editorOf, serverAndBrowser, signUpViaApi } from '../helpers/browser.js';
import { connectClient, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { schema } from '../../shared/schema.js';

const suite = serverAndBrowser();
const clients: CollabClient[] = [];

afterAll(() => {
  for (const c of clients) c.destroy();
});

const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** Writes a page's text through a real collaboration client with this cookie and waits until it is stored. */
async function write(cookie: string, pageId: string, blocks: unknown[]) {
  const client = connectClient(suite.server.wsUrl, pageId, { cookie });
  clients.push(client);
  await waitSynced(client);
  const fragment = client.doc.getXmlFragment(FRAGMENT_NAME);
  client.doc.transact(() => {
    fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: blocks }, fragment);
  });
  await waitSaved(client);
  client.destroy();
}

describe('the confidentiality check', () => {
  it('lists a valid NHS number on its page, opens the page with it selected, and takes an acknowledgement with a reason', { timeout: 60_000 }, async () => {
    const eve = await signUpViaApi(suite.browser, suite.server.url, 'Eve Editor');
    const paper = await createPaper(eve, 'Frailty briefing');
    const intro = await createPage(eve, paper.id, 'Introduction');
    const definitions = await createPage(eve, paper.id, 'Definitions');
    const cookie = (await eve.context.cookies()).filter((c) => c.name === 'quire_session').map((c) => `${c.name}=${c.value}`)[0];
    await write(cookie, intro.id, [para('Ring the frailty team on 020 7946 0018 for advice.')]);
    await write(cookie, definitions.id, [
      para('Terms used in this paper.'),
      para('A mistyped number such as 943 476 5918 is not one.'),
      para('In the worked example the NHS number 943 476 5919 appears in full.'),
    ]);

    const p = eve.page;
    await p.goto(`/papers/${paper.id}`);
    const check = p.getByRole('region', { name: 'Confidentiality check' });
    await check.getByRole('button', { name: 'Check now' }).click();
    await check.getByRole('status').getByText('Found 2 things that may identify a patient; 2 not yet acknowledged.').waitFor();
    const defs = check.getByRole('region', { name: '2 Definitions' });
    await check.getByRole('region', { name: '1 Introduction' }).getByRole('link', { name: 'Phone number 020 7946 0018 on page 1 Introduction' }).waitFor();
    // Only the number that passes the check digit is listed.
    expect(await defs.getByRole('listitem').count()).toBe(1);
    await defs.getByText('In the worked example the NHS number 943 476 5919 appears in full.', { exact: true }).waitFor();

    await defs.getByRole('link', { name: 'NHS number 943 476 5919 on page 2 Definitions' }).click();
    await editorOf(p).getByText('In the worked example').waitFor();
    expect(new URL(p.url()).pathname).toBe(`/papers/${paper.id}/pages/${definitions.id}`);
    await waitFor(() => p.evaluate(() => document.getSelection()?.toString() === '943 476 5919'), { timeout: 15_000, message: 'the number selected in the text' });
    // The selection is the editor's own, in the page's text, and it was scrolled into view.
    expect(await p.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);

    await p.goBack();
    const again = p.getByRole('region', { name: 'Confidentiality check' });
    await again.getByRole('button', { name: 'Check now' }).click();
    const reason = again.getByRole('textbox', { name: 'Reason for keeping these findings' });
    await reason.fill('   ');
    await again.getByRole('button', { name: 'Acknowledge and proceed' }).click();
    await again.getByRole('alert').getByText('Give a reason for keeping these findings.').waitFor();
    await reason.fill('Fictitious numbers from the NHS data dictionary; the team line is public.');
    await again.getByRole('button', { name: 'Acknowledge and proceed' }).click();
    await again.getByRole('status').getByText(/Acknowledged 2 findings\. .*all acknowledged: export and release may go ahead\./).waitFor();
    expect(await again.getByText(/^Acknowledged by Eve Editor on .*: Fictitious numbers from the NHS data dictionary; the team line is public\.$/).count()).toBe(2);
    expect(await again.getByRole('button', { name: 'Acknowledge and proceed' }).count()).toBe(0);

    // A link to words that have gone since the check says so rather than selecting nothing quietly.
    await p.goto(`/papers/${paper.id}/pages/${definitions.id}?find=${encodeURIComponent('401 023 2137')}&block=2`);
    await p.getByText('“401 023 2137” is not on this page any more; it may have been changed since the check.').waitFor({ state: 'attached' });

    const { entries } = await eve.api('GET', `/api/papers/${paper.id}/audit?action=confidentiality.acknowledged`);
    expect(entries.map((e: { actor: { name: string }; detail: unknown }) => [e.actor.name, e.detail])).toEqual([
      ['Eve Editor', { count: 2, kinds: { phone: 1, nhs_number: 1 }, reason: 'Fictitious numbers from the NHS data dictionary; the team line is public.' }],
    ]);
    await eve.context.close();
  });
});
