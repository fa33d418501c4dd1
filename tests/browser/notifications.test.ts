/**
 * The notification bell in real Chromium: a member watches a paper from its overview; when another
 * member changes a page's status the bell's unread count rises live and the news is announced;
 * the list opens and closes from the keyboard; following an item goes to the page and clears the
 * count; "Mark all as read" clears it too; "Watch page" is a pressed toggle.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPage, createPaper, serverAndBrowser, signUpViaApi } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('the notification bell', () => {
  it('counts a watched change live, lists it, and goes to the page when followed', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const dee = await signUpViaApi(suite.browser, suite.server.url, 'Dee Reviewer');
    const paper = await createPaper(ada, 'Falls prevention');
    await createPage(ada, paper.id, 'Introduction');
    const definitions = await createPage(ada, paper.id, 'Definitions');
    await addMember(ada, paper.id, dee, 'reviewer');

    const d = dee.page;
    await d.goto(`/papers/${paper.id}`);
    const bell = d.getByRole('button', { name: 'Notifications', exact: true });
    await bell.waitFor();
    const watchPaper = d.getByRole('button', { name: 'Watch paper' });
    await watchPaper.click();
    await d.getByRole('button', { name: 'Watch paper', pressed: true }).waitFor();
    expect((await dee.api('GET', `/api/papers/${paper.id}/watch`)).paper).toBe(true);

    // Ada sends the page for review; Dee's bell counts it without a reload.
    await ada.api('POST', `/api/papers/${paper.id}/pages/${definitions.id}/status`, { status: 'in_review' });
    const oneUnread = d.getByRole('button', { name: 'Notifications, 1 unread' });
    await oneUnread.waitFor();
    expect(await oneUnread.locator('.notification-count').textContent()).toBe('1');
    await d.getByText('New notification: Ada Lovelace sent 2 Definitions for review').waitFor({ state: 'attached' });

    // The list opens; Escape closes it and returns focus to the bell.
    await oneUnread.click();
    const panel = d.getByRole('region', { name: 'Notifications' });
    const item = panel.getByRole('link', { name: /Unread: Ada Lovelace sent 2 Definitions for review/ });
    await item.waitFor();
    expect(await item.textContent()).toContain('Falls prevention');
    await d.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await oneUnread.evaluate((el) => el === document.activeElement)).toBe(true);

    // From the keyboard: open, then follow the item to the page.
    await d.keyboard.press('Enter');
    await panel.waitFor();
    await item.focus();
    await d.keyboard.press('Enter');
    await d.waitForURL(`**/papers/${paper.id}/pages/${definitions.id}`);
    await d.getByRole('heading', { name: '2 Definitions' }).waitFor();
    await bell.waitFor();
    expect((await dee.api('GET', '/api/notifications')).unread).toBe(0);

    // On the page, Dee stops watching it (the paper watch still tells her).
    const watchPage = d.getByRole('button', { name: 'Watch page' });
    await watchPage.waitFor();
    expect(await watchPage.getAttribute('aria-pressed')).toBe('false');
    await watchPage.click();
    await d.getByRole('button', { name: 'Watch page', pressed: true }).waitFor();
    expect((await dee.api('GET', `/api/papers/${paper.id}/watch`)).pageIds).toEqual([definitions.id]);

    // Two more changes, then "Mark all as read" clears the count.
    await ada.api('POST', `/api/papers/${paper.id}/pages/${definitions.id}/status`, { status: 'approved' });
    await ada.api('POST', `/api/papers/${paper.id}/pages/${definitions.id}/status`, { status: 'draft' });
    await d.getByRole('button', { name: 'Notifications, 2 unread' }).click();
    await panel.getByRole('link', { name: /Unread: Ada Lovelace reopened 2 Definitions/ }).waitFor();
    await panel.getByRole('link', { name: /Ada Lovelace sent 2 Definitions for review/ }).waitFor();
    expect(await panel.getByRole('link', { name: /^Unread:/ }).count()).toBe(2);
    await panel.getByRole('button', { name: 'Mark all as read' }).click();
    await bell.waitFor();
    // The button is now disabled, so focus moved to the list's heading rather than being lost.
    expect(await panel.getByRole('heading', { name: 'Notifications' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await panel.getByRole('link', { name: /^Unread:/ }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Mark all as read' }).isDisabled()).toBe(true);

    await ada.context.close();
    await dee.context.close();
  });

  it('updates the count in every tab when one of them marks a notification read', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Author');
    const paper = await createPaper(ada, 'Discharge planning');
    const page = await createPage(ada, paper.id, 'Scope');
    await addMember(ada, paper.id, bob, 'author');
    await bob.api('PUT', `/api/papers/${paper.id}/watch`, { watching: true });

    const tab1 = bob.page;
    const tab2 = await bob.context.newPage();
    await tab1.goto('/');
    await tab2.goto('/');
    await tab1.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await tab2.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await ada.api('POST', `/api/papers/${paper.id}/pages/${page.id}/status`, { status: 'in_review' });
    await tab1.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    await tab2.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();

    await tab1.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await tab1.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: /Ada Lovelace sent 1 Scope for review/ }).click();
    await tab1.waitForURL(`**/papers/${paper.id}/pages/${page.id}`);
    await tab2.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    await ada.context.close();
    await bob.context.close();
  });

  it('shows "Watch page" pressed once the person comments, and leads from a reply to its thread', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Author');
    const paper = await createPaper(ada, 'Medicines review');
    const page = await createPage(ada, paper.id, 'Methods');
    await addMember(ada, paper.id, bob, 'author');

    const b = bob.page;
    await b.goto(`/papers/${paper.id}/pages/${page.id}`);
    await b.getByRole('button', { name: 'Watch page', pressed: false }).waitFor();
    const { thread } = await bob.api('POST', `/api/papers/${paper.id}/pages/${page.id}/comments`, { kind: 'page', text: 'Which databases did we search?' });
    await b.getByRole('button', { name: 'Watch page', pressed: true }).waitFor();

    // Ada replies; Bob's bell leads to the page with the thread named in the address.
    await ada.api('POST', `/api/papers/${paper.id}/pages/${page.id}/comments/${thread.id}/replies`, { text: 'MEDLINE and CINAHL.' });
    await b.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await b.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: /Ada Lovelace replied to your comment on 1 Methods: “MEDLINE and CINAHL\.”/ }).click();
    await b.waitForURL(`**/papers/${paper.id}/pages/${page.id}?thread=${thread.id}`);
    await b.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    await ada.context.close();
    await bob.context.close();
  });

  it('shows older notifications on request, continuing at the first older one', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Author');
    const paper = await createPaper(ada, 'Long review');
    const page = await createPage(ada, paper.id, 'Findings');
    await addMember(ada, paper.id, bob, 'author');
    await bob.api('PUT', `/api/papers/${paper.id}/watch`, { watching: true });
    for (let i = 0; i < 21; i++) await ada.api('POST', `/api/papers/${paper.id}/pages/${page.id}/status`, { status: i % 2 ? 'draft' : 'in_review' });

    const b = bob.page;
    await b.goto('/');
    await b.getByRole('button', { name: 'Notifications, 21 unread' }).click();
    const panel = b.getByRole('region', { name: 'Notifications' });
    await panel.getByRole('link').first().waitFor();
    expect(await panel.getByRole('link').count()).toBe(20);
    await panel.getByRole('button', { name: 'Show older' }).focus();
    await b.keyboard.press('Enter');
    await panel.getByRole('button', { name: 'Show older' }).waitFor({ state: 'hidden' });
    expect(await panel.getByRole('link').count()).toBe(21);
    expect(await panel.getByRole('link').nth(20).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await panel.getByRole('link').nth(20).textContent()).toContain('Ada Lovelace sent 1 Findings for review');

    await ada.context.close();
    await bob.context.close();
  });
});
