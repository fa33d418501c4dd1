/**
 * Uploading and downloading files over the real HTTP API as a signed-in person (the file routes
 * of shared/files.ts take raw bytes, which ApiClient's JSON requests cannot send), and listing
 * what the blob store holds on disk.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TestUser } from './factories.js';
import type { FilePurpose } from '../../shared/files.js';

/** An HTTP answer with its body as bytes and, when it is JSON, parsed. */
export interface FileResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  body: any;
}

async function answer(res: Response): Promise<FileResponse> {
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: any;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, body };
}

/** POSTs bytes to a page's files as `who`; the name, purpose and claimed Content-Type are the test's to choose. */
export async function upload(
  baseUrl: string,
  who: TestUser,
  paperId: string,
  pageId: string,
  content: Uint8Array | string,
  options: { name?: string; purpose?: FilePurpose; contentType?: string } = {},
): Promise<FileResponse> {
  const query = new URLSearchParams({ purpose: options.purpose ?? 'attachment', ...(options.name === undefined ? {} : { name: options.name }) });
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const res = await fetch(`${baseUrl}/api/papers/${paperId}/pages/${pageId}/files?${query}`, {
    method: 'POST',
    headers: { cookie: who.client.cookie, ...(options.contentType ? { 'content-type': options.contentType } : {}) },
    body: new Blob([new Uint8Array(bytes)]),
  });
  return answer(res);
}

/** GETs a path (a file's url) as `who`, with any extra headers. */
export async function download(baseUrl: string, who: TestUser | null, path: string, headers: Record<string, string> = {}): Promise<FileResponse> {
  const res = await fetch(baseUrl + path, { headers: { ...(who ? { cookie: who.client.cookie } : {}), ...headers } });
  return answer(res);
}

/** Every regular file under a folder, as paths relative to it (empty when the folder does not exist). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}
