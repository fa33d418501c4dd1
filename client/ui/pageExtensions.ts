/**
 * The page screen's extension points. Each capability shown on a page (status and labels, history,
 * comments, watching) is a PageExtension made from a PageContext; pageScreen.ts mounts what each
 * gives: a part of the header, buttons in the page tools, editor plugins, and at most one side
 * panel open at a time. The list of extensions is in pageExtensionList.ts.
 */
import type { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { PageView, PaperView, UserView } from '../../shared/api.js';
import type { PageConnection } from '../collab/pageConnection.js';
import type { ServerToClientEvents } from '../../shared/events.js';

/** What an extension may know and do on the page screen. */
export interface PageContext {
  readonly paper: PaperView;
  readonly pageId: string;
  readonly user: UserView;
  /** The page as last known (null until loaded). */
  page(): PageView | null;
  /** The paper's live tree. */
  pages(): PageView[];
  /** The editor, once mounted. */
  view(): EditorView | null;
  readonly connection: PageConnection;
  /** Says something to screen-reader users (and shows it briefly). */
  announce(message: string): void;
  /**
   * Shows a panel beside the text, replacing any other; `label` names the region. `onHidden` is
   * called once when the panel leaves the screen (closed, or replaced by another capability's),
   * so the button that opened it can stop saying it is expanded.
   */
  showPanel(panel: HTMLElement, label: string, onHidden?: () => void): void;
  /** Closes the side panel if `panel` (or, without it, any panel) is the one shown. */
  closePanel(panel?: HTMLElement): void;
  /** Listens to one of the paper's live socket.io events while the page is on screen (removed when it closes). */
  onLive<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void;
}

/** What one capability adds to the page screen. Everything is optional. */
export interface PageExtension {
  /** Shown in the page header under the "last edited" line (status, labels). */
  header?: HTMLElement;
  /** Shown in the page tools row (History, Comments, Watch buttons). */
  tools?: HTMLElement;
  /** ProseMirror plugins added to the editor when it is made. */
  plugins?: Plugin[];
  /** The page's details changed (tree event, status, labels, comment count). */
  pageChanged?(page: PageView): void;
  /** The editor was mounted. */
  editorReady?(view: EditorView): void;
  destroy?(): void;
}

export type PageExtensionFactory = (ctx: PageContext) => PageExtension;
