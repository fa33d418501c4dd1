/**
 * One page on screen: breadcrumb, editable title, who made and last edited it, who is here, the
 * save status line, and the collaborative editor. It owns the page's PageConnection and
 * EditorView and destroys both when the person leaves the page.
 */
import type { EditorView } from 'prosemirror-view';
import { h, replaceChildren, uniqueId } from '../dom.js';
import { api } from '../api.js';
import { pageHref, paperHref } from '../router.js';
import { ancestry, sectionNumbers } from '../../shared/tree.js';
import { canWrite } from '../../shared/roles.js';
import { mayWriteText } from '../../shared/pageStatus.js';
import { shortDate } from './pageStatus.js';
import { colorFor } from '../../shared/presence.js';
import { limits } from '../../shared/limits.js';
import type { PageView, PaperView, UserView } from '../../shared/api.js';
import { PageConnection, STATUS_OFFLINE, STATUS_SAVING } from '../collab/pageConnection.js';
import { createEditor } from '../editor/setup.js';
import { avatar } from './avatars.js';
import { messageOf } from './forms.js';
import { relativeTime } from './relativeTime.js';
import type { PageContext, PageExtension } from './pageExtensions.js';
import type { PaperSocket } from '../socket.js';
import { PAGE_EXTENSIONS } from './pageExtensionList.js';
import { requestLatestChange } from './history/latestChange.js';

export interface PageScreenOptions {
  paper: PaperView;
  pageId: string;
  pages: PageView[];
  user: UserView;
  announce(message: string): void;
  /** The paper's socket.io connection, for extensions' live events. */
  socket?: PaperSocket | null;
}

/** Shown instead of "Saving..." when the person's last edits cannot be sent because the page became read-only. */
const NOT_SENT_WHILE_APPROVED = 'Not sent: the page was approved while you were writing. Your last changes are kept on this device and will be sent if an editor reopens the page.';

export class PageScreen {
  readonly el: HTMLElement;
  private page: PageView | null;
  private pages: PageView[];
  /** May change the text now: the role allows it and, for authors, the page is not approved (shared/pageStatus.ts). */
  private writer: boolean;
  /** The connection's last save status (before renderStatus words it for a read-only page). */
  private statusText = '';
  private readonly readOnlyNote = h('p', { class: 'read-only-note' });
  private readonly breadcrumb = h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' });
  private readonly titleRow = h('div', { class: 'title-row' });
  private readonly titleInput: HTMLInputElement | null = null;
  private readonly titleLabel: HTMLLabelElement | null = null;
  private readonly titleError = h('p', { class: 'form-error', role: 'alert' });
  private readonly meta = h('p', { class: 'page-meta' });
  private readonly banner = h('div', { class: 'banner', role: 'alert' });
  private readonly people = h('div', { class: 'page-people', 'aria-label': 'People on this page', role: 'group' });
  private readonly status = h('p', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
  private readonly toolbarMount = h('div', { class: 'toolbar-mount' });
  private readonly editorMount = h('div', { class: 'editor-mount' }, h('p', { class: 'page-message' }, 'Loading the page text…'));
  private readonly headerExtras = h('div', { class: 'page-header-extras' });
  private readonly tools = h('div', { class: 'page-tools' });
  private readonly panel = h('aside', { class: 'page-panel' });
  /** The panel on screen and what to tell when it leaves. */
  private shownPanel: { panel: HTMLElement; onHidden?: () => void } | null = null;
  private readonly extensions: PageExtension[];
  private readonly connection: PageConnection;
  private view: EditorView | null = null;
  private readonly timer: ReturnType<typeof setInterval>;
  private destroyed = false;
  /** Socket listeners extensions added through onLive, removed in destroy(). */
  private readonly liveListeners: [string, (...args: never[]) => void][] = [];

  constructor(private readonly options: PageScreenOptions) {
    this.pages = options.pages;
    this.page = options.pages.find((p) => p.id === options.pageId) ?? null;
    this.writer = this.mayWrite();
    if (canWrite(options.paper.role)) {
      const id = uniqueId('page-title');
      this.titleInput = h('input', { id, class: 'page-title-input', type: 'text', maxlength: limits.pageTitleChars, required: true });
      this.titleInput.addEventListener('change', () => void this.saveTitle());
      this.titleInput.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          this.titleInput?.blur();
        }
      });
      this.titleLabel = h('label', { for: id, class: 'visually-hidden' }, 'Page title');
    }
    this.banner.hidden = true;
    this.el = h(
      'article',
      { class: 'page' },
      this.breadcrumb,
      h('header', { class: 'page-header' }, this.titleRow, this.titleError, this.meta, this.headerExtras),
      this.banner,
      this.readOnlyNote,
      h('div', { class: 'page-bar' }, this.people, this.status, this.tools),
      h('div', { class: 'page-body' }, h('div', { class: 'page-main' }, this.toolbarMount, this.editorMount), this.panel),
    );
    this.panel.hidden = true;
    this.renderAccess();
    this.renderHeader();
    this.timer = setInterval(() => this.renderMeta(), 30_000);
    void api.page(options.paper.id, options.pageId).then(
      ({ page }) => {
        if (this.destroyed) return;
        this.page = page;
        this.renderHeader();
        for (const ext of this.extensions) ext.pageChanged?.(page);
        this.applyAccess();
      },
      (err) => {
        if (this.destroyed || this.page) return;
        this.showBanner(messageOf(err));
      },
    );

    this.connection = new PageConnection(options.pageId, {
      onStatus: (text) => {
        this.statusText = text;
        this.renderStatus();
        if (text === STATUS_OFFLINE && !this.view) {
          replaceChildren(this.editorMount, h('p', { class: 'page-message' }, 'This page has not been opened on this device before, so its text cannot be shown offline. It will appear when Quire can be reached again.'));
        }
      },
      onFatal: (message) => this.showBanner(message),
      onAccessChanged: () => this.refreshAccess(),
    });
    this.extensions = PAGE_EXTENSIONS.map((make) => make(this.context()));
    for (const ext of this.extensions) {
      if (ext.header) this.headerExtras.append(ext.header);
      if (ext.tools) this.tools.append(ext.tools);
    }
    if (this.page) for (const ext of this.extensions) ext.pageChanged?.(this.page);
    const awareness = this.connection.provider.awareness;
    awareness.setLocalStateField('user', { name: options.user.name, color: colorFor(options.user.id) });
    awareness.on('change', this.renderPeople);
    this.renderPeople();
    void this.connection.whenReady().then(() => this.mountEditor());
  }

  /** Takes a new live tree (renames, moves, 'page:updated'). */
  setPages(pages: PageView[]): void {
    const wasLive = this.pages.some((p) => p.id === this.options.pageId);
    this.pages = pages;
    const fresh = pages.find((p) => p.id === this.options.pageId);
    if (fresh) {
      this.page = fresh;
      for (const ext of this.extensions) ext.pageChanged?.(fresh);
    } else if (wasLive) this.showBanner('This page has been moved to the trash. A writer can restore it from the Trash.');
    this.renderHeader();
    this.applyAccess();
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.timer);
    for (const ext of this.extensions) ext.destroy?.();
    const socket = this.options.socket as { off(event: string, handler: unknown): void } | null | undefined;
    for (const [event, handler] of this.liveListeners) socket?.off(event, handler);
    this.connection.provider.awareness.off('change', this.renderPeople);
    this.view?.destroy();
    this.view = null;
    this.connection.destroy();
  }

  /** Whether this person may change the text of the page as last known. */
  private mayWrite(): boolean {
    return mayWriteText(this.options.paper.role, this.page?.status ?? 'draft');
  }

  /**
   * The connection was closed because access changed (4410) and is reopening with the new
   * access: re-read the page's status and make the editor match.
   */
  private refreshAccess() {
    void api.page(this.options.paper.id, this.options.pageId).then(
      ({ page }) => {
        if (this.destroyed) return;
        this.page = page;
        for (const ext of this.extensions) ext.pageChanged?.(page);
        this.renderHeader();
        this.applyAccess();
      },
      () => {
        /* Removed from the paper: the paper screen says so. */
      },
    );
  }

  /**
   * Makes the editor editable or read-only as the role and status now allow (an author's page
   * was approved or reopened). The document stays the same, so nothing typed is lost.
   */
  private applyAccess() {
    const writer = this.mayWrite();
    const changed = writer !== this.writer;
    this.writer = writer;
    this.renderAccess();
    this.renderStatus();
    if (!changed) return;
    this.renderHeader();
    if (this.view) {
      this.view.destroy();
      this.view = null;
      this.toolbarMount.replaceChildren();
      this.mountEditor();
    }
    this.options.announce(writer ? 'This page was reopened: you can edit it again.' : this.readOnlyNote.textContent ?? '');
  }

  /**
   * The save status. Edits typed just before the page became read-only (an editor approved it) can
   * never be sent while it stays so: instead of "Saving..." for ever, say where they are.
   */
  private renderStatus() {
    const unsendable = this.statusText === STATUS_SAVING && !this.writer && canWrite(this.options.paper.role);
    this.status.textContent = unsendable ? NOT_SENT_WHILE_APPROVED : this.statusText;
  }

  /** The note under the header saying why the text cannot be changed (hidden for writers). */
  private renderAccess() {
    const page = this.page;
    this.readOnlyNote.hidden = this.writer;
    if (this.writer) this.readOnlyNote.textContent = '';
    else if (!canWrite(this.options.paper.role)) this.readOnlyNote.textContent = `Read only: your role is ${this.options.paper.role}`;
    else {
      const by = page?.statusSetBy && page.statusSetAt ? ` by ${page.statusSetBy.name}, ${shortDate(page.statusSetAt)}` : '';
      this.readOnlyNote.textContent = `Read only: this page was approved${by}. Ask an editor to reopen it to make changes; anything you typed before is kept.`;
    }
  }

  private mountEditor() {
    if (this.destroyed) return;
    this.editorMount.replaceChildren();
    this.view = createEditor({
      fragment: this.connection.fragment,
      awareness: this.connection.provider.awareness,
      editable: this.writer,
      mount: this.editorMount,
      toolbarMount: this.toolbarMount,
      plugins: this.extensions.flatMap((ext) => ext.plugins ?? []),
    });
    for (const ext of this.extensions) ext.editorReady?.(this.view);
  }

  /** What extensions see of this screen. */
  private context(): PageContext {
    return {
      paper: this.options.paper,
      pageId: this.options.pageId,
      user: this.options.user,
      page: () => this.page,
      pages: () => this.pages,
      view: () => this.view,
      connection: this.connection,
      announce: (message) => this.options.announce(message),
      showPanel: (panel, label, onHidden) => {
        if (this.shownPanel?.panel !== panel) this.hidePanel();
        this.shownPanel = { panel, onHidden };
        this.panel.hidden = false;
        this.panel.setAttribute('aria-label', label);
        this.panel.replaceChildren(panel);
      },
      closePanel: (panel) => {
        if (panel && !this.panel.contains(panel)) return;
        this.hidePanel();
        this.panel.hidden = true;
        this.panel.replaceChildren();
      },
      onLive: (event, handler) => {
        const socket = this.options.socket as { on(event: string, handler: unknown): void } | null | undefined;
        if (!socket || this.destroyed) return;
        socket.on(event, handler);
        this.liveListeners.push([event, handler as (...args: never[]) => void]);
      },
    };
  }

  private renderHeader() {
    const page = this.page;
    const paper = this.options.paper;
    const numbers = sectionNumbers(this.pages);
    const chain = ancestry(this.pages, this.options.pageId);
    replaceChildren(
      this.breadcrumb,
      h(
        'ol',
        {},
        h('li', {}, h('a', { href: paperHref(paper.id) }, paper.title)),
        chain.map((p) =>
          p.id === this.options.pageId
            ? h('li', { 'aria-current': 'page' }, `${numbers.get(p.id) ?? ''} ${p.title}`.trim())
            : h('li', {}, h('a', { href: pageHref(paper.id, p.id) }, `${numbers.get(p.id) ?? ''} ${p.title}`.trim())),
        ),
      ),
    );
    const number = numbers.get(this.options.pageId) ?? '';
    const title = page?.title ?? '';
    document.title = `${title || 'Page'} – ${paper.title} – Quire`;
    const numberEl = number ? h('span', { class: 'page-number' }, number) : null;
    if (this.titleInput && this.writer) {
      if (document.activeElement !== this.titleInput && !this.titleError.textContent) this.titleInput.value = title;
      replaceChildren(this.titleRow, this.titleLabel, h('h1', { class: 'page-title' }, numberEl, this.titleInput));
    } else {
      replaceChildren(this.titleRow, h('h1', { class: 'page-title' }, numberEl, ' ', title));
    }
    this.renderMeta();
  }

  private renderMeta() {
    const page = this.page;
    if (!page) {
      this.meta.textContent = '';
      return;
    }
    const when = relativeTime(page.lastEditedAt ?? page.createdAt);
    if (!page.lastEditedBy) {
      this.meta.textContent = `Created by ${page.createdBy.name}, ${when}`;
      return;
    }
    // "last edited by Y" shows the diff of that latest change (client/ui/history answers the request).
    // The same button is kept across renders, so focus can return to it when the diff closes.
    const hadFocus = this.meta.contains(document.activeElement);
    const latest =
      this.meta.querySelector<HTMLButtonElement>('button.link-button') ??
      h('button', { type: 'button', class: 'link-button', title: 'Show what changed', onclick: () => requestLatestChange(this.meta, this.options.pageId) });
    latest.textContent = `last edited by ${page.lastEditedBy.name}`;
    replaceChildren(this.meta, `Created by ${page.createdBy.name}, `, latest, `, ${when}`);
    if (hadFocus) latest.focus();
  }

  private readonly renderPeople = () => {
    const seen = new Set<string>();
    const avatars: HTMLElement[] = [];
    const states = [...this.connection.provider.awareness.getStates().entries()].sort(([a], [b]) => (a === this.connection.ydoc.clientID ? -1 : b === this.connection.ydoc.clientID ? 1 : 0));
    for (const [clientId, state] of states) {
      const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
      if (!user || typeof user.name !== 'string') continue;
      const color = typeof user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : '#4b5563';
      const key = `${user.name}|${color}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const me = clientId === this.connection.ydoc.clientID;
      avatars.push(avatar(user.name, color, me ? `${user.name} (you)` : user.name));
    }
    replaceChildren(this.people, h('span', { class: 'visually-hidden' }, 'On this page: '), avatars);
  };

  private async saveTitle() {
    const input = this.titleInput;
    if (!input || !this.page) return;
    const title = input.value;
    if (title.trim() === this.page.title) return;
    this.titleError.textContent = '';
    try {
      const { page } = await api.renamePage(this.options.paper.id, this.options.pageId, title);
      this.page = page;
      this.pages = this.pages.map((p) => (p.id === page.id ? page : p));
      this.options.announce(`Renamed to '${page.title}'.`);
      this.renderHeader();
    } catch (err) {
      this.titleError.textContent = messageOf(err);
    }
  }

  private showBanner(message: string) {
    this.banner.hidden = false;
    this.banner.textContent = message;
  }

  /** Tells the shown panel's owner it has left the screen (once). */
  private hidePanel(): void {
    const shown = this.shownPanel;
    this.shownPanel = null;
    shown?.onHidden?.();
  }
}
