/** The diff of two revisions of a large page: correct, and fast enough to show (the time is printed, not asserted). */
import { describe, expect, it } from 'vitest';
import { diffStates } from '../../server/history/diff/index.js';
import { schema } from '../../shared/schema.js';
import { PageCopy, find, j, render } from './diffWriters.js';

describe('diff of a large page', () => {
  it('compares two revisions of a 2,000-paragraph page with edits by two people', () => {
    const paragraphs = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} says something about topic ${i % 37}.`);
    const page = PageCopy.create('ann', j.doc(...paragraphs.map((t) => j.p(t))));
    const before = page.revision();
    const bob = page.writer('bob');
    const cat = page.writer('cat');
    // One edit per transaction, as in the editor: bob adds a word to every 100th paragraph, while
    // cat deletes every 250th paragraph from the 7th.
    for (let i = 0; i < 2000; i += 100) bob.edit((tr) => tr.insert(find(tr.doc, `Paragraph ${i} says something`).to, schema.text(' new')));
    for (let i = 7; i < 2000; i += 250) {
      cat.edit((tr) => {
        const at = tr.doc.resolve(find(tr.doc, `Paragraph ${i} says`).from);
        tr.delete(at.before(), at.after());
      });
    }
    bob.sync();
    cat.sync();
    const after = page.revision();

    const timed = () => {
      const started = performance.now();
      const result = diffStates(before, after, page.attribution);
      return { result, ms: (performance.now() - started).toFixed(0) };
    };
    const cold = timed();
    const warm = timed();
    const diff = warm.result;
    expect(diff).toEqual(cold.result);
    console.log(`diff of a 2,000-paragraph page (${before.length} and ${after.length} bytes of state): first ${cold.ms} ms, again ${warm.ms} ms`);

    const lines = render(diff.doc);
    expect(lines).toHaveLength(2000);
    expect(lines[100]).toBe('paragraph: Paragraph 100 says something [+new |bob]about topic 26.');
    expect(lines.filter((l) => l.includes('[+new |bob]'))).toHaveLength(20);
    expect(lines[257]).toBe('paragraph (deleted by cat): [-Paragraph 257 says something about topic 35.|cat]');
    expect(lines.filter((l) => l.startsWith('paragraph (deleted by cat)'))).toHaveLength(8);
    expect(lines.filter((l) => l.includes('['))).toHaveLength(28);
    expect(diff).toMatchObject({ authorIds: ['bob', 'cat'], wordsAdded: 20, wordsRemoved: 8 * 7 });
  });
});
