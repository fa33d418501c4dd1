/**
 * Access changes reach an open page without a reload: an author made reviewer gets a read-only
 * page, and someone removed from the paper is told so and the page is closed.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPage, createPaper, editorOf, signUpViaApi, waitForStatus, serverAndBrowser } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('access changes on an open page', () => {
  it('turns the page read-only for a new reviewer and closes it once removed', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Marley');
    const paper = await createPaper(ada);
    const page = await createPage(ada, paper.id, 'Introduction');
    await addMember(ada, paper.id, bob, 'author');

    const b = bob.page;
    await b.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(b, 'Saved');
    expect(await editorOf(b).getAttribute('contenteditable')).toBe('true');
    await b.getByRole('toolbar', { name: 'Formatting' }).waitFor();
    // Bob's tree shows him on the page once his live channel has joined the paper.
    await b.getByRole('navigation', { name: 'Pages' }).getByRole('img', { name: 'Bob Marley is on this page' }).waitFor();

    await ada.api('PATCH', `/api/papers/${paper.id}/members/${bob.user.id}`, { role: 'reviewer' });
    await b.getByText('Read only: your role is reviewer').waitFor();
    await waitForStatus(b, 'Saved');
    expect(await editorOf(b).getAttribute('contenteditable')).toBe('false');
    expect(await b.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
    expect(await b.getByRole('button', { name: 'New chapter' }).count()).toBe(0);

    await ada.api('DELETE', `/api/papers/${paper.id}/members/${bob.user.id}`);
    await b.getByRole('alert').filter({ hasText: 'An editor removed you from this paper' }).waitFor();
    await b.getByRole('heading', { name: 'You are no longer a member of this paper' }).waitFor();
    expect(await editorOf(b).count()).toBe(0);

    await ada.context.close();
    await bob.context.close();
  });
});
