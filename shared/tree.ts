/**
 * Page-tree rules shared by client, server and export: ordering, section numbers (1, 1.1, 2 ...),
 * breadcrumbs and cycle checks. Pure functions over a flat list of pages.
 */

/** The fields of a page the tree rules need. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  position: number;
}

/** Children of each parent id (null = top level), each list ordered by position then id. */
export function childrenByParent<T extends TreeNode>(pages: readonly T[]): Map<string | null, T[]> {
  const byParent = new Map<string | null, T[]>();
  for (const page of pages) {
    const list = byParent.get(page.parentId);
    if (list) list.push(page);
    else byParent.set(page.parentId, [page]);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  return byParent;
}

/** Pages in reading order (depth first), each with its depth (chapters are depth 1) and section number. */
export function orderedTree<T extends TreeNode>(pages: readonly T[]): { page: T; depth: number; number: string }[] {
  const byParent = childrenByParent(pages);
  const out: { page: T; depth: number; number: string }[] = [];
  const walk = (parentId: string | null, prefix: string, depth: number) => {
    const children = byParent.get(parentId) ?? [];
    children.forEach((page, i) => {
      const number = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      out.push({ page, depth, number });
      walk(page.id, number, depth + 1);
    });
  };
  walk(null, '', 1);
  return out;
}

/** Section number of every page reachable from the top level: "1", "1.2", "3.1.4". */
export function sectionNumbers(pages: readonly TreeNode[]): Map<string, string> {
  return new Map(orderedTree(pages).map(({ page, number }) => [page.id, number]));
}

/** The chain from the top-level chapter down to the page itself; empty if the page is unknown. */
export function ancestry<T extends TreeNode>(pages: readonly T[], id: string): T[] {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const chain: T[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return chain;
}

/** True if making `parentId` the parent of `id` would put a page inside itself. */
export function wouldCycle(pages: readonly TreeNode[], id: string, parentId: string | null): boolean {
  if (parentId === null) return false;
  return ancestry(pages, parentId).some((p) => p.id === id);
}

/** Depth of the subtree rooted at id (1 for a page with no children). */
export function subtreeDepth(pages: readonly TreeNode[], id: string): number {
  const byParent = childrenByParent(pages);
  const depthOf = (pid: string): number => 1 + Math.max(0, ...(byParent.get(pid) ?? []).map((c) => depthOf(c.id)));
  return depthOf(id);
}
