/**
 * Test factories over the real HTTP API: a client with its own cookie jar, and builders for a
 * signed-up user, a paper and a page. Overrides keep each test to the fields it cares about.
 */
import { randomBytes } from 'node:crypto';
import type { PageView, PaperView, UserView } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';

/** An HTTP client for one person: remembers the session cookie like a browser would. */
export class ApiClient {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  /** Sends a JSON request; returns status and parsed body without throwing on HTTP errors. */
  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      const [name, value] = pair.split('=');
      if (name === 'quire_session') this.cookie = value ? `quire_session=${value}` : '';
    }
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Like request, but throws unless the status is 2xx. */
  async ok<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(method, path, body);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export interface TestUser {
  client: ApiClient;
  user: UserView;
  email: string;
  password: string;
}

/** Signs up a new user (unique email unless given) and returns a signed-in client. */
export async function buildUser(baseUrl: string, overrides: { name?: string; email?: string; password?: string } = {}): Promise<TestUser> {
  const client = new ApiClient(baseUrl);
  const email = overrides.email ?? `user-${randomBytes(4).toString('hex')}@example.org`;
  const password = overrides.password ?? 'correct horse battery';
  const { user } = await client.ok<{ user: UserView }>('POST', '/api/auth/signup', { name: overrides.name ?? 'Test User', email, password });
  return { client, user, email, password };
}

/** Creates a paper owned (as editor) by `owner`. */
export async function buildPaper(owner: TestUser, overrides: { title?: string; subtitle?: string } = {}): Promise<PaperView> {
  const { paper } = await owner.client.ok<{ paper: PaperView }>('POST', '/api/papers', { title: overrides.title ?? 'Integrated care briefing', subtitle: overrides.subtitle ?? '' });
  return paper;
}

/** Creates a page in a paper (a chapter unless parentId is given). */
export async function buildPage(author: TestUser, paperId: string, overrides: { title?: string; parentId?: string | null; index?: number } = {}): Promise<PageView> {
  const { page } = await author.client.ok<{ page: PageView }>('POST', `/api/papers/${paperId}/pages`, { title: overrides.title ?? 'Introduction', parentId: overrides.parentId ?? null, index: overrides.index });
  return page;
}

/** Adds an existing user to a paper with a role, acting as an editor. */
export async function addMember(editor: TestUser, paperId: string, member: TestUser, role: Role): Promise<void> {
  await editor.client.ok('POST', `/api/papers/${paperId}/members`, { email: member.email, role });
}
