/**
 * The rooms of one collab server, by page id. A page is loaded from storage once, however many
 * clients ask for it at the same moment: they all wait on the same load. A load that fails
 * creates no room and writes nothing; the next request tries again.
 */
import type { PageBodyStore } from '../store/pageBodies.js';
import { Room, type RoomContext } from './room.js';

/** Live rooms and rooms being loaded, keyed by page id. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();

  constructor(
    private readonly store: PageBodyStore,
    private readonly ctx: RoomContext,
  ) {}

  /** The live room of a page, loading it if needed; concurrent callers share one load. */
  acquire(pageId: string, paperId: string): Promise<Room> {
    const room = this.rooms.get(pageId);
    if (room) return Promise.resolve(room);
    let load = this.loading.get(pageId);
    if (!load) {
      load = this.load(pageId, paperId);
      this.loading.set(pageId, load);
      const done = () => this.loading.delete(pageId);
      load.then(done, done);
    }
    return load;
  }

  private async load(pageId: string, paperId: string): Promise<Room> {
    const stored = await this.store.load(pageId);
    const room = new Room(pageId, paperId, stored, this.ctx);
    this.rooms.set(pageId, room);
    this.ctx.loaded(room);
    // Nobody may be attached yet (their sockets can close while the page loads): start the clock now.
    this.ctx.idle(room);
    return room;
  }

  /** The live room of a page, if any. */
  get(pageId: string): Room | undefined {
    return this.rooms.get(pageId);
  }

  /** Forgets a room (it stays usable by whoever holds it until destroyed). */
  remove(room: Room): void {
    if (this.rooms.get(room.pageId) === room) this.rooms.delete(room.pageId);
  }

  /** Every live room. */
  all(): Room[] {
    return [...this.rooms.values()];
  }

  /** How many rooms are in memory. */
  get size(): number {
    return this.rooms.size;
  }

  /** Settles once every load under way has finished (successfully or not). */
  async loadsSettled(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
  }
}
