/**
 * Invitation links in the browser: an editor creates one on the members page and copies it; a
 * second person opens it, signs up on the invitation screen and lands in the paper with that
 * role. Then the editor sees the use counted, revokes the link, and a third person is told so.
 * The members page also changes a role and removes someone after confirming, and explains why the
 * last editor cannot be changed.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPaper, newVisitor, signUpViaApi, uniqueEmail, serverAndBrowser } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('invitation links', () => {
  it('lets an editor invite by link; a newcomer signs up from it and joins with its role', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const paper = await createPaper(ada, 'Integrated care briefing');
    await ada.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });

    const a = ada.page;
    await a.goto(`/papers/${paper.id}`);
    const form = a.getByRole('form', { name: 'Create an invitation link' });
    await form.getByLabel('Role for people who join').selectOption('reviewer');
    await form.getByLabel('Link works for').selectOption('14');
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    const linkBox = a.getByLabel(/^New link for reviewers, until/);
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^${suite.server.url}/invite/[A-Za-z0-9_-]{32}$`));
    await a.getByRole('button', { name: 'Copy link' }).click();
    await a.getByText('Link copied.').waitFor();
    expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(link);
    const openLinks = a.getByRole('table', { name: 'Open invitation links' });
    await openLinks.getByRole('cell', { name: 'reviewer', exact: true }).waitFor();

    // A second person, not signed in, follows the link.
    const nina = await newVisitor(suite.browser, suite.server.url);
    const n = nina.page;
    await n.goto(link);
    await n.getByRole('heading', { name: 'Join “Integrated care briefing”' }).waitFor();
    await n.getByText('Ada Lovelace invites you to join this paper as a reviewer.').waitFor();
    const signUp = n.getByRole('form', { name: 'Create an account' });
    await signUp.getByLabel('Name').fill('Nina Newcomer');
    await signUp.getByLabel('Email').fill(uniqueEmail('nina'));
    await signUp.getByLabel('Password').fill('correct horse battery');
    await signUp.getByRole('button', { name: 'Sign up' }).click();

    await n.waitForURL(`${suite.server.url}/papers/${paper.id}`);
    await n.getByText('Your role: reviewer.').waitFor();
    await n.getByRole('heading', { name: 'Integrated care briefing', level: 1 }).waitFor();
    expect(await n.getByRole('button', { name: 'New chapter' }).count()).toBe(0);

    // The editor's members page shows Nina, and the link's use.
    await a.getByRole('rowheader', { name: 'Nina Newcomer' }).waitFor();
    await openLinks.getByRole('cell', { name: '1', exact: true }).waitFor();

    // Following the link again, already a member: told so, role unchanged.
    await n.goto(link);
    await n.getByRole('button', { name: 'Join as reviewer' }).click();
    await n.getByText('You are already a member of this paper, as reviewer.').waitFor();

    // Revoked, the link says so to the next person.
    await openLinks.getByRole('button', { name: /^Revoke the reviewer link/ }).click();
    await a.getByText('No open invitation links.').waitFor();
    const late = await newVisitor(suite.browser, suite.server.url);
    await late.page.goto(link);
    await late.page.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await late.page.getByRole('alert').filter({ hasText: "This invitation link was withdrawn by the paper's editor." }).waitFor();

    await Promise.all([ada.context.close(), nina.context.close(), late.context.close()]);
  });

  it('changes a role, removes a member after confirming, and explains the last editor', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Marley');
    const paper = await createPaper(ada);
    await addMember(ada, paper.id, bob, 'author');

    const a = ada.page;
    await a.goto(`/papers/${paper.id}`);
    const members = a.getByRole('table', { name: 'Members of this paper and their roles' });
    await members.getByText('The only editor. Make someone else an editor before changing this role or removing them.').waitFor();
    expect(await members.getByLabel('Role of Ada Lovelace').count()).toBe(0);

    await members.getByLabel('Role of Bob Marley').selectOption('reader');
    await a.waitForFunction(async (id) => {
      const res = await fetch(`/api/papers/${id}/members`);
      return (await res.json()).members.some((m: { name: string; role: string }) => m.name === 'Bob Marley' && m.role === 'reader');
    }, paper.id);

    await members.getByRole('button', { name: 'Remove Bob Marley' }).click();
    const confirm = members.getByRole('group', { name: 'Confirm removing Bob Marley' });
    await confirm.getByText('Remove Bob Marley from this paper? They lose access at once.').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await members.getByRole('rowheader', { name: 'Bob Marley' }).count()).toBe(1);
    await members.getByRole('button', { name: 'Remove Bob Marley' }).click();
    await confirm.getByRole('button', { name: 'Yes, remove Bob Marley' }).click();
    await members.getByRole('rowheader', { name: 'Bob Marley' }).waitFor({ state: 'detached' });
    expect((await bob.context.request.get(`${suite.server.url}/api/papers/${paper.id}`)).status()).toBe(404);

    await Promise.all([ada.context.close(), bob.context.close()]);
  });
});
