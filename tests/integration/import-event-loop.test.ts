/**
 * A big import is converted in the import worker thread, so the server's event loop stays free
 * while it converts: with a real server in this process, a ~5 MB Markdown file is sent to the
 * preview route while the loop's delays are recorded, and the longest stall must be a small part
 * of the preview's own duration (both measured in the same run, so a slow machine slows both).
 * With conversion in the server's thread, the longest stall is most of the preview's duration.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import type { ImportPreview } from '../../shared/imports.js';

let server: TestServer;
let editor: TestUser;
let paperId: string;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  paperId = (await buildPaper(editor, { title: 'Big imports' })).id;
});

afterAll(async () => {
  await server.stop();
});

/** A long briefing in Markdown of about `bytes` bytes: chapters of headings, paragraphs, lists and tables. */
function bigMarkdown(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let chapter = 1; size < bytes; chapter++) {
    const text = [
      `# Chapter ${chapter}: discharge planning on ward ${chapter % 40}`,
      '',
      `Plan discharge from the **day of admission**, with the person and their carers. See [the guidance](https://example.org/guidance/${chapter}) and the *local* pathway.`,
      '',
      '## What we found',
      '',
      ...Array.from({ length: 12 }, (_, i) => `Finding ${i + 1}: people on ward ${chapter} waited ${i + 2} days for a care package, and ${i % 3 === 0 ? '_most_' : 'some'} of them were readmitted within a month. `.repeat(3) + '\n'),
      '- Community nurses',
      '  - District nurses',
      '- Social workers',
      '',
      '| Measure | Before | After |',
      '| --- | --- | --- |',
      `| Admissions | ${100 + chapter} | ${90 + chapter} |`,
      `| Length of stay | 6.${chapter % 10} | 5.${chapter % 10} |`,
      '',
    ].join('\n');
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join('\n');
}

describe('a big import', () => {
  // Converting 5 MB takes a few seconds, or many more when the machine is busy with other tests.
  it('converts without stalling the event loop for more than a small part of its duration', { timeout: 120_000 }, async () => {
    const file = Buffer.from(bigMarkdown(5 * 1024 * 1024));
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const res = await fetch(`${server.url}/api/papers/${paperId}/imports?name=${encodeURIComponent('Big briefing.md')}`, {
      method: 'POST',
      headers: { cookie: editor.client.cookie, 'content-type': 'application/octet-stream' },
      body: file as unknown as BodyInit,
    });
    const previewMs = performance.now() - started;
    loop.disable();
    const preview = (await res.json()) as ImportPreview;
    expect(res.status).toBe(200);
    expect(preview.format).toBe('markdown');
    expect(preview.pages.length).toBeGreaterThan(500);
    expect(preview.pages[0].title).toBe('Chapter 1: discharge planning on ward 1');
    const longestStallMs = loop.max / 1e6;
    expect(longestStallMs, `the longest stall was ${Math.round(longestStallMs)} ms of a ${Math.round(previewMs)} ms preview`).toBeLessThan(previewMs / 4);
  });
});
