/**
 * Where a page goes when it is moved by keyboard (Alt+arrows) or dropped on another page. Pure
 * functions over the flat tree; each returns the move route's body, or null when the move is not
 * possible (already first, would put a page inside itself, too deep). `index` is the page's
 * position among its new siblings once it has been taken out of its old place.
 */
import { childrenByParent, subtreeDepth, ancestry, wouldCycle, type TreeNode } from '../../shared/tree.js';
import { limits } from '../../shared/limits.js';

export interface MoveTarget {
  parentId: string | null;
  index: number;
}

export type KeyboardMove = 'up' | 'down' | 'in' | 'out';
export type DropZone = 'before' | 'after' | 'inside';

/** The siblings of a page (itself included), in order. */
function siblings(pages: readonly TreeNode[], page: TreeNode): TreeNode[] {
  return childrenByParent(pages).get(page.parentId) ?? [];
}

/** True if the page's subtree fits under `parentId` without passing the depth limit. */
function fitsUnder(pages: readonly TreeNode[], id: string, parentId: string | null): boolean {
  const parentDepth = parentId === null ? 0 : ancestry(pages, parentId).length;
  return parentDepth + subtreeDepth(pages, id) <= limits.treeDepth;
}

/** The move for Alt+ArrowUp (up), Alt+ArrowDown (down), Alt+ArrowRight (in) and Alt+ArrowLeft (out). */
export function keyboardMove(pages: readonly TreeNode[], id: string, move: KeyboardMove): MoveTarget | null {
  const page = pages.find((p) => p.id === id);
  if (!page) return null;
  const list = siblings(pages, page);
  const i = list.findIndex((p) => p.id === id);
  switch (move) {
    case 'up':
      return i > 0 ? { parentId: page.parentId, index: i - 1 } : null;
    case 'down':
      return i < list.length - 1 ? { parentId: page.parentId, index: i + 1 } : null;
    case 'in': {
      const previous = list[i - 1];
      if (!previous || !fitsUnder(pages, id, previous.id)) return null;
      const children = childrenByParent(pages).get(previous.id) ?? [];
      return { parentId: previous.id, index: children.length };
    }
    case 'out': {
      if (page.parentId === null) return null;
      const parent = pages.find((p) => p.id === page.parentId);
      if (!parent) return null;
      const parentIndex = siblings(pages, parent).findIndex((p) => p.id === parent.id);
      return { parentId: parent.parentId, index: parentIndex + 1 };
    }
  }
}

/** The move for dropping page `id` before, after or inside page `targetId`. */
export function dropMove(pages: readonly TreeNode[], id: string, targetId: string, zone: DropZone): MoveTarget | null {
  if (id === targetId) return null;
  const target = pages.find((p) => p.id === targetId);
  if (!target) return null;
  const parentId = zone === 'inside' ? target.id : target.parentId;
  if (wouldCycle(pages, id, parentId) || !fitsUnder(pages, id, parentId)) return null;
  const others = (childrenByParent(pages).get(parentId) ?? []).filter((p) => p.id !== id);
  if (zone === 'inside') return { parentId, index: others.length };
  const at = others.findIndex((p) => p.id === targetId);
  return { parentId, index: zone === 'before' ? at : at + 1 };
}

/** The zone of a row the pointer is over: top quarter before, bottom quarter after, else inside. */
export function zoneAt(offsetY: number, height: number): DropZone {
  if (offsetY < height / 4) return 'before';
  if (offsetY > (height * 3) / 4) return 'after';
  return 'inside';
}
