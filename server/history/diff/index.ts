/**
 * The diff of two revisions of a page: the rendered page with insertions, deletions and
 * formatting changes marked and attributed to their authors (not a diff of markup).
 *
 * How: Yjs never reuses an item, so one merged document holds both versions. We apply the older
 * state and then the newer one to a Y.Doc that keeps deleted content (gc: false): items the older
 * version had and the newer one deleted keep their content from the older state, and the newer
 * state's delete set marks them deleted. (Given newest first, the earlier state is applied first
 * all the same, and the diff shows the later additions as deletions.) Each version is then known only by its snapshot (state
 * vector and delete set, see versions.ts), and walk.ts walks the merged y-prosemirror fragment once,
 * deciding for every text run, format item, inline atom and block whether each version shows it.
 * Text only the newer version shows is an insertion by whoever wrote it (Attribution.inserter);
 * text only the older one shows is a deletion by whoever deleted it (Attribution.deleter); text in
 * both whose format attributes differ is a formatting change by whoever set the newer formatting or
 * removed the older one. Blocks inserted or deleted as a whole carry the block change attributes of
 * shared/diffSchema.ts, so an empty paragraph, a horizontal rule or a table row shows too; a block
 * in both whose attributes differ (a heading's level, a list's start) is marked changed.
 *
 * The rules, and the limits that follow from Yjs:
 * - Deleted content is put back where it was. Deleted table rows stay as rows marked deleted and
 *   deleted cells as cells marked deleted (a removed column shows as a struck column); a row may
 *   then be wider than its neighbours when cells were merged. The diff is for display, not editing.
 * - Changing a block's type (paragraph to heading, bulleted to numbered list) replaces the Yjs
 *   element. A deleted block next to an inserted one of another type with the same text is shown
 *   as the new block marked changed ("was paragraph"); with different text, as a deletion and an
 *   insertion.
 * - Content typed and removed between the two versions is not shown. Text deleted and the same
 *   text written again within one paragraph, with only other changes between (y-prosemirror does
 *   this around a new or removed line break), shows as unchanged (moves.ts).
 * - Splitting a paragraph (Enter) makes y-prosemirror delete its tail and write it again in a new
 *   paragraph; joining two does the reverse. The diff shows the moved text once, unchanged, with
 *   the new paragraph marked inserted (or the removed one, emptied, marked deleted) (splits.ts).
 * - Words added and removed count the words of inserted and deleted runs (summary.ts, words.ts).
 * - Concurrent structural edits can leave a Yjs element whose content the schema refuses (a list
 *   whose two items two people deleted). y-prosemirror leaves such a block out of the version it
 *   renders, so the diff does the same per version: shown deleted if only the newer version lacks
 *   it, inserted if only the older one does, not at all if neither can show it (shape.ts).
 * - An empty page shows as one empty paragraph (y-prosemirror renders it as a doc with no blocks).
 * - Changes are only as well attributed as the Attribution knows them: an unknown writer or
 *   deleter is a null user ("someone"). A column width change is not shown. Elements of types the
 *   schema does not know are left out, as y-prosemirror leaves them out.
 * - Cost: the two states are decoded three times (merged, and one snapshot each) and the page walked
 *   once; a 2,000-paragraph page took 0.1 s warm, and up to 0.5 s with the 2-core machine loaded
 *   about 6x (tests/unit/diffLarge.test.ts prints it).
 */
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import type { Node } from 'prosemirror-model';
import { schema } from '../../../shared/schema.js';
import { FRAGMENT_NAME } from '../../../shared/collab.js';
import { NO_ATTRIBUTION, type Attribution } from '../attribution.js';
import { isEarlier, versionOf } from './versions.js';
import { DiffWalk } from './walk.js';
import { summarize } from './summary.js';
import { countWordsIn } from './words.js';

export interface DiffResult {
  /** ProseMirror JSON of a doc of shared/diffSchema.ts: the newer page with changes marked. */
  doc: unknown;
  /** The users with a change shown, in order of their first change in the page. */
  authorIds: string[];
  wordsAdded: number;
  wordsRemoved: number;
}

/** Compares two full Yjs states of a page (older first) as the newer page with changes marked and attributed. */
export function diffStates(older: Uint8Array, newer: Uint8Array, who: Attribution = NO_ATTRIBUTION): DiffResult {
  const merged = new Y.Doc({ gc: false });
  try {
    const olderVersion = versionOf(older);
    const newerVersion = versionOf(newer);
    // Content comes from the state applied first, so the earlier state goes first: what the later
    // one deleted is only garbage-collected there. Two revisions given newest first still compare.
    const [first, second] = isEarlier(newerVersion, olderVersion) ? [newer, older] : [older, newer];
    Y.applyUpdate(merged, first);
    Y.applyUpdate(merged, second);
    const doc = new DiffWalk(olderVersion, newerVersion, who).doc(merged.getXmlFragment(FRAGMENT_NAME));
    return { doc: doc.toJSON(), ...summarize(doc) };
  } finally {
    merged.destroy();
  }
}

/** The page body a Yjs state holds, as a ProseMirror node of shared/schema.ts. */
function pageNode(state: Uint8Array): Node {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(FRAGMENT_NAME), schema);
  } finally {
    doc.destroy();
  }
}

/** The page body a Yjs state holds, as plain ProseMirror JSON of shared/schema.ts (to open a revision read-only). */
export function docJson(state: Uint8Array): unknown {
  return pageNode(state).toJSON();
}

/** The number of words on the page a Yjs state holds (blocks and line breaks separate words). */
export function countWords(state: Uint8Array): number {
  const node = pageNode(state);
  return countWordsIn(node.textBetween(0, node.content.size, ' ', ' '));
}
