/**
 * Text of a PDF as a real consumer reads it: pdftotext (Debian's poppler-utils) in layout mode,
 * one string per page. Fails with a sentence saying what to install when pdftotext is missing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Throws a clear error when pdftotext is not installed. */
export function requirePdftotext(): void {
  try {
    execFileSync('sh', ['-c', 'command -v pdftotext'], { stdio: 'pipe' });
  } catch {
    throw new Error('pdftotext is not installed: install poppler-utils (apt-get install poppler-utils; .ci/run installs it).');
  }
}

/** The text of each page of a PDF (pages split on form feeds), in layout mode. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  requirePdftotext();
  const dir = mkdtempSync(join(tmpdir(), 'quire-pdf-'));
  try {
    const file = join(dir, 'export.pdf');
    writeFileSync(file, bytes);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
    const pages = stdout.split('\f');
    if (pages.at(-1)?.trim() === '') pages.pop();
    return pages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The contents lines of a PDF export ("1.2 Title ...... 7") as [entry, page number]. */
export function contentsLines(page: string): [string, number][] {
  return [...page.matchAll(/^ *(\S.*?) ?\.{3,} *(\d+) *$/gm)].map((m) => [m[1].trim(), Number(m[2])]);
}

/** The number (from 1) of the first page whose lines include one that is exactly `line`, trimmed. */
export function pageWithLine(pages: readonly string[], line: string, from = 0): number {
  const index = pages.findIndex((p, i) => i >= from && p.split('\n').some((l) => l.trim() === line));
  return index + 1;
}
