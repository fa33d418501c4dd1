/**
 * Who wrote and who deleted what on a page, for the diff of two revisions. Yjs names every
 * inserted piece of text by (client id, clock) and every deletion by the ranges it deleted; the
 * server records, as it stores each update, which member sent which client ids and which
 * deletions (server/history stores it), so changes are attributed by the server, not by clients.
 */
export interface Attribution {
  /** The user id of whoever wrote with this Yjs client id on the page, or null if unknown. */
  inserter(client: number): string | null;
  /** The user id of whoever deleted the item with this id, or null if unknown. */
  deleter(client: number, clock: number): string | null;
}

/** An attribution that knows nobody (changes show as by "someone"). */
export const NO_ATTRIBUTION: Attribution = { inserter: () => null, deleter: () => null };
