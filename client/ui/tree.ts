/**
 * The page tree of a paper: a nested list of numbered links inside <nav aria-label="Pages">,
 * with who is on each page, and for writers "New chapter", "Add sub-page", "Rename", "Delete",
 * drag and drop, and Alt+arrow moves on the focused link. Each row shows the page's status (as
 * text), its labels and, for editors, a request to reopen it. A label filter shows only pages that
 * have every chosen label, with their ancestors greyed for context. Every change goes through the
 * API; the tree re-renders from the pages the server returns (and from 'tree:changed' for everyone else).
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { api } from '../api.js';
import { pageHref } from '../router.js';
import { ancestry, childrenByParent, sectionNumbers } from '../../shared/tree.js';
import { hasAllLabels } from '../../shared/labels.js';
import { STATUS_NAMES } from '../../shared/pageStatus.js';
import { reopenSentence } from './pageStatus.js';
import { limits } from '../../shared/limits.js';
import type { PageView } from '../../shared/api.js';
import type { PresenceEntry } from '../../shared/events.js';
import { avatar } from './avatars.js';
import { messageOf } from './forms.js';
import { dropMove, keyboardMove, zoneAt, type DropZone, type KeyboardMove, type MoveTarget } from './treeMoves.js';

export interface TreeOptions {
  paperId: string;
  canWrite: boolean;
  /** Says something in the paper's live region. */
  announce(message: string): void;
  /** Called with the live tree the server returned after a change made here. */
  onPages(pages: PageView[]): void;
  /** Called when the page on screen was moved to the trash. */
  onCurrentDeleted(): void;
  /** Opens the import dialog; when given, writers see "Import…" beside "New chapter". */
  onImport?(): void;
}

/** An inline form open in the tree: a new chapter, a sub-page of a page, or a rename. */
type OpenForm = { kind: 'chapter' } | { kind: 'subpage'; pageId: string } | { kind: 'rename'; pageId: string };

const KEY_MOVES: Record<string, KeyboardMove> = { ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'in', ArrowLeft: 'out' };

export class PageTree {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'tree-body' });
  private readonly errors = h('div', { class: 'form-error', role: 'alert' });
  private readonly hintId = uniqueId('tree-hint');
  private readonly toolbar = h('div', { class: 'tree-tools' });
  private pages: PageView[] = [];
  private people: PresenceEntry[] = [];
  private currentId: string | null = null;
  private form: OpenForm | null = null;
  private formDraft = '';
  private dragging: string | null = null;
  /** Label names a page must all have to be shown (empty: no filter). */
  private filter: string[] = [];
  /** Editors approve pages: they see requests to reopen one, and may still rename an approved page. */
  private canApprove = false;

  constructor(private readonly options: TreeOptions) {
    this.el = h(
      'nav',
      { class: 'tree', 'aria-label': 'Pages' },
      h('h2', { class: 'tree-heading' }, 'Pages'),
      this.toolbar,
      this.errors,
      this.list,
      h('p', { id: this.hintId, class: 'hint tree-hint' }, 'To move the focused page: Alt + Up or Down to reorder, Alt + Right to make it a sub-page, Alt + Left to move it out.'),
    );
    this.renderToolbar();
  }

  /** Shows a new live tree. */
  setPages(pages: PageView[]): void {
    this.pages = pages.filter((p) => !p.deletedAt);
    this.render();
  }

  /** Shows who is on which page. */
  setPresence(people: PresenceEntry[]): void {
    this.people = people;
    this.render();
  }

  /** Marks the page on screen (null: the overview). */
  setCurrent(pageId: string | null): void {
    this.currentId = pageId;
    this.render();
  }

  /** Shows only pages having every one of these labels, and their ancestors for context (empty: all pages). */
  setFilter(labels: string[]): void {
    this.filter = labels;
    this.render();
  }

  /** Says whether this person approves pages (an editor): they see reopen requests, and only they rename an approved page. */
  setCanApprove(canApprove: boolean): void {
    this.canApprove = canApprove;
    this.render();
  }

  /** Turns the writing controls on or off (the person's role changed). */
  setCanWrite(canWrite: boolean): void {
    this.options.canWrite = canWrite;
    this.renderToolbar();
    this.render();
  }

  private renderToolbar() {
    const el = this.el.querySelector<HTMLElement>('.tree-hint');
    if (el) el.hidden = !this.options.canWrite;
    replaceChildren(
      this.toolbar,
      this.options.canWrite && h('button', { type: 'button', 'aria-expanded': String(this.form?.kind === 'chapter'), onclick: () => this.openForm({ kind: 'chapter' }) }, 'New chapter'),
      this.options.canWrite && this.options.onImport && h('button', { type: 'button', 'aria-haspopup': 'dialog', onclick: () => this.options.onImport?.() }, 'Import…'),
    );
  }

  private render() {
    const focus = this.rememberFocus();
    const byParent = childrenByParent(this.pages);
    const numbers = sectionNumbers(this.pages);
    const matching = this.filter.length ? new Set(this.pages.filter((p) => hasAllLabels(p.labels, this.filter)).map((p) => p.id)) : null;
    const shown = matching ? new Set([...matching].flatMap((id) => ancestry(this.pages, id).map((p) => p.id))) : null;
    const renderLevel = (parentId: string | null): HTMLElement | null => {
      const children = byParent.get(parentId)?.filter((p) => !shown || shown.has(p.id));
      if (!children?.length) return null;
      return h('ul', { class: parentId === null ? 'tree-root' : 'tree-children' }, children.map((p) => this.renderItem(p, numbers.get(p.id) ?? '', renderLevel(p.id), !!matching && !matching.has(p.id))));
    };
    const root = renderLevel(null);
    const empty = matching ? 'No page has all of the chosen labels.' : this.options.canWrite ? 'No pages yet. Start with "New chapter".' : 'No pages yet.';
    replaceChildren(
      this.list,
      this.form?.kind === 'chapter' ? this.inlineForm('Chapter title', 'Create chapter', '') : null,
      root ?? h('p', { class: 'empty' }, empty),
    );
    this.renderToolbar();
    this.restoreFocus(focus);
  }

  /** One row; `context` marks an ancestor shown only because a sub-page matches the label filter. */
  private renderItem(page: PageView, number: string, children: HTMLElement | null, context = false): HTMLElement {
    const here = this.people.filter((p) => p.pageId === page.id);
    const write = this.options.canWrite;
    const renaming = this.form?.kind === 'rename' && this.form.pageId === page.id;
    const link = h(
      'a',
      {
        class: 'tree-link',
        href: pageHref(this.options.paperId, page.id),
        'data-page-id': page.id,
        'aria-current': page.id === this.currentId ? 'page' : null,
        'aria-describedby': write ? this.hintId : null,
        'aria-keyshortcuts': write ? 'Alt+ArrowUp Alt+ArrowDown Alt+ArrowRight Alt+ArrowLeft' : null,
        onkeydown: (event: Event) => this.onKey(event as KeyboardEvent, page),
      },
      h('span', { class: 'num' }, number),
      ' ',
      h('span', { class: 'title' }, page.title),
      context ? h('span', { class: 'visually-hidden' }, ' (does not have the chosen labels)') : null,
    );
    const reopen = this.canApprove ? reopenSentence(page) : null;
    // An approved page's title, like its text, is the editors' until it is reopened.
    const retitle = page.status !== 'approved' || this.canApprove;
    const details = h(
      'span',
      { class: 'tree-details' },
      h('span', { class: `tree-status status-${page.status}` }, STATUS_NAMES[page.status]),
      reopen ? h('span', { class: 'tree-reopen' }, reopen) : null,
      page.assignees.length
        ? h(
            'span',
            { class: 'tree-assignees', title: `Assigned to ${page.assignees.map((p) => p.name).join(', ')}` },
            h('span', { class: 'visually-hidden' }, `Assigned to ${page.assignees.map((p) => p.name).join(', ')}`),
            // Compact: first names only; the full names are in the title and for screen readers.
            h('span', { 'aria-hidden': 'true' }, `→ ${page.assignees.map((p) => p.name.split(/\s+/)[0]).join(', ')}`),
          )
        : null,
      page.labels.length ? h('span', { class: 'tree-labels' }, h('span', { class: 'visually-hidden' }, 'Labels: '), page.labels.map((name) => h('span', { class: 'tree-label' }, name))) : null,
      commentBadge(page.openComments),
    );
    const row = h(
      'div',
      { class: 'tree-row', draggable: write ? 'true' : null, 'data-page-id': page.id },
      renaming ? this.inlineForm(`New title for ${page.title}`, 'Save title', page.title, page) : link,
      details,
      here.length ? h('span', { class: 'presence' }, here.map((p) => avatar(p.name, p.color, `${p.name} is on this page`))) : null,
      write && !renaming
        ? h(
            'span',
            { class: 'tree-actions' },
            h('button', { type: 'button', class: 'icon', 'data-control': 'subpage', 'aria-label': `Add sub-page to ${page.title}`, title: 'Add sub-page', onclick: () => this.openForm({ kind: 'subpage', pageId: page.id }) }, '+'),
            retitle && h('button', { type: 'button', class: 'icon', 'data-control': 'rename', 'aria-label': `Rename ${page.title}`, title: 'Rename', onclick: () => this.openForm({ kind: 'rename', pageId: page.id }) }, '✎'),
            h('button', { type: 'button', class: 'icon danger', 'data-control': 'delete', 'aria-label': `Delete ${page.title}`, title: 'Delete (to the trash)', onclick: () => void this.remove(page) }, '×'),
          )
        : null,
    );
    if (write) this.wireDrag(row, page);
    const subForm = this.form?.kind === 'subpage' && this.form.pageId === page.id ? this.inlineForm(`Title of the new sub-page of ${page.title}`, 'Create sub-page', '', page) : null;
    return h('li', { 'data-page-id': page.id, class: context ? 'tree-context' : null }, row, subForm, children);
  }

  /** The small form for a new chapter, a new sub-page or a new title; keeps its draft across re-renders. */
  private inlineForm(label: string, submit: string, initial: string, page?: PageView): HTMLElement {
    const id = uniqueId('tree-input');
    const input = h('input', { id, type: 'text', required: true, maxlength: limits.pageTitleChars, value: this.formDraft || initial, 'data-control': 'form-input' });
    input.addEventListener('input', () => (this.formDraft = input.value));
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closeForm();
    });
    const form = h(
      'form',
      { class: 'tree-form' },
      h('label', { for: id }, label),
      input,
      h('span', { class: 'tree-form-buttons' }, h('button', { type: 'submit', class: 'small primary' }, submit), h('button', { type: 'button', class: 'small', onclick: () => this.closeForm() }, 'Cancel')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submitForm(input.value, page);
    });
    return form;
  }

  private openForm(form: OpenForm) {
    this.form = form;
    this.formDraft = '';
    this.errors.textContent = '';
    this.render();
    this.list.querySelector<HTMLInputElement>('[data-control=form-input]')?.focus();
  }

  private closeForm() {
    const form = this.form;
    this.form = null;
    this.formDraft = '';
    this.render();
    const back = form && form.kind !== 'chapter' ? this.list.querySelector<HTMLElement>(`a[data-page-id="${CSS.escape(form.pageId)}"]`) : this.toolbar.querySelector('button');
    back?.focus();
  }

  private async submitForm(value: string, page?: PageView) {
    const form = this.form;
    if (!form) return;
    this.errors.textContent = '';
    try {
      if (form.kind === 'rename' && page) {
        await api.renamePage(this.options.paperId, page.id, value);
        this.options.announce(`Renamed to '${value.trim()}'.`);
        const fresh = (await api.pages(this.options.paperId)).pages;
        this.form = null;
        this.formDraft = '';
        this.options.onPages(fresh);
        this.list.querySelector<HTMLElement>(`a[data-page-id="${CSS.escape(page.id)}"]`)?.focus();
        return;
      }
      const { page: created } = await api.createPage(this.options.paperId, { title: value, parentId: form.kind === 'subpage' ? form.pageId : null });
      const fresh = (await api.pages(this.options.paperId)).pages;
      this.form = null;
      this.formDraft = '';
      this.options.onPages(fresh);
      this.options.announce(`Added '${created.title}' as ${sectionNumbers(fresh).get(created.id) ?? 'a page'}.`);
      this.list.querySelector<HTMLElement>(`a[data-page-id="${CSS.escape(created.id)}"]`)?.focus();
    } catch (err) {
      this.errors.textContent = messageOf(err);
    }
  }

  private async remove(page: PageView) {
    this.errors.textContent = '';
    try {
      const { pages } = await api.deletePage(this.options.paperId, page.id);
      this.options.onPages(pages);
      this.options.announce(`Moved '${page.title}' and its sub-pages to the trash.`);
      if (this.currentId && !pages.some((p) => p.id === this.currentId && !p.deletedAt)) this.options.onCurrentDeleted();
      (this.list.querySelector<HTMLElement>('a.tree-link') ?? this.toolbar.querySelector<HTMLElement>('button'))?.focus();
    } catch (err) {
      this.errors.textContent = messageOf(err);
    }
  }

  private onKey(event: KeyboardEvent, page: PageView) {
    if (!this.options.canWrite || !event.altKey || event.ctrlKey || event.metaKey) return;
    const move = KEY_MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const target = keyboardMove(this.pages, page.id, move);
    if (!target) {
      this.options.announce(`'${page.title}' cannot move that way.`);
      return;
    }
    void this.move(page, target);
  }

  private async move(page: PageView, target: MoveTarget) {
    this.errors.textContent = '';
    try {
      const { pages } = await api.movePage(this.options.paperId, page.id, target);
      this.options.onPages(pages);
      this.options.announce(`Moved '${page.title}' to ${sectionNumbers(pages).get(page.id) ?? 'its new place'}.`);
      this.list.querySelector<HTMLElement>(`a[data-page-id="${CSS.escape(page.id)}"]`)?.focus();
    } catch (err) {
      this.errors.textContent = messageOf(err);
    }
  }

  private wireDrag(row: HTMLElement, page: PageView) {
    let zone: DropZone | null = null;
    const clear = () => row.classList.remove('drop-before', 'drop-after', 'drop-inside');
    row.addEventListener('dragstart', (e) => {
      this.dragging = page.id;
      e.dataTransfer?.setData('text/plain', page.title);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      row.classList.add('dragging');
    });
    row.addEventListener('dragend', () => {
      this.dragging = null;
      row.classList.remove('dragging');
    });
    row.addEventListener('dragover', (e) => {
      if (!this.dragging) return;
      const rect = row.getBoundingClientRect();
      zone = zoneAt(e.clientY - rect.top, rect.height);
      if (!dropMove(this.pages, this.dragging, page.id, zone)) return;
      e.preventDefault();
      clear();
      row.classList.add(`drop-${zone}`);
    });
    row.addEventListener('dragleave', clear);
    row.addEventListener('drop', (e) => {
      clear();
      const id = this.dragging;
      if (!id || !zone) return;
      e.preventDefault();
      const target = dropMove(this.pages, id, page.id, zone);
      const moved = this.pages.find((p) => p.id === id);
      if (target && moved) void this.move(moved, target);
    });
  }

  private rememberFocus(): { pageId: string | null; control: string | null } | null {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !this.el.contains(active)) return null;
    const holder = active.closest('[data-page-id]');
    return { pageId: holder?.getAttribute('data-page-id') ?? null, control: active.getAttribute('data-control') ?? (active.classList.contains('tree-link') ? 'link' : null) };
  }

  private restoreFocus(focus: { pageId: string | null; control: string | null } | null) {
    if (!focus || this.el.contains(document.activeElement)) return;
    const scope = focus.pageId ? this.list.querySelector(`li[data-page-id="${CSS.escape(focus.pageId)}"]`) : this.list;
    if (!scope) return;
    const selector = focus.control === 'link' ? 'a.tree-link' : focus.control ? `[data-control="${focus.control}"]` : null;
    if (selector) scope.querySelector<HTMLElement>(selector)?.focus();
  }
}

/** The number of a page's open comment threads (nothing when there are none). */
function commentBadge(open: number): HTMLElement | null {
  if (!open) return null;
  const words = `${open} open comment${open === 1 ? '' : 's'}`;
  return h('span', { class: 'comment-badge', title: words }, h('span', { 'aria-hidden': 'true' }, String(open)), h('span', { class: 'visually-hidden' }, words));
}
