/**
 * The diff of two revisions after random concurrent edits by three writers, checked against both
 * revisions: with deletions dropped it must be exactly the newer page, with insertions dropped it
 * must read as the older one, and it must be valid in the diff schema. Seeded: a failure names
 * its seed.
 */
import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { canJoin, type Transform } from 'prosemirror-transform';
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

/** The first node of a type with its position, or null. */
function first(doc: Node, name: string): { node: Node; pos: number } | null {
  let found: { node: Node; pos: number } | null = null;
  doc.descendants((node, pos) => {
    if (!found && node.type.name === name) found = { node, pos };
    return !found;
  });
  return found;
}

/** The start position of child i of the node at pos. */
function childPos(parent: { node: Node; pos: number }, i: number): number {
  let pos = parent.pos + 1;
  for (let k = 0; k < i; k++) pos += parent.node.child(k).nodeSize;
  return pos;
}

/** A random change to a table or list: a row or item added or removed, or a column removed. */
function structuralEdit(rng: Rng, tr: Transform): void {
  const table = first(tr.doc, 'table');
  const list = first(tr.doc, 'bullet_list');
  const text = () => schema.nodes.paragraph.create(null, schema.text(rng.word(6)));
  switch (rng.int(0, 4)) {
    case 0:
      if (table) {
        const row = table.node.child(rng.int(0, table.node.childCount - 1));
        const copy = row.type.create(null, Array.from({ length: row.childCount }, (_, c) => row.child(c).type.create(row.child(c).attrs, text())));
        tr.insert(childPos(table, rng.int(0, table.node.childCount)), copy);
      }
      break;
    case 1:
      if (table && table.node.childCount > 1) {
        const i = rng.int(0, table.node.childCount - 1);
        tr.delete(childPos(table, i), childPos(table, i + 1));
      }
      break;
    case 2:
      if (table && table.node.child(0).childCount > 1) {
        const column = rng.int(0, table.node.child(0).childCount - 1);
        for (let r = table.node.childCount - 1; r >= 0; r--) {
          const row = { node: table.node.child(r), pos: childPos(table, r) };
          if (column < row.node.childCount) tr.delete(childPos(row, column), childPos(row, column + 1));
        }
      }
      break;
    case 3:
      if (list) tr.insert(childPos(list, rng.int(0, list.node.childCount)), schema.nodes.list_item.create(null, text()));
      break;
    default:
      if (list && list.node.childCount > 1) {
        const i = rng.int(0, list.node.childCount - 1);
        tr.delete(childPos(list, i), childPos(list, i + 1));
      }
  }
}

/** One random edit of the kinds an editor makes. */
function randomEdit(rng: Rng, tr: Transform): void {
  if (rng.chance(0.15)) return structuralEdit(rng, tr);
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
      if (rng.chance(0.7)) tr.split(at);
      else if (tr.doc.childCount > 1) {
        const pos = childPos({ node: tr.doc, pos: -1 }, rng.int(1, tr.doc.childCount - 1));
        if (canJoin(tr.doc, pos)) tr.join(pos);
      }
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
    if (!(e instanceof RangeError) && !(e instanceof Error && e.name === 'TransformError')) throw e;
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
      // Newest first: nothing either revision shows may be lost.
      checkedDiff(revisions[revisions.length - 1], revisions[0], page.attribution);
    });
  }
});
