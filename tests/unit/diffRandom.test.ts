/**
 * The diff of two revisions after random concurrent edits by three writers, checked against both
 * revisions: with deletions dropped it must be exactly the newer page, with insertions dropped it
 * must read as the older one, and it must be valid in the diff schema. Seeded: a failure names
 * its seed.
 */
import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import type { Transform } from 'prosemirror-transform';
import { schema } from '../../shared/schema.js';
import { createRng, type Rng } from '../helpers/rng.js';
import { PageCopy, checkedDiff, j, type Writer } from './diffWriters.js';

const START = j.doc(
  j.h(1, 'Briefing'),
  j.p('The ', j.t('panel', 'bold'), ' met twice and agreed three points.'),
  j.ul('first point here', 'second point'),
  j.table(['Name', 'Role'], ['Ann', 'Chair']),
  j.p('Closing words.'),
);

/** Positions inside textblocks: [start, end] of each textblock's content. */
function textblocks(doc: Node): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) out.push([pos + 1, pos + 1 + node.content.size]);
    return !node.isTextblock;
  });
  return out;
}

/** One random edit of the kinds an editor makes. */
function randomEdit(rng: Rng, tr: Transform): void {
  const [from, to] = rng.pick(textblocks(tr.doc));
  const at = rng.int(from, to);
  const end = rng.int(at, Math.min(to, at + 8));
  switch (rng.int(0, 8)) {
    case 0:
    case 1:
      tr.insert(at, schema.text(`${rng.word(6)} `));
      break;
    case 2:
      if (end > at) tr.delete(at, end);
      break;
    case 3: {
      const mark = rng.pick([schema.marks.bold, schema.marks.italic, schema.marks.underline]);
      if (end > at) (rng.chance(0.5) ? tr.addMark(at, end, mark.create()) : tr.removeMark(at, end, mark));
      break;
    }
    case 4:
      if (end > at) tr.addMark(at, end, schema.marks.link.create({ href: `https://${rng.word(5)}.example` }));
      break;
    case 5:
      tr.split(at);
      break;
    case 6: {
      const i = rng.int(0, tr.doc.childCount - 1);
      let pos = 0;
      for (let k = 0; k < i; k++) pos += tr.doc.child(k).nodeSize;
      const block = tr.doc.child(i);
      if (rng.chance(0.5) && tr.doc.childCount > 1) tr.delete(pos, pos + block.nodeSize);
      else if (block.type === schema.nodes.paragraph) tr.setNodeMarkup(pos, schema.nodes.heading, { level: rng.int(1, 3) });
      else if (block.type === schema.nodes.heading) tr.setNodeMarkup(pos, rng.chance(0.5) ? schema.nodes.paragraph : schema.nodes.heading, rng.chance(0.5) ? null : { level: rng.int(1, 3) });
      else tr.insert(pos, rng.chance(0.5) ? schema.nodes.horizontal_rule.create() : schema.nodes.paragraph.create(null, schema.text(rng.word(6))));
      break;
    }
    case 7:
      tr.insert(at, schema.nodes.hard_break.create());
      break;
    default:
      if (end > at) tr.replaceWith(at, end, schema.text(rng.word(4)));
  }
}

function edit(rng: Rng, w: Writer): void {
  try {
    w.edit((tr) => randomEdit(rng, tr));
  } catch (e) {
    // A step ProseMirror refuses at this position (or one that would leave the doc invalid) is skipped.
    if (!(e instanceof RangeError)) throw e;
  }
}

describe('diff after random concurrent edits', () => {
  for (let seed = 1; seed <= 25; seed++) {
    it(`keeps both revisions readable from the diff (seed ${seed})`, () => {
      const rng = createRng(seed);
      const page = PageCopy.create('ann', START);
      const writers = ['bob', 'cat', 'dan'].map((u) => page.writer(u));
      const revisions = [page.revision()];
      for (let step = 0; step < 40; step++) {
        const w = rng.pick(writers);
        edit(rng, w);
        if (rng.chance(0.3)) w.sync();
        if (rng.chance(0.1)) revisions.push(page.revision());
      }
      for (const w of writers) w.sync();
      revisions.push(page.revision());
      for (let i = 0; i < revisions.length - 1; i++) {
        const diff = checkedDiff(revisions[i], revisions[revisions.length - 1], page.attribution);
        for (const user of diff.authorIds) expect(['ann', 'bob', 'cat', 'dan']).toContain(user);
        expect(diff.wordsAdded).toBeGreaterThanOrEqual(0);
      }
      checkedDiff(revisions[0], revisions[1], page.attribution);
    });
  }
});
