/**
 * Signing out on a shared desktop leaves no page text behind: the IndexedDB copies and the
 * unsaved-edit backups are deleted. Signing out with edits the server has not confirmed asks first.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPage, createPaper, signUpViaApi, typeAtEnd, waitForStatus, serverAndBrowser } from '../helpers/browser.js';

const suite = serverAndBrowser();

const localPageCopies = (page: Page) =>
  page.evaluate(async () => {
    const dbs = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('quire-page-'));
    const keys = Object.keys(localStorage).filter((key) => key.startsWith('quire-'));
    return [...dbs, ...keys];
  });

describe('signing out', () => {
  it('removes the page text kept on this device', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const paper = await createPaper(ada);
    const chapter = await createPage(ada, paper.id, 'Introduction');
    const a = ada.page;
    await a.goto(`/papers/${paper.id}/pages/${chapter.id}`);
    await waitForStatus(a, 'Saved');
    await typeAtEnd(a, 'Confidential draft text.');
    await waitForStatus(a, 'Saved');
    await expect.poll(() => localPageCopies(a)).toContain(`quire-page-${chapter.id}`);

    await a.getByRole('button', { name: 'Sign out' }).click();
    await a.getByRole('form', { name: 'Sign in' }).waitFor();
    await expect.poll(() => localPageCopies(a)).toEqual([]);
    await ada.context.close();
  });

  it('asks before signing out with edits the server has not confirmed, and stays signed in on Cancel', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const a = ada.page;
    await a.goto('/');
    await a.getByRole('heading', { name: 'My papers' }).waitFor();
    // An unsaved edit left by an earlier visit (the mark the editor keeps until the server confirms).
    await a.evaluate(() => localStorage.setItem('quire-pending-somepage', '[[1,5]]'));
    const questions: string[] = [];
    a.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await a.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toContain('have not reached');
    await a.getByRole('heading', { name: 'My papers' }).waitFor();
    expect(await localPageCopies(a)).toEqual(['quire-pending-somepage']);
    await ada.context.close();
  });
});
