/**
 * Real Chromium for browser tests: one browser per test file, one context per person (its own
 * cookies, IndexedDB and service worker), and short ways to sign people up and open pages.
 */
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import type { PageView, PaperView, UserView } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';
import { startServer, type TestServer } from './server.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches the system Chromium headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The real server and the Chromium that one browser test file shares; both start before its tests and stop after. */
export function serverAndBrowser(): { server: TestServer; browser: Browser } {
  const suite = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** One person in the browser: their context, a tab, and who they are. */
export interface BrowserUser {
  context: BrowserContext;
  page: Page;
  user: UserView;
  email: string;
  password: string;
  /** Calls the API with this person's cookies (the Origin header set like a browser would). */
  api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

/** A unique email address for a test person. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.org`;
}

/** Opens a fresh context and tab for a person who is not signed in yet. */
export async function newVisitor(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  return { context, page };
}

/** Builds the api() function for a context: JSON in and out, throwing on a non-2xx status. */
function apiFor(context: BrowserContext, baseUrl: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await context.request.fetch(baseUrl + path, { method, data: body === undefined ? undefined : body, headers: { origin: baseUrl } });
    const text = await res.text();
    if (!res.ok()) throw new Error(`${method} ${path} -> ${res.status()} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Signs a new person up through the API inside a new context (so the browser has the cookie). */
export async function signUpViaApi(browser: Browser, baseUrl: string, name: string): Promise<BrowserUser> {
  const { context, page } = await newVisitor(browser, baseUrl);
  const email = uniqueEmail(name.split(' ')[0].toLowerCase());
  const password = 'correct horse battery';
  const api = apiFor(context, baseUrl);
  const { user } = await api<{ user: UserView }>('POST', '/api/auth/signup', { name, email, password });
  return { context, page, user, email, password, api };
}

/** Signs a new person up through the sign-up form. */
export async function signUpViaUi(browser: Browser, baseUrl: string, name: string): Promise<BrowserUser> {
  const { context, page } = await newVisitor(browser, baseUrl);
  const email = uniqueEmail(name.split(' ')[0].toLowerCase());
  const password = 'correct horse battery';
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Create an account' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'My papers' }).waitFor();
  const api = apiFor(context, baseUrl);
  const { user } = await api<{ user: UserView }>('GET', '/api/me');
  return { context, page, user, email, password, api };
}

/** Creates a paper through the API as `owner` (its editor). */
export async function createPaper(owner: BrowserUser, title = 'Integrated care briefing'): Promise<PaperView> {
  return (await owner.api<{ paper: PaperView }>('POST', '/api/papers', { title, subtitle: 'From the spring masterclass' })).paper;
}

/** Creates a page through the API. */
export async function createPage(author: BrowserUser, paperId: string, title: string, parentId: string | null = null): Promise<PageView> {
  return (await author.api<{ page: PageView }>('POST', `/api/papers/${paperId}/pages`, { title, parentId })).page;
}

/** Adds a member through the API as an editor. */
export async function addMember(editor: BrowserUser, paperId: string, member: BrowserUser, role: Role): Promise<void> {
  await editor.api('POST', `/api/papers/${paperId}/members`, { email: member.email, role });
}

/** The editor of the page on screen. */
export function editorOf(page: Page) {
  return page.getByRole('textbox', { name: 'Page text' });
}

/** Waits until the save status line says exactly `text`. */
export async function waitForStatus(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.getByRole('status').and(page.getByText(text, { exact: true })).waitFor({ timeout });
}

/** Waits until the service worker controls the tab (so reloads work without the server). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 15_000 });
}

/** Waits until the service worker has cached these API paths (so they can be served offline). */
export async function waitForCached(page: Page, paths: string[]): Promise<void> {
  await page.waitForFunction(async (list) => (await Promise.all(list.map((p) => caches.match(p)))).every(Boolean), paths, { timeout: 15_000, polling: 100 });
}

/** Puts the caret at the end of the editor's text and types. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  const editor = editorOf(page);
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** The editor's text as the document holds it (other people's carets left out). */
export async function editorText(page: Page): Promise<string> {
  return editorOf(page).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-yjs-cursor').forEach((n) => n.remove());
    return copy.textContent ?? '';
  });
}
