/**
 * Text that y-prosemirror deleted and wrote again unchanged. When a line break is inserted or
 * removed, or a paragraph is rewritten around an unchanged word, y-prosemirror deletes the Yjs text
 * after the change and inserts the same text anew, so a literal diff shows it as deleted and
 * inserted although nobody changed it. Within one textblock, a deleted run and an inserted run with
 * the same text and formatting, separated only by other changes, are shown as unchanged text, with
 * the changes between them moved to the side that keeps both versions right: for "deleted T,
 * changes, inserted T" the newer page reads "insertions, T" and the older "T, deletions", so the
 * result is "insertions, T, deletions" (and the mirror image for "inserted T, changes, deleted T").
 */
import { Mark, type Node } from 'prosemirror-model';
import { diffSchema } from '../../../shared/diffSchema.js';

const isInserted = (n: Node) => diffSchema.marks.insertion.isInSet(n.marks) !== undefined;
const isDeleted = (n: Node) => diffSchema.marks.deletion.isInSet(n.marks) !== undefined;
const isChanged = (n: Node) => isInserted(n) || isDeleted(n);
const formatting = (n: Node): readonly Mark[] =>
  n.marks.filter((m) => m.type !== diffSchema.marks.insertion && m.type !== diffSchema.marks.deletion && m.type !== diffSchema.marks.format_change);

/** The inline content of a textblock with text that was only deleted and retyped shown as unchanged. */
export function settleMoves(nodes: readonly Node[]): Node[] {
  const list = [...nodes];
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    if (!a.isText || !isChanged(a)) continue;
    const deletedFirst = isDeleted(a);
    for (let k = i + 1; k < list.length && isChanged(list[k]); k++) {
      const b = list[k];
      if (!b.isText || b.text !== a.text || isDeleted(b) === deletedFirst || !Mark.sameSet(formatting(a), formatting(b))) continue;
      const between = list.slice(i + 1, k);
      const inserted = between.filter(isInserted);
      const deleted = between.filter(isDeleted);
      const kept = diffSchema.text(a.text!, formatting(a));
      const settled = deletedFirst ? [...inserted, kept, ...deleted] : [...deleted, kept, ...inserted];
      list.splice(i, k - i + 1, ...settled);
      i += settled.indexOf(kept);
      break;
    }
  }
  return list;
}
