/**
 * Who is in which paper, and on which page, for one realtime server. Kept per socket (one person
 * may have two tabs); people() folds sockets into one entry per person and page.
 */
import type { PresenceEntry } from '../../shared/events.js';

/** The presence of every paper on one realtime server. */
export class PresenceRegistry {
  /** paperId -> socket id -> entry. */
  private readonly papers = new Map<string, Map<string, PresenceEntry>>();

  /** Records a socket in a paper (on the overview) unless already there; true if that changed anything. */
  join(paperId: string, socketId: string, person: Omit<PresenceEntry, 'pageId'>): boolean {
    let sockets = this.papers.get(paperId);
    if (!sockets) this.papers.set(paperId, (sockets = new Map()));
    if (sockets.has(socketId)) return false;
    sockets.set(socketId, { ...person, pageId: null });
    return true;
  }

  /** Sets the page a socket has open in a paper it joined; true if that changed anything. */
  setPage(paperId: string, socketId: string, pageId: string | null): boolean {
    const entry = this.papers.get(paperId)?.get(socketId);
    if (!entry || entry.pageId === pageId) return false;
    entry.pageId = pageId;
    return true;
  }

  /** Removes a socket from a paper; true if it was there. */
  leave(paperId: string, socketId: string): boolean {
    const sockets = this.papers.get(paperId);
    if (!sockets?.delete(socketId)) return false;
    if (sockets.size === 0) this.papers.delete(paperId);
    return true;
  }

  /** Removes a socket from every paper; returns the papers it was in. */
  leaveAll(socketId: string): string[] {
    return [...this.papers.keys()].filter((paperId) => this.leave(paperId, socketId));
  }

  /** The people in a paper, one entry per person and open page, ordered by name. */
  people(paperId: string): PresenceEntry[] {
    const unique = new Map<string, PresenceEntry>();
    for (const entry of this.papers.get(paperId)?.values() ?? []) unique.set(`${entry.userId}\u0000${entry.pageId ?? ''}`, { ...entry });
    return [...unique.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0) || (a.pageId ?? '').localeCompare(b.pageId ?? ''));
  }
}
