/**
 * One page's live document: a Y.Doc kept in IndexedDB (so text typed offline survives a reload)
 * and synced with the collab server over y-websocket. It reports the save status line and turns
 * fatal close codes into a sentence, after which it stops reconnecting. A page view owns one and
 * destroys it when the person leaves the page.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as decoding from 'lib0/decoding';
import { COLLAB_PATH, CloseCode, FATAL_CLOSE_CODES, FRAGMENT_NAME, MESSAGE_SAVED, MESSAGE_SYNC, closeMessage } from '../../shared/collab.js';
import { PendingChanges, readSavedAck, savedSubscribeMessage } from './savedAcks.js';
import { BACKUP_ORIGIN, UnloadBackup } from './unloadBackup.js';

export const STATUS_SAVING = 'Saving...';
export const STATUS_SAVED = 'Saved';
export const STATUS_OFFLINE = 'Offline: your changes are kept on this device and will sync';

export interface PageConnectionEvents {
  /** The status line's text (one of the STATUS_* sentences, or '' before the first attempt ends). */
  onStatus(text: string): void;
  /** The server refused the page for good; the sentence says why. */
  onFatal(message: string): void;
  /**
   * The server closed the connection with 4410 because what this person may do changed (a role
   * change, or the page was approved or reopened). The connection reopens by itself with the new
   * access, keeping everything typed; the screen re-reads the role and status. Without this
   * handler, 4410 is fatal.
   */
  onAccessChanged?(): void;
}

/** How long a connection attempt may hang before the status line says Offline. */
const CONNECT_PATIENCE_MS = 4000;

/** The ws(s)://host base of this origin. */
function wsBase(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

export class PageConnection {
  readonly ydoc = new Y.Doc();
  readonly fragment: Y.XmlFragment;
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  private readonly pending: PendingChanges;
  private readonly backup: UnloadBackup;
  private attempted = false;
  private fatal = false;
  private statusText = '';
  private connectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly pageId: string,
    private readonly events: PageConnectionEvents,
  ) {
    this.fragment = this.ydoc.getXmlFragment(FRAGMENT_NAME);
    this.pending = new PendingChanges(`quire-pending-${pageId}`);
    this.backup = new UnloadBackup(pageId, this.ydoc);
    this.persistence = new IndexeddbPersistence(`quire-page-${pageId}`, this.ydoc);
    void this.persistence.whenSynced.then(() => this.backup.restore());
    this.provider = new WebsocketProvider(wsBase() + COLLAB_PATH, pageId, this.ydoc, {
      disableBc: false,
      // y-websocket's rule (44xx is final), except that an access change is worth one more try.
      shouldReconnect: (event) => (event.code === CloseCode.AccessRevoked && !!events.onAccessChanged) || !(event.code >= 4400 && event.code < 4500),
    });
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      if (this.pending.ack(readSavedAck(decoder))) this.update();
    };
    const handleSync = this.provider.messageHandlers[MESSAGE_SYNC];
    this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      this.noteServerState(decoding.clone(decoder));
      handleSync(encoder, decoder, provider, emitSynced, messageType);
    };
    this.ydoc.on('update', this.onUpdate);
    this.provider.on('status', this.onProviderStatus);
    this.provider.on('connection-close', this.onClose);
    this.provider.on('connection-error', this.onError);
    this.provider.on('sync', this.onSync);
    // The provider started connecting in its constructor, before these listeners existed.
    if (!this.provider.wsconnected) this.onProviderStatus({ status: 'connecting' });
  }

  /** Resolves once there is text to show: stored on this device, or synced from the server. */
  async whenReady(): Promise<void> {
    // (The constructor's whenSynced callback, registered first, has applied any unload backup.)
    await this.persistence.whenSynced;
    if (this.fragment.length > 0 || this.provider.synced) return;
    await new Promise<void>((resolve) => {
      const done = (synced: boolean) => {
        if (!synced) return;
        this.provider.off('sync', done);
        resolve();
      };
      this.provider.on('sync', done);
    });
  }

  /** Closes the socket and IndexedDB and frees the document. */
  destroy(): void {
    clearTimeout(this.connectTimer);
    this.backup.destroy();
    this.ydoc.off('update', this.onUpdate);
    this.provider.off('status', this.onProviderStatus);
    this.provider.off('connection-close', this.onClose);
    this.provider.off('connection-error', this.onError);
    this.provider.off('sync', this.onSync);
    this.provider.destroy();
    void this.persistence.destroy();
    this.ydoc.destroy();
  }

  /**
   * The server's sync step 1 carries the state vector of what it holds (and has stored, since it
   * applies updates only after committing them). Edits from an earlier session of this device
   * (another client id) that it already covers were stored even if their ack never arrived.
   */
  private noteServerState(decoder: decoding.Decoder) {
    try {
      if (decoding.readVarUint(decoder) !== 0) return;
      const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      stateVector.delete(this.ydoc.clientID);
      if (this.pending.coveredBy(stateVector)) this.update();
    } catch {
      /* Not ours to judge: y-websocket's own handler reports malformed messages. */
    }
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    // Only our own edits need saving; the server's and IndexedDB's are already stored somewhere,
    // and a restored backup's edits were counted (under their own client id) when they were made.
    if (origin === this.provider || origin === this.persistence || origin === BACKUP_ORIGIN) return;
    this.backup.note(update);
    this.pending.record(this.ydoc.clientID, Y.getState(this.ydoc.store, this.ydoc.clientID));
    this.update();
  };

  private readonly onProviderStatus = ({ status }: { status: string }) => {
    clearTimeout(this.connectTimer);
    if (status === 'connecting') {
      // A proxy may hold a WebSocket open without ever answering: after a while, say so.
      this.connectTimer = setTimeout(() => {
        this.attempted = true;
        this.update();
      }, CONNECT_PATIENCE_MS);
    }
    if (status === 'connected') {
      this.attempted = true;
      // Subscribe again on every connection: the server forgets subscriptions with the socket.
      this.provider.ws?.send(savedSubscribeMessage());
      this.renewAwareness();
    }
    this.update();
  };

  /**
   * A server that saw this client leave marked its awareness removed one clock tick ahead of ours,
   * so the state y-websocket resends on reconnecting would be ignored until its 15 s renewal (no
   * caret, no name). Two ticks put ours ahead again at once.
   */
  private renewAwareness() {
    const awareness = this.provider.awareness;
    const state = awareness.getLocalState();
    if (state === null) return;
    awareness.setLocalState({ ...state });
    awareness.setLocalState({ ...state });
  }

  private readonly onClose = (event: CloseEvent | null) => {
    this.attempted = true;
    if (event?.code === CloseCode.AccessRevoked && this.events.onAccessChanged) {
      this.events.onAccessChanged();
    } else if (event && FATAL_CLOSE_CODES.includes(event.code)) {
      this.fatal = true;
      this.provider.shouldConnect = false;
      this.events.onFatal(closeMessage(event.code));
    }
    this.update();
  };

  private readonly onError = () => {
    this.attempted = true;
    this.update();
  };

  private readonly onSync = () => this.update();

  private update() {
    if (this.pending.saved) this.backup.clear();
    let text: string;
    if (this.provider.wsconnected) text = this.pending.saved ? STATUS_SAVED : STATUS_SAVING;
    else if (this.attempted || this.fatal) text = STATUS_OFFLINE;
    else text = '';
    if (text === this.statusText) return;
    this.statusText = text;
    this.events.onStatus(text);
  }
}
