/**
 * Two people in two browsers write on the same page: each sees the other's text and caret. The
 * editor signs up, creates the paper and a chapter, and adds the author, all through the UI.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createPage, createPaper, editorOf, editorText, signUpViaApi, signUpViaUi, typeAtEnd, waitForStatus, serverAndBrowser } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('two people on one page', () => {
  it('see each other\'s text and cursors', async () => {
    const ada = await signUpViaUi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Marley');
    const a = ada.page;

    // Ada creates a paper and a chapter through the UI.
    await a.getByLabel('Title', { exact: true }).fill('Integrated care');
    await a.getByLabel('Subtitle').fill('A briefing paper');
    await a.getByRole('button', { name: 'Create paper' }).click();
    await a.getByRole('heading', { level: 1, name: 'Integrated care' }).waitFor();
    await a.getByRole('button', { name: 'New chapter' }).click();
    await a.getByLabel('Chapter title').fill('Introduction');
    await a.getByRole('button', { name: 'Create chapter' }).click();
    const chapterLink = a.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: '1 Introduction' });
    await chapterLink.waitFor();

    // Ada adds Bob as an author through the members panel.
    await a.getByLabel('Email of the person to add').fill(bob.email);
    await a.getByLabel('Role', { exact: true }).selectOption('author');
    await a.getByRole('button', { name: 'Add member' }).click();
    await a.getByRole('region', { name: 'Members' }).getByText('Bob Marley').waitFor();

    await chapterLink.click();
    await a.getByRole('navigation', { name: 'Breadcrumb' }).getByText('1 Introduction').waitFor();
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Hello from Ada.');
    await waitForStatus(a, 'Saved');

    const b = bob.page;
    await b.goto(a.url());
    await editorOf(b).getByText('Hello from Ada.').waitFor();
    await typeAtEnd(b, ' And hello from Bob.');

    await editorOf(a).getByText('Hello from Ada. And hello from Bob.').waitFor();
    await editorOf(b).getByText('Hello from Ada. And hello from Bob.').waitFor();

    // Each sees the other's caret, labelled with their name.
    await a.locator('.ProseMirror-yjs-cursor', { hasText: 'Bob Marley' }).waitFor();
    await typeAtEnd(a, ' Ada again.');
    await b.locator('.ProseMirror-yjs-cursor', { hasText: 'Ada Lovelace' }).waitFor();
    await editorOf(b).getByText('Hello from Ada. And hello from Bob. Ada again.').waitFor();

    // Both are shown as on this page.
    await a.getByRole('group', { name: 'People on this page' }).getByRole('img', { name: 'Bob Marley' }).waitFor();
    expect(await editorText(a)).toBe('Hello from Ada. And hello from Bob. Ada again.');

    await ada.context.close();
    await bob.context.close();
  });

  it('shows a caret again as soon as its owner reconnects, not at the next awareness renewal', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const bob = await signUpViaApi(suite.browser, suite.server.url, 'Bob Marley');
    const paper = await createPaper(ada);
    const page = await createPage(ada, paper.id, 'Introduction');
    await addMember(ada, paper.id, bob, 'author');
    // Keep a handle on Bob's sockets so the test can drop his connection as a flaky network would.
    await bob.page.addInitScript(() => {
      const Native = window.WebSocket;
      const open: WebSocket[] = [];
      (window as unknown as { quireSockets: WebSocket[] }).quireSockets = open;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          open.push(this);
        }
      };
    });
    const a = ada.page;
    const b = bob.page;
    await a.goto(`/papers/${paper.id}/pages/${page.id}`);
    await b.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(b, 'Saved');
    await typeAtEnd(b, 'Bob writes.');
    const bobCaret = a.locator('.ProseMirror-yjs-cursor', { hasText: 'Bob Marley' });
    await bobCaret.waitFor();

    await b.evaluate(() => {
      for (const ws of (window as unknown as { quireSockets: WebSocket[] }).quireSockets) if (ws.url.includes('/collab/')) ws.close();
    });
    // The server removes Bob's caret when his socket closes, and y-websocket reconnects by itself.
    await bobCaret.waitFor({ state: 'detached' });
    await waitForStatus(b, 'Saved');
    // Awareness renews every 15 s; the caret must be back well before that.
    await bobCaret.waitFor({ timeout: 7_000 });
    expect(await editorText(a)).toBe('Bob writes.');

    await ada.context.close();
    await bob.context.close();
  });
});
