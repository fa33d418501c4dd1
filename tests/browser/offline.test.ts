/**
 * Never lose a word: text typed while the server is down survives a reload (served by the
 * service worker and IndexedDB) and reaches the server once it is back on the same port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, tempDataDir, type TestServer } from '../helpers/server.js';
import { createPage, createPaper, editorOf, editorText, launchBrowser, waitForCached, signUpViaApi, typeAtEnd, waitForServiceWorker, waitForStatus } from '../helpers/browser.js';

const OFFLINE = 'Offline: your changes are kept on this device and will sync';

let server: TestServer;
let browser: Browser;
const data = tempDataDir();

beforeAll(async () => {
  server = await startServer({ dataDir: data.dir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop(false);
  data.cleanup();
});

describe('offline editing', () => {
  it('keeps text typed while the server is down across a reload, then syncs it', async () => {
    const ada = await signUpViaApi(browser, server.url, 'Ada Lovelace');
    const paper = await createPaper(ada);
    const page = await createPage(ada, paper.id, 'Introduction');
    const p = ada.page;

    await p.goto(`/papers/${paper.id}/pages/${page.id}`);
    await waitForStatus(p, 'Saved');
    // The service worker takes control of this first visit and caches what the page already fetched.
    await waitForServiceWorker(p);
    await waitForCached(p, ['/index.html', '/api/me', `/api/papers/${paper.id}`, `/api/papers/${paper.id}/pages`, `/api/papers/${paper.id}/pages/${page.id}`]);
    await typeAtEnd(p, 'Typed online.');
    await waitForStatus(p, 'Saved');

    const port = server.port;
    await server.stop(false);
    await waitForStatus(p, OFFLINE);
    await typeAtEnd(p, ' Typed offline.');
    await editorOf(p).getByText('Typed online. Typed offline.').waitFor();

    await p.reload();
    await editorOf(p).getByText('Typed online. Typed offline.').waitFor();
    await waitForStatus(p, OFFLINE);

    server = await startServer({ dataDir: data.dir, port });
    await waitForStatus(p, 'Saved', 20_000);

    // Someone else (Ada on another device) sees the text from the server.
    const other = await browser.newContext({ baseURL: server.url });
    const cookies = await ada.context.cookies();
    await other.addCookies(cookies);
    const q = await other.newPage();
    await q.goto(`/papers/${paper.id}/pages/${page.id}`);
    await editorOf(q).getByText('Typed online. Typed offline.').waitFor();
    expect(await editorText(q)).toBe('Typed online. Typed offline.');

    await other.close();
    await ada.context.close();
  }, 90_000);
});
