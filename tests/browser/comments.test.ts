/**
 * Comments in two real browsers: a reviewer selects a sentence and comments on it (mentioning the
 * author through the autocomplete) while the author types above it; the author sees the right
 * words highlighted, replies and resolves; the reviewer sees the reply, the resolution and the
 * notification arrive live, without reloading. Also: a reader sees comments but no controls.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addMember, createPage, createPaper, editorOf, editorText, serverAndBrowser, signUpViaApi, typeAtEnd, waitForStatus } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';

const suite = serverAndBrowser();

/** Selects exactly these words in the editor (across highlight and caret boundaries), as dragging the mouse over them would. */
async function selectWords(page: Page, words: string): Promise<void> {
  await editorOf(page).evaluate((root, target) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest('.ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const text = nodes.map((n) => n.data).join('');
    const at = text.indexOf(target);
    if (at < 0) throw new Error(`"${target}" is not in the editor`);
    const locate = (offset: number, leanLeft: boolean): [Text, number] => {
      let passed = 0;
      for (const node of nodes) {
        const end = passed + node.data.length;
        if (offset < end || (leanLeft && offset === end)) return [node, offset - passed];
        passed = end;
      }
      const last = nodes[nodes.length - 1];
      return [last, last.data.length];
    };
    const range = document.createRange();
    range.setStart(...locate(at, false));
    range.setEnd(...locate(at + target.length, true));
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, words);
  // The editor takes up the selection on 'selectionchange', a task of its own: let it run first.
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

const highlighted = (page: Page) => editorOf(page).locator('.comment-highlight');

describe('reviewing with comments', () => {
  it('a reviewer comments on a sentence while the author types above it; the author replies and resolves; the reviewer sees it all live', { timeout: 90_000 }, async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Author');
    const rita = await signUpViaApi(suite.browser, suite.server.url, 'Rita Reviewer');
    const paper = await createPaper(ada);
    const chapter = await createPage(ada, paper.id, 'Introduction');
    await addMember(ada, paper.id, rita, 'reviewer');
    const url = `/papers/${paper.id}/pages/${chapter.id}`;

    const a = ada.page;
    await a.goto(url);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Shared records help every team.');
    await a.keyboard.press('Enter');
    await a.keyboard.type('Reviewers should check this claim carefully. The end.');
    await waitForStatus(a, 'Saved');
    expect(await editorText(a)).toBe('Shared records help every team.Reviewers should check this claim carefully. The end.');

    const r = rita.page;
    await r.goto(url);
    await expect.poll(() => editorText(r), { timeout: 20_000 }).toContain('Reviewers should check this claim carefully.');
    // A reviewer sees the Comment button but no writing tools.
    await r.getByRole('button', { name: 'Comment', exact: true }).waitFor();

    // The reviewer selects the words and chooses Comment; then the author types at the top of the
    // page while the reviewer writes. (A selection made by script and taken in the same moment as a
    // remote edit re-renders the text can be reset by the editor before it reads it: a person
    // dragging over words makes many selection changes, the test makes one.)
    await selectWords(r, 'check this claim');
    await r.getByRole('button', { name: 'Comment', exact: true }).click();
    const panel = r.getByRole('complementary', { name: 'Comments' });
    await panel.getByText('Selected text', { exact: true }).waitFor();
    await editorOf(a).click();
    await a.keyboard.press('Control+Home');
    const typing = a.keyboard.type('Typed above while the reviewer comments. ', { delay: 25 });
    const box = panel.getByRole('combobox', { name: 'Comment on the selected text' });
    await box.click();
    await box.pressSequentially('Which study? Over to @Ad', { delay: 10 });
    const suggestions = panel.getByRole('listbox', { name: 'Members to mention' });
    await suggestions.getByRole('option', { name: /Ada Author/ }).waitFor();
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Which study? Over to @Ada Author ');
    await box.pressSequentially('please.');
    await panel.getByRole('button', { name: 'Post comment' }).first().click();
    await panel.getByRole('article', { name: 'Comment by Rita Reviewer on “check this claim”' }).waitFor();
    await typing;
    await waitForStatus(a, 'Saved');

    // The author sees the highlight on exactly the commented words, above which they typed, and the count.
    await waitFor(async () => (await highlighted(a).allTextContents()).join('') === 'check this claim', { message: 'the author sees the highlight' });
    await expect.poll(async () => (await editorOf(a).textContent())?.startsWith('Typed above while the reviewer comments. Shared records')).toBe(true);

    // The author splits the paragraph just before the commented words (Enter over "should "): the highlight stays on them.
    await selectWords(a, 'should ');
    await a.keyboard.press('Enter');
    await waitForStatus(a, 'Saved');
    await editorOf(a).locator('p', { hasText: /^check this claim carefully/ }).waitFor();
    await waitFor(async () => (await highlighted(a).allTextContents()).join('') === 'check this claim', { message: 'the highlight after the split' });
    await waitFor(async () => (await highlighted(r).allTextContents()).join('') === 'check this claim', { message: 'the reviewer’s highlight after the split' });

    const toggle = a.getByRole('button', { name: 'Comments, 1 open' });
    await toggle.waitFor();
    await a.getByRole('navigation', { name: 'Pages' }).getByText('1 open comment').waitFor();

    // The author opens the comments, is mentioned by name, replies and resolves.
    await toggle.click();
    const aPanel = a.getByRole('complementary', { name: 'Comments' });
    const thread = aPanel.getByRole('article', { name: 'Comment by Rita Reviewer on “check this claim”' });
    await thread.getByText('Which study? Over to @Ada Author please.').waitFor();
    await expect.poll(() => thread.locator('.mention-me').textContent()).toBe('@Ada Author');

    // Choosing the thread selects its words in the text.
    await thread.getByText('Which study?').click();
    await expect.poll(() => a.evaluate(() => window.getSelection()?.toString())).toBe('check this claim');

    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByRole('combobox', { name: 'Reply to Rita Reviewer’s comment' }).fill('The 2024 audit; reference added.');
    await thread.getByRole('button', { name: 'Post reply' }).click();
    await thread.getByText('The 2024 audit; reference added.').waitFor();

    // The reviewer sees the reply arrive, and is notified of it, without reloading.
    const rThread = panel.getByRole('article', { name: 'Comment by Rita Reviewer on “check this claim”' });
    await rThread.getByText('The 2024 audit; reference added.').waitFor();
    await expect.poll(() => r.locator('.paper-layout > [aria-live="polite"]').textContent(), { timeout: 5000 }).toBe('Ada Author replied to the comment on “check this claim”.');
    await r.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();

    await thread.getByRole('button', { name: 'Resolve' }).click();
    await aPanel.getByRole('button', { name: 'Open (0)' }).waitFor();
    await a.getByRole('button', { name: 'Comments, 0 open' }).waitFor();
    await expect.poll(() => highlighted(a).count()).toBe(0);

    // The reviewer sees the resolution live: no open threads, no highlight, the thread under Resolved.
    await panel.getByRole('button', { name: 'Open (0)' }).waitFor();
    await expect.poll(() => highlighted(r).count()).toBe(0);
    await panel.getByRole('button', { name: 'Resolved (1)' }).click();
    await panel.getByRole('article', { name: 'Comment by Rita Reviewer on “check this claim”, resolved' }).getByText('Resolved by Ada Author').waitFor();
    await r.getByRole('navigation', { name: 'Pages' }).getByText('1 open comment').waitFor({ state: 'detached' });

    // The notification leads to the thread: the panel opens on it, its words chosen.
    await r.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await r.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: /Ada Author replied to your comment/ }).click();
    await r.waitForURL(/\?thread=/);
    const led = r.getByRole('complementary', { name: 'Comments' }).getByRole('article', { name: 'Comment by Rita Reviewer on “check this claim”, resolved' });
    await expect.poll(() => led.evaluate((el) => el === document.activeElement).catch(() => false)).toBe(true);

    await ada.context.close();
    await rita.context.close();
  });

  it('shows a reader the comments and highlights, with no way to comment, and marks a thread on deleted text', { timeout: 60_000 }, async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Author');
    const rob = await signUpViaApi(suite.browser, suite.server.url, 'Rob Reader');
    const paper = await createPaper(ada);
    const chapter = await createPage(ada, paper.id, 'Method');
    await addMember(ada, paper.id, rob, 'reader');
    const rex = await signUpViaApi(suite.browser, suite.server.url, 'Rex Reviewer');
    await addMember(ada, paper.id, rex, 'reviewer');
    const url = `/papers/${paper.id}/pages/${chapter.id}`;

    const a = ada.page;
    await a.goto(url);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Keep these words. Remove these words later.');
    await waitForStatus(a, 'Saved');
    await selectWords(a, 'Remove these words');
    await a.keyboard.press('Control+Alt+M');
    const panel = a.getByRole('complementary', { name: 'Comments' });
    await panel.getByRole('combobox', { name: 'Comment on the selected text' }).fill('Is this needed?');
    await panel.getByRole('button', { name: 'Post comment' }).first().click();
    await waitFor(async () => (await highlighted(a).allTextContents()).join('') === 'Remove these words', { message: 'highlight' });

    const r = rob.page;
    await r.goto(url);
    await waitFor(async () => (await highlighted(r).allTextContents()).join('') === 'Remove these words', { message: 'the reader sees the highlight' });
    expect(await r.getByRole('button', { name: 'Comment', exact: true }).count()).toBe(0);
    await r.getByRole('button', { name: 'Comments, 1 open' }).click();
    const rPanel = r.getByRole('complementary', { name: 'Comments' });
    const thread = rPanel.getByRole('article', { name: 'Comment by Ada Author on “Remove these words”' });
    await thread.getByText('Is this needed?').waitFor();
    expect(await rPanel.getByRole('combobox').count()).toBe(0);
    expect(await thread.getByRole('button').count()).toBe(0);

    // Enter on a thread selects its words, in read-only text too.
    await thread.focus();
    await r.keyboard.press('Enter');
    await expect.poll(() => r.evaluate(() => window.getSelection()?.toString())).toBe('Remove these words');
    await expect.poll(() => highlighted(r).and(r.locator('.comment-highlight-active')).count()).toBeGreaterThan(0);

    // The author mentions the reader in a page comment with the keyboard alone: @ lists the members,
    // Down moves, Escape closes, typing narrows, Enter picks.
    const pageBox = panel.getByRole('combobox', { name: 'Comment on this page' });
    await pageBox.click();
    await pageBox.pressSequentially('Thanks @');
    const options = panel.getByRole('listbox', { name: 'Members to mention' }).getByRole('option');
    // Everyone but herself, in the members list's order.
    await expect.poll(() => options.allTextContents()).toEqual(['Rex Reviewer reviewer', 'Rob Reader reader']);
    await pageBox.press('ArrowDown');
    await expect.poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await pageBox.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    await pageBox.press('Escape');
    await expect.poll(() => pageBox.getAttribute('aria-expanded')).toBe('false');
    await pageBox.pressSequentially('Ro');
    await expect.poll(() => options.allTextContents()).toEqual(['Rob Reader reader']);
    await pageBox.press('Enter');
    await pageBox.pressSequentially('for reading.');
    await pageBox.press('Control+Enter');
    const mention = rPanel.getByRole('article', { name: 'Comment by Ada Author on the page' }).locator('.mention-me');
    await expect.poll(() => mention.textContent()).toBe('@Rob Reader');
    // "Mine" lists the threads the reader is mentioned in.
    await rPanel.getByRole('button', { name: 'Mine (1)' }).click();
    await expect.poll(() => rPanel.getByRole('article').count()).toBe(1);
    await rPanel.getByRole('button', { name: 'Open (2)' }).click();

    // She edits it (the mention kept), then deletes it after confirming; the reader sees both live.
    const own = panel.getByRole('article', { name: 'Comment by Ada Author on the page' });
    await own.getByRole('button', { name: 'Edit your comment' }).click();
    const editBox = own.getByRole('combobox', { name: 'Edit your comment' });
    await expect.poll(() => editBox.inputValue()).toBe('Thanks @Rob Reader for reading.');
    await editBox.fill('Thanks @Rob Reader for reading so carefully.');
    await own.getByRole('button', { name: 'Save' }).click();
    const readerView = rPanel.getByRole('article', { name: 'Comment by Ada Author on the page' });
    await readerView.getByText('Thanks @Rob Reader for reading so carefully.').waitFor();
    await readerView.getByText('(edited)').waitFor();
    await expect.poll(() => readerView.locator('.mention-me').textContent()).toBe('@Rob Reader');
    await own.getByRole('button', { name: 'Delete your comment' }).click();
    await own.getByRole('button', { name: 'Delete', exact: true }).click();
    await readerView.waitFor({ state: 'detached' });
    await r.getByRole('button', { name: 'Comments, 1 open' }).waitFor();
    await rPanel.getByRole('button', { name: 'Mine (0)' }).waitFor();

    // The author deletes the commented words: the thread stays, marked as on deleted text, for both.
    await selectWords(a, ' Remove these words later.');
    await a.keyboard.press('Delete');
    await waitForStatus(a, 'Saved');
    await rPanel.getByRole('article', { name: 'Comment by Ada Author on deleted text “Remove these words”' }).getByText('On deleted text', { exact: true }).waitFor();
    await expect.poll(() => highlighted(r).count()).toBe(0);
    await ada.context.close();
    await rob.context.close();
    await rex.context.close();
  });
});
