/**
 * What a diff document shows, in numbers: who has a change in it (in the order their first change
 * appears) and how many words were added and removed (words.ts counts runs of inserted and deleted
 * text). Read from the finished document, so it counts exactly what a reader sees.
 */
import type { Node } from 'prosemirror-model';
import { diffSchema } from '../../../shared/diffSchema.js';
import { WordTally } from './words.js';

export interface DiffSummary {
  authorIds: string[];
  wordsAdded: number;
  wordsRemoved: number;
}

/** The authors and word counts of a document of the diff schema. */
export function summarize(doc: Node): DiffSummary {
  const authorIds: string[] = [];
  const seen = new Set<string>();
  const author = (user: unknown) => {
    if (typeof user === 'string' && user && !seen.has(user)) {
      seen.add(user);
      authorIds.push(user);
    }
  };
  const words = new WordTally();
  const { insertion, deletion, format_change } = diffSchema.marks;
  doc.descendants((node) => {
    if (node.isBlock) {
      words.boundary();
      if (node.attrs.change) author(node.attrs.changeUser);
      return true;
    }
    const inserted = insertion.isInSet(node.marks);
    const deleted = deletion.isInSet(node.marks);
    author((inserted ?? deleted ?? format_change.isInSet(node.marks))?.attrs.user);
    if (node.isText && inserted) words.insert(node.text!);
    else if (node.isText && deleted) words.delete(node.text!);
    else words.boundary();
    return false;
  });
  words.boundary();
  return { authorIds, wordsAdded: words.added, wordsRemoved: words.removed };
}
