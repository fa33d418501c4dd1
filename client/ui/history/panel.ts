/**
 * The "Version history" side panel of a page: the page's saved versions, newest first, each with
 * its name (or "Version 7"), when, who contributed and how much changed, and Open, Compare and
 * (for writers) Restore. Writers can name the current text as a version. The list is reloaded
 * when the server says it changed; focus stays on the control it was on.
 */
import { h, replaceChildren, uniqueId } from '../../dom.js';
import { REVISION_NAME_CHARS, type RevisionView } from '../../../shared/history.js';
import { errorRegion, field, messageOf, onSubmit } from '../forms.js';
import type { HistoryApi } from './api.js';
import { restoreControl } from './restoreControl.js';
import { contributorsText, timeElement, versionNumber, versionTitle, wordChange } from './revisionText.js';

export interface HistoryPanelOptions {
  api: HistoryApi;
  /** Whether this person may name and restore versions now (role and page status). */
  mayWrite(): boolean;
  open(revision: RevisionView): void;
  compare(revision: RevisionView): void;
  /** Restores a revision; rejects with an error to show. */
  restore(revision: RevisionView): Promise<void>;
  close(): void;
}

export class HistoryPanel {
  readonly el: HTMLElement;
  private readonly list = h('ol', { class: 'revision-list', 'aria-label': 'Versions, newest first' });
  private readonly status = h('p', { class: 'history-status', role: 'status' });
  private readonly listError = h('p', { class: 'form-error', role: 'alert' });
  private readonly nameForm: HTMLFormElement;
  /** List items kept across reloads (revisions do not change once taken, except a name). */
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly namedOnly: HTMLInputElement;
  /** The list as last loaded, newest first. */
  private revisions: RevisionView[] | null = null;
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: HistoryPanelOptions) {
    const name = field('Version name', { name: 'name', required: true, maxlength: REVISION_NAME_CHARS, hint: 'For example “after reviewer round 1”.' });
    const errors = errorRegion();
    this.nameForm = h('form', { class: 'name-version', 'aria-label': 'Name this version' }, name.el, errors.el, h('button', { type: 'submit', class: 'primary small' }, 'Name this version'));
    onSubmit(this.nameForm, errors, async () => {
      const { revision } = await options.api.name(name.input.value);
      name.input.value = '';
      const said = `Named ${versionNumber(revision).toLowerCase()} “${revision.name ?? ''}”.`;
      this.say(said);
      await this.refresh();
    });
    const namedId = uniqueId('named-only');
    this.namedOnly = h('input', { id: namedId, type: 'checkbox', onchange: () => this.revisions && this.render(this.revisions) });
    this.el = h(
      'section',
      { class: 'history-panel' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'Version history'), h('button', { type: 'button', class: 'small', 'aria-label': 'Close version history', onclick: () => options.close() }, 'Close')),
      this.nameForm,
      this.status,
      this.listError,
      h('p', { class: 'named-only' }, this.namedOnly, h('label', { for: namedId }, 'Only named versions')),
      this.list,
    );
    this.nameForm.hidden = !options.mayWrite();
  }

  /** Reloads the list (coalescing calls that arrive while a load is under way). */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.loading;
  }

  /** Shows a sentence in the panel's status line (a live region, so it is also announced). */
  say(message: string): void {
    // Cleared first and set on the next frame, so a new panel's region and a repeated sentence are both announced.
    this.status.textContent = '';
    requestAnimationFrame(() => (this.status.textContent = message));
  }

  /** Shows or hides the writers' controls after a role or status change. */
  syncRights(): void {
    const writer = this.options.mayWrite();
    if (this.nameForm.hidden === !writer) return;
    this.nameForm.hidden = !writer;
    this.items.clear();
    void this.refresh();
  }

  private async load() {
    try {
      const { revisions } = await this.options.api.list();
      this.listError.textContent = '';
      this.revisions = revisions;
      this.render(revisions);
    } catch (err) {
      this.listError.textContent = messageOf(err);
    }
  }

  private render(revisions: RevisionView[]) {
    const focused = document.activeElement;
    const keep = new Set<string>();
    const shown = this.namedOnly.checked ? revisions.filter((r) => r.name) : revisions;
    const items = shown.map((revision) => {
      const key = `${revision.id}\u0000${revision.name ?? ''}`;
      keep.add(key);
      let item = this.items.get(key);
      if (!item) {
        item = this.item(revision);
        this.items.set(key, item);
      } else {
        item.querySelector('time')?.replaceWith(timeElement(revision.createdAt));
      }
      return item;
    });
    for (const key of [...this.items.keys()]) if (!keep.has(key)) this.items.delete(key);
    if (items.length === 0) {
      const none = revisions.length === 0 ? 'No saved versions yet. A version is saved after a minute without edits; writers can also name one now.' : 'No named versions yet.';
      replaceChildren(this.list, h('li', { class: 'empty' }, none));
    } else {
      replaceChildren(this.list, items);
    }
    if (focused instanceof HTMLElement && focused.isConnected && document.activeElement !== focused) focused.focus();
  }

  private item(revision: RevisionView): HTMLLIElement {
    const title = versionTitle(revision);
    const actions = h(
      'div',
      { class: 'revision-actions' },
      h('button', { type: 'button', class: 'small', 'aria-label': `Open ${versionNumber(revision).toLowerCase()}`, onclick: () => this.options.open(revision) }, 'Open'),
      h('button', { type: 'button', class: 'small', 'aria-label': `Compare ${versionNumber(revision).toLowerCase()}`, onclick: () => this.options.compare(revision) }, 'Compare'),
    );
    if (this.options.mayWrite()) actions.append(restoreControl(revision, () => this.restore(revision)));
    return h(
      'li',
      { class: `revision revision-${revision.kind}` },
      h('h3', { class: 'revision-title' }, title),
      h('p', { class: 'revision-meta' }, revision.name ? `${versionNumber(revision)} · ` : '', timeElement(revision.createdAt)),
      revision.restoredFrom !== null ? h('p', { class: 'revision-note' }, `Restored from version ${revision.restoredFrom}`) : null,
      h('p', { class: 'revision-meta' }, contributorsText(revision)),
      h('p', { class: 'revision-meta' }, wordChange(revision.wordsAdded, revision.wordsRemoved)),
      actions,
    );
  }

  private async restore(revision: RevisionView) {
    this.listError.textContent = '';
    try {
      await this.options.restore(revision);
    } catch (err) {
      this.listError.textContent = messageOf(err);
    }
  }
}
