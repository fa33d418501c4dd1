/**
 * Blocks whose content does not fit the schema. Concurrent structural edits can leave a Yjs
 * element that no longer fits (two people each delete one of a list's two items: an empty list).
 * y-prosemirror leaves such an element out when it renders a version (and the editor then deletes
 * it), so a revision opened read-only does not show it. The diff follows the same rule for each
 * version: a block that fits neither version is left out, one that fits only the newer version is
 * shown as inserted, and one that fits only the older as deleted (by "someone": the editor that
 * removed it is not known here).
 */
import { Fragment, type Node, type NodeType } from 'prosemirror-model';
import { diffSchema, type BlockChangeAttrs } from '../../../shared/diffSchema.js';

/** Whether a child of the diff exists only in the version that `gone` names the other side of. */
function only(node: Node, change: 'inserted' | 'deleted'): boolean {
  const mark = change === 'inserted' ? diffSchema.marks.insertion : diffSchema.marks.deletion;
  return node.attrs.change === change || mark.isInSet(node.marks) !== undefined;
}

/** A block of the diff, shown as each version shows it: left out where its content does not fit the schema. */
export function placeBlock(type: NodeType, attrs: Record<string, unknown>, change: Partial<BlockChangeAttrs>, children: readonly Node[]): Node | null {
  const content = Fragment.fromArray(children);
  const newer = Fragment.fromArray(children.filter((n) => !only(n, 'deleted')));
  const older = Fragment.fromArray(children.filter((n) => !only(n, 'inserted')));
  const inNewer = change.change !== 'deleted' && type.validContent(newer);
  const inOlder = change.change !== 'inserted' && type.validContent(older);
  if (inNewer && inOlder) {
    if (type.validContent(content)) return type.create({ ...attrs, ...change }, content);
    return type.createAndFill({ ...attrs, ...change }, content) ?? type.create({ ...attrs, ...change }, newer);
  }
  if (inNewer) return type.create({ ...attrs, change: 'inserted', changeUser: change.change === 'inserted' ? change.changeUser : null }, newer);
  if (inOlder) return type.create({ ...attrs, change: 'deleted', changeUser: change.change === 'deleted' ? change.changeUser : null }, older);
  return null;
}
