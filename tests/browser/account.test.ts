/**
 * "Your account" in the browser: download my data, change my password (another browser is
 * signed out), and delete my account after confirming with the password.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createPaper, signUpViaApi, serverAndBrowser } from '../helpers/browser.js';

const suite = serverAndBrowser();

describe('Your account', () => {
  it('downloads my data as a JSON file', async () => {
    const ada = await signUpViaApi(suite.browser, suite.server.url, 'Ada Lovelace');
    const paper = await createPaper(ada, 'Integrated care');
    const p = ada.page;
    await p.goto('/account');
    await p.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
    const download = p.waitForEvent('download');
    await p.getByRole('link', { name: 'Download my data' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^quire-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await file.path())!, 'utf8'));
    expect(data.profile).toMatchObject({ id: ada.user.id, name: 'Ada Lovelace', email: ada.email });
    expect(data.memberships).toEqual([expect.objectContaining({ paperId: paper.id, role: 'editor' })]);
  });

  it('changes the password, signing out another browser, and says so', async () => {
    const bea = await signUpViaApi(suite.browser, suite.server.url, 'Bea Brown');
    const other = await suite.browser.newContext({ baseURL: suite.server.url });
    await other.request.post(`${suite.server.url}/api/auth/signin`, { data: { email: bea.email, password: bea.password }, headers: { origin: suite.server.url } });
    expect((await other.request.get(`${suite.server.url}/api/me`)).status()).toBe(200);

    const p = bea.page;
    await p.goto('/account');
    const form = p.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password').fill('a new long passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').filter({ hasText: 'Your current password is not right.' }).waitFor();
    expect(await form.getByLabel('New password').inputValue()).toBe('a new long passphrase');

    await form.getByLabel('Current password').fill(bea.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').filter({ hasText: 'Your password is changed.' }).waitFor();
    expect((await other.request.get(`${suite.server.url}/api/me`)).status()).toBe(401);
    expect((await bea.api('GET', '/api/me')).user.id).toBe(bea.user.id);
    await other.close();
  });

  it('deletes the account after the password, and shows the sign-in screen', async () => {
    const cy = await signUpViaApi(suite.browser, suite.server.url, 'Cy Young');
    const p = cy.page;
    await p.goto('/account');
    const form = p.getByRole('form', { name: 'Delete your account' });
    await form.getByText('This cannot be undone.').waitFor();
    await form.getByLabel('Your password, to confirm').fill(cy.password);
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await p.getByRole('form', { name: 'Sign in' }).waitFor();
    const res = await p.request.post(`${suite.server.url}/api/auth/signin`, { data: { email: cy.email, password: cy.password }, headers: { origin: suite.server.url } });
    expect(res.status()).toBe(401);
  });
});
