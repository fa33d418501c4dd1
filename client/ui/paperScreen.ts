/**
 * One paper on screen: its page tree beside either the overview (details and members) or one
 * page. It owns the paper's socket.io connection (tree, presence and member events) and the page
 * view, and releases both in destroy().
 */
import { h, replaceChildren } from '../dom.js';
import { api, ApiRequestError } from '../api.js';
import { auditHref, dashboardHref, pageHref, paperHref } from '../router.js';
import { openPaperSocket, type PaperSocket } from '../socket.js';
import { canManage, canWrite } from '../../shared/roles.js';
import { can } from '../../shared/permissions.js';
import type { PageView, PaperView, UserView } from '../../shared/api.js';
import type { PresenceEntry } from '../../shared/events.js';
import { PageTree } from './tree.js';
import { TrashPanel } from './trash.js';
import { MembersPanel } from './members.js';
import { PageScreen } from './pageScreen.js';
import { messageOf } from './forms.js';
import { watchPaperControl } from './watch.js';
import { LabelFilter } from './labelFilter.js';
import { LabelsAdmin } from './labelsAdmin.js';
import { labelsApi } from './labelsApi.js';
import { CoverSettings } from './coverSettings.js';
import { TemplatesSection } from './templates.js';
import { ConfidentialityCheck } from './confidentiality.js';
import { ReleasesSection } from './releases.js';
import { exportSection, type ExportForm } from './exportPanel.js';
import type { View } from './view.js';
import { ImportDialog } from './import/importDialog.js';

export interface PaperScreenOptions {
  paperId: string;
  user: UserView;
  navigate(path: string): void;
}

export class PaperScreen implements View {
  readonly el: HTMLElement;
  readonly paperId: string;
  private paper: PaperView | null = null;
  private pages: PageView[] = [];
  private pageId: string | null = null;
  private tree: PageTree | null = null;
  private trash: TrashPanel | null = null;
  private members: MembersPanel | null = null;
  private labelFilter: LabelFilter | null = null;
  private labelsAdmin: LabelsAdmin | null = null;
  private cover: CoverSettings | null = null;
  private templates: TemplatesSection | null = null;
  private overviewTitle: HTMLElement | null = null;
  private overviewSubtitle: HTMLElement | null = null;
  private confidentiality: ConfidentialityCheck | null = null;
  private releases: ReleasesSection | null = null;
  private exportForm: ExportForm | null = null;
  private page: PageScreen | null = null;
  private socket: PaperSocket | null = null;
  private readonly side = h('div', { class: 'paper-side' });
  private readonly content = h('div', { class: 'paper-content' });
  private readonly announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
  private readonly loaded: Promise<boolean>;
  private destroyed = false;

  constructor(private readonly options: PaperScreenOptions) {
    this.paperId = options.paperId;
    this.el = h('div', { class: 'paper-layout' }, this.side, this.content, this.announcer);
    replaceChildren(this.content, h('p', { class: 'page-message' }, 'Loading the paper…'));
    this.loaded = this.load();
  }

  /** Shows a page of this paper, or the overview when pageId is null. */
  showPage(pageId: string | null): void {
    this.pageId = pageId;
    void this.loaded.then((ok) => {
      if (!ok || this.destroyed || this.pageId !== pageId) return;
      this.tree?.setCurrent(pageId);
      this.socket?.emit('presence:update', { paperId: this.paperId, pageId });
      this.page?.destroy();
      this.page = null;
      if (pageId === null) {
        this.showOverview();
        return;
      }
      this.members?.destroy();
      this.members = null;
      this.labelsAdmin?.destroy();
      this.labelsAdmin = null;
      this.templates?.destroy();
      this.templates = null;
      this.cover = null;
      this.overviewTitle = null;
      this.overviewSubtitle = null;
      this.confidentiality?.destroy();
      this.confidentiality = null;
      this.releases?.destroy();
      this.releases = null;
      this.exportForm?.destroy();
      this.exportForm = null;
      this.page = new PageScreen({ paper: this.paper!, pageId, pages: this.pages, user: this.options.user, announce: (m) => this.announce(m), socket: this.socket });
      replaceChildren(this.content, this.page.el);
    });
  }

  destroy(): void {
    this.destroyed = true;
    this.page?.destroy();
    this.members?.destroy();
    this.labelsAdmin?.destroy();
    this.confidentiality?.destroy();
    this.releases?.destroy();
    this.exportForm?.destroy();
    this.templates?.destroy();
    if (this.socket) {
      this.socket.emit('paper:leave', this.paperId);
      this.socket.removeAllListeners();
      this.socket.disconnect();
    }
  }

  private async load(): Promise<boolean> {
    try {
      const [{ paper }, { pages }] = await Promise.all([api.paper(this.paperId), api.pages(this.paperId)]);
      if (this.destroyed) return false;
      this.paper = paper;
      this.pages = pages;
    } catch (err) {
      if (!this.destroyed) replaceChildren(this.content, h('div', { class: 'page-message' }, h('h1', {}, 'This paper cannot be shown'), h('p', { role: 'alert' }, messageOf(err)), h('p', {}, h('a', { href: '/' }, 'Go to my papers'))));
      return false;
    }
    const writer = canWrite(this.paper.role);
    this.tree = new PageTree({
      paperId: this.paperId,
      canWrite: writer,
      announce: (m) => this.announce(m),
      onPages: (pages) => this.setPages(pages),
      onCurrentDeleted: () => this.options.navigate(paperHref(this.paperId)),
      onImport: () => this.openImport(),
    });
    this.trash = new TrashPanel({ paperId: this.paperId, announce: (m) => this.announce(m), onPages: (pages) => this.setPages(pages) });
    this.trash.el.hidden = !writer;
    this.tree.setCanApprove(can(this.paper.role, 'page.approve'));
    this.labelFilter = new LabelFilter({ paperId: this.paperId, onChange: (labels) => this.tree?.setFilter(labels) });
    this.labelFilter.setPages(this.pages);
    void this.loadLabels();
    replaceChildren(this.side, h('a', { class: 'paper-title-link', href: paperHref(this.paperId) }, this.paper.title), this.labelFilter.el, this.tree.el, this.trash?.el);
    this.tree.setPages(this.pages);
    this.connect();
    return true;
  }

  private connect() {
    const socket = openPaperSocket();
    this.socket = socket;
    let joinedBefore = false;
    socket.on('connect', () => {
      socket.emit('paper:join', this.paperId, (reply) => {
        if (this.destroyed) return;
        if (!reply.ok) {
          this.refreshRole();
          return;
        }
        this.setPages(reply.pages);
        this.setPresence(reply.presence);
        socket.emit('presence:update', { paperId: this.paperId, pageId: this.pageId });
        if (joinedBefore) this.refreshRole();
        joinedBefore = true;
      });
    });
    socket.on('tree:changed', ({ paperId, pages }) => paperId === this.paperId && this.setPages(pages));
    socket.on('page:updated', ({ paperId, page }) => {
      if (paperId !== this.paperId) return;
      this.pages = this.pages.map((p) => (p.id === page.id ? page : p));
      this.tree?.setPages(this.pages);
      this.page?.setPages(this.pages);
    });
    socket.on('presence:changed', ({ paperId, people }) => paperId === this.paperId && this.setPresence(people));
    socket.on('labels:changed', ({ paperId }) => {
      if (paperId !== this.paperId) return;
      void this.loadLabels();
      void this.labelsAdmin?.refresh();
    });
    socket.on('paper:changed', ({ paperId }) => paperId === this.paperId && this.refreshPaper());
    socket.on('members:changed', ({ paperId }) => {
      if (paperId !== this.paperId) return;
      this.members?.refresh();
      this.refreshRole();
    });
  }

  /** Re-reads my role (members changed, or the socket rejoined after missing events) and rebuilds what depends on it. */
  private refreshRole() {
    void api.paper(this.paperId).then(
      ({ paper }) => {
        if (this.destroyed || !this.paper || paper.role === this.paper.role) return;
        this.paper = paper;
        this.tree?.setCanWrite(canWrite(paper.role));
        this.tree?.setCanApprove(can(paper.role, 'page.approve'));
        if (this.trash) this.trash.el.hidden = !canWrite(paper.role);
        this.announce(`Your role in this paper is now ${paper.role}.`);
        // The page (and its connection, whose rights were fixed when it opened) is rebuilt for the new role.
        this.showPage(this.pageId);
      },
      (err) => {
        if (!this.destroyed && err instanceof ApiRequestError && err.status === 404) this.removed();
      },
    );
  }

  /** Re-reads the paper after someone changed its details or cover ('paper:changed'). */
  private refreshPaper() {
    void api.paper(this.paperId).then(
      ({ paper }) => {
        if (this.destroyed || !this.paper) return;
        if (paper.role !== this.paper.role) return this.refreshRole();
        this.paperSaved(paper);
      },
      () => {
        /* The next change or rejoin reads it again. */
      },
    );
  }

  /** Shows a paper's new details wherever they appear: the side title, the overview, the cover section. */
  private paperSaved(paper: PaperView) {
    this.paper = paper;
    const link = this.side.querySelector('.paper-title-link');
    if (link) link.textContent = paper.title;
    if (this.overviewTitle) this.overviewTitle.textContent = paper.title;
    if (this.overviewSubtitle) {
      this.overviewSubtitle.textContent = paper.subtitle;
      this.overviewSubtitle.hidden = !paper.subtitle;
    }
    if (this.pageId === null) document.title = `${paper.title} – Quire`;
    this.cover?.setPaper(paper);
  }

  /** This person was removed from the paper: let go of the page and say so. */
  private removed() {
    this.destroy();
    this.tree?.setCanWrite(false);
    if (this.trash) this.trash.el.hidden = true;
    replaceChildren(
      this.content,
      h('div', { class: 'page-message' }, h('h1', {}, 'You are no longer a member of this paper'), h('p', { role: 'alert' }, 'An editor removed you from this paper, so it is closed. Ask an editor if you need access again.'), h('p', {}, h('a', { href: '/' }, 'Go to my papers'))),
    );
  }

  private setPages(pages: PageView[]) {
    this.pages = pages.filter((p) => !p.deletedAt);
    this.tree?.setPages(this.pages);
    this.trash?.refresh();
    this.labelFilter?.setPages(this.pages);
    this.page?.setPages(this.pages);
    this.releases?.setPages();
    this.exportForm?.setPages();
  }

  /** Re-reads the paper's labels for the filter above the tree. */
  private async loadLabels() {
    try {
      const { labels } = await labelsApi.labels(this.paperId);
      if (!this.destroyed) this.labelFilter?.setLabels(labels);
    } catch {
      /* The filter keeps the labels it had; the next 'labels:changed' tries again. */
    }
  }

  private setPresence(people: PresenceEntry[]) {
    this.tree?.setPresence(people);
  }

  /** Opens the import dialog; once pages are made, says so and opens the first. */
  private openImport() {
    new ImportDialog({
      paperId: this.paperId,
      pages: this.pages,
      onImported: (pages) => {
        this.announce(`Imported ${pages.length} ${pages.length === 1 ? 'page' : 'pages'}.`);
        void api.pages(this.paperId).then(
          ({ pages: tree }) => {
            if (this.destroyed) return;
            this.setPages(tree);
            if (pages[0]) this.options.navigate(pageHref(this.paperId, pages[0].id));
          },
          () => pages[0] && this.options.navigate(pageHref(this.paperId, pages[0].id)),
        );
      },
    });
  }

  private announce(message: string) {
    // Clear first so the same sentence twice is announced twice.
    this.announcer.textContent = '';
    requestAnimationFrame(() => (this.announcer.textContent = message));
  }

  private showOverview() {
    const paper = this.paper!;
    document.title = `${paper.title} – Quire`;
    this.members?.destroy();
    this.labelsAdmin?.destroy();
    this.labelsAdmin = can(paper.role, 'label.manage') ? new LabelsAdmin(this.paperId, (m) => this.announce(m)) : null;
    this.confidentiality?.destroy();
    this.confidentiality = can(paper.role, 'paper.export', paper)
      ? new ConfidentialityCheck({ paperId: this.paperId, canAcknowledge: can(paper.role, 'paper.release'), pageCount: () => this.pages.length, socket: this.socket })
      : null;
    if (this.confidentiality) this.confidentiality.el.id = 'confidentiality-check';
    this.releases?.destroy();
    this.releases = new ReleasesSection({
      paperId: this.paperId,
      canRelease: can(paper.role, 'paper.release'),
      pages: () => this.pages,
      socket: this.socket,
      announce: (m) => this.announce(m),
      showConfidentialityCheck: () => this.showConfidentialityCheck(),
    });
    this.exportForm?.destroy();
    this.exportForm = exportSection(paper, {
      pages: () => this.pages,
      socket: this.socket,
      announce: (m) => this.announce(m),
      showConfidentialityCheck: () => this.showConfidentialityCheck(),
    });
    this.members = new MembersPanel(this.paperId, canManage(paper.role), this.options.user.id);
    this.cover = new CoverSettings({ paper, canEdit: can(paper.role, 'paper.update'), onSaved: (saved) => this.paperSaved(saved) });
    this.templates?.destroy();
    this.templates = can(paper.role, 'paper.update') ? new TemplatesSection(this.paperId, (m) => this.announce(m)) : null;
    this.overviewTitle = h('h1', {}, paper.title);
    this.overviewSubtitle = h('p', { class: 'subtitle', hidden: !paper.subtitle }, paper.subtitle);
    replaceChildren(
      this.content,
      h(
        'article',
        { class: 'overview' },
        this.overviewTitle,
        this.overviewSubtitle,
        paper.description ? h('p', {}, paper.description) : null,
        h('p', { class: 'hint' }, `Your role: ${paper.role}. `, canWrite(paper.role) ? 'Add chapters with "New chapter" in the page list.' : 'Choose a page from the list to read it.'),
        watchPaperControl(this.paperId, (m) => this.announce(m)),
        h('p', {}, h('a', { href: dashboardHref(this.paperId) }, 'Dashboard: every chapter’s status, assignees and progress')),
        can(paper.role, 'audit.read') ? h('p', {}, h('a', { href: auditHref(this.paperId) }, 'Audit trail of this paper')) : null,
        this.confidentiality?.el,
        this.releases.el,
        this.exportForm?.el,
        this.labelsAdmin?.el,
        this.members.el,
        this.cover.el,
        this.templates?.el,
      ),
    );
  }

  /** Brings the confidentiality check into view with focus on its button (a release or export the gate stopped). */
  private showConfidentialityCheck(): void {
    this.confidentiality?.el.scrollIntoView({ block: 'start' });
    this.confidentiality?.el.querySelector<HTMLElement>('button')?.focus();
  }
}
