/**
 * Which Yjs items one version of a page shows. A version is known by its snapshot: the state vector
 * (how far each client's clock had got) and the delete set (which of those items were deleted). An
 * item is visible in a version when the version has it and has not deleted it.
 *
 * Items of the merged document can span a version's boundaries (Yjs merges consecutive text typed
 * by one client, and one deletion can cover part of an item), so visibility is decided for ranges
 * of clocks, and runs() splits an item's range wherever either version's answer changes.
 */
import * as Y from 'yjs';

/** What one version of the page holds, ready for quick lookups. */
export interface Version {
  /** The next clock of each client: items below it exist in this version. */
  sv: Map<number, number>;
  /** Per client, deleted clock ranges as [start, end) pairs, sorted and merged. */
  deleted: Map<number, Array<[number, number]>>;
}

/** The version a full Yjs state holds. */
export function versionOf(state: Uint8Array): Version {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const snap = Y.snapshot(doc);
    const deleted = new Map<number, Array<[number, number]>>();
    snap.ds.clients.forEach((items, client) => {
      const ranges = items.map((d): [number, number] => [d.clock, d.clock + d.len]).sort((a, b) => a[0] - b[0]);
      const merged: Array<[number, number]> = [];
      for (const r of ranges) {
        const last = merged[merged.length - 1];
        if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
        else merged.push([r[0], r[1]]);
      }
      deleted.set(client, merged);
    });
    return { sv: snap.sv, deleted };
  } finally {
    doc.destroy();
  }
}

/** The index of the first deleted range of this client that ends after clock, or ranges.length. */
function firstRangeEndingAfter(ranges: Array<[number, number]>, clock: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][1] <= clock) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether this version shows the item with this id. */
export function isVisibleIn(v: Version, client: number, clock: number): boolean {
  if (clock >= (v.sv.get(client) ?? 0)) return false;
  const ranges = v.deleted.get(client);
  if (!ranges) return true;
  const i = firstRangeEndingAfter(ranges, clock);
  return !(i < ranges.length && ranges[i][0] <= clock);
}

/** A piece of an item's clock range with one visibility in each version. */
export interface Run {
  /** Offset from the item's first clock. */
  offset: number;
  length: number;
  inOlder: boolean;
  inNewer: boolean;
}

/** Clocks inside (clock, end) where this version's visibility may change. */
function addBreaks(v: Version, client: number, clock: number, end: number, breaks: number[]): void {
  const next = v.sv.get(client) ?? 0;
  if (next > clock && next < end) breaks.push(next);
  const ranges = v.deleted.get(client);
  if (!ranges) return;
  for (let i = firstRangeEndingAfter(ranges, clock); i < ranges.length && ranges[i][0] < end; i++) {
    if (ranges[i][0] > clock) breaks.push(ranges[i][0]);
    if (ranges[i][1] < end) breaks.push(ranges[i][1]);
  }
}

/** Splits the clock range [clock, clock + length) of one client into runs of equal visibility. */
export function runs(older: Version, newer: Version, client: number, clock: number, length: number): Run[] {
  const end = clock + length;
  const breaks: number[] = [];
  addBreaks(older, client, clock, end, breaks);
  addBreaks(newer, client, clock, end, breaks);
  breaks.sort((a, b) => a - b);
  const out: Run[] = [];
  let start = clock;
  for (const b of [...breaks, end]) {
    if (b <= start) continue;
    const inOlder = isVisibleIn(older, client, start);
    const inNewer = isVisibleIn(newer, client, start);
    const last = out[out.length - 1];
    if (last && last.inOlder === inOlder && last.inNewer === inNewer) last.length += b - start;
    else out.push({ offset: start - clock, length: b - start, inOlder, inNewer });
    start = b;
  }
  return out;
}

/** Whether every item `a` has, `b` has too. */
function isWithin(a: Version, b: Version): boolean {
  for (const [client, clock] of a.sv) if (clock > (b.sv.get(client) ?? 0)) return false;
  return true;
}

/** The number of deleted clocks a version records. */
function deletedCount(v: Version): number {
  let n = 0;
  for (const ranges of v.deleted.values()) for (const [start, end] of ranges) n += end - start;
  return n;
}

/** Whether `a` is an earlier state of the page than `b`: fewer items, or as many and fewer deleted. */
export function isEarlier(a: Version, b: Version): boolean {
  const within = isWithin(a, b);
  const holds = isWithin(b, a);
  if (within !== holds) return within;
  return within && deletedCount(a) < deletedCount(b);
}
