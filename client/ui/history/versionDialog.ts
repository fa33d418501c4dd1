/**
 * The full-size dialog where a saved version is read or two versions are compared. It is modal
 * and says plainly that it is not the live page; "Back to the live page" (or Escape) closes it
 * and returns focus to whatever opened it. A version opens read-only with "Compare with the
 * current page" and, for writers, "Restore this version"; a comparison has two version pickers,
 * the word counts, a legend of authors in their colours, and Previous/Next change buttons.
 */
import { h, replaceChildren, uniqueId } from '../../dom.js';
import type { DiffView, RevisionView } from '../../../shared/history.js';
import { messageOf } from '../forms.js';
import type { HistoryApi } from './api.js';
import { DiffDocument, diffLegend } from './diffDocument.js';
import { revisionDocument } from './revisionDocument.js';
import { restoreControl } from './restoreControl.js';
import { contributorsText, timeElement, versionChoice, versionNumber, wordChange } from './revisionText.js';

export interface VersionDialogOptions {
  api: HistoryApi;
  /** Whether this person may restore now (role and page status). */
  mayRestore(): boolean;
  /** Restores a revision; resolves once done (the dialog then closes), rejects with a sentence to show. */
  restore(revision: RevisionView): Promise<void>;
}

/** One open dialog; make a new one for each opening. */
export class VersionDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly titleEl: HTMLElement;
  private readonly body = h('div', { class: 'version-body' });
  private readonly status = h('p', { class: 'version-status', role: 'status' });
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private readonly opener: Element | null;
  private cleanup: (() => void) | null = null;
  private finished = false;
  /** Bumped on every load, so a slow answer to an older request is dropped. */
  private generation = 0;

  constructor(private readonly options: VersionDialogOptions) {
    this.opener = document.activeElement;
    const titleId = uniqueId('version-title');
    this.titleEl = h('h2', { id: titleId }, 'Version history');
    this.dialog = h(
      'dialog',
      { class: 'version-dialog', 'aria-labelledby': titleId },
      h('div', { class: 'version-head' }, this.titleEl, h('button', { type: 'button', class: 'primary', onclick: () => this.close() }, 'Back to the live page')),
      h('p', { class: 'version-note' }, 'Read only: this is a saved version, not the live page. Nothing here changes the page unless you restore a version.'),
      this.error,
      this.status,
      this.body,
    );
    this.dialog.addEventListener('close', () => this.closed());
    document.body.append(this.dialog);
    this.dialog.showModal();
  }

  /** Shows one revision read-only. */
  async showRevision(revisionId: number): Promise<void> {
    const generation = this.begin(`Version`);
    try {
      const { revision, doc } = await this.options.api.open(revisionId);
      if (generation !== this.generation) return;
      this.titleEl.textContent = revision.name ? `${versionNumber(revision)}: ${revision.name}` : versionNumber(revision);
      const text = revisionDocument(doc, `Text of ${versionNumber(revision).toLowerCase()}, read only`);
      this.cleanup = text.destroy;
      const actions = h('div', { class: 'version-actions' }, h('button', { type: 'button', onclick: () => void this.showDiff(revision.id, 'current') }, 'Compare with the current page'));
      if (this.options.mayRestore()) actions.append(restoreControl(revision, () => this.restore(revision), true));
      replaceChildren(this.body, this.revisionSummary(revision), actions, text.el);
      this.done();
    } catch (err) {
      this.failed(generation, err);
    }
  }

  /**
   * Compares two versions (`to` may be the live page) as the rendered page with changes marked;
   * `refocus` names the version picker to focus again after a person changed it.
   */
  async showDiff(from: number, to: number | 'current', refocus?: 'older' | 'newer'): Promise<void> {
    const generation = this.begin('Compare versions');
    try {
      const [diff, { revisions }] = await Promise.all([this.options.api.diff(from, to), this.options.api.list()]);
      if (generation !== this.generation) return;
      this.renderDiff(diff, revisions, refocus);
      this.done();
    } catch (err) {
      this.failed(generation, err);
    }
  }

  /** Closes the dialog (as "Back to the live page" does). */
  close(): void {
    if (this.dialog.open) this.dialog.close();
    else this.closed();
  }

  private closed() {
    // Once only: closing an already closed dialog must not move focus again.
    if (this.finished) return;
    this.finished = true;
    this.generation += 1;
    this.cleanup?.();
    this.cleanup = null;
    this.dialog.remove();
    if (this.opener instanceof HTMLElement && this.opener.isConnected) this.opener.focus();
  }

  private begin(title: string): number {
    this.generation += 1;
    this.cleanup?.();
    this.cleanup = null;
    this.titleEl.textContent = title;
    this.error.textContent = '';
    this.status.textContent = '';
    this.dialog.setAttribute('aria-busy', 'true');
    replaceChildren(this.body, h('p', { class: 'page-message' }, 'Loading…'));
    return this.generation;
  }

  private done() {
    this.dialog.removeAttribute('aria-busy');
  }

  private failed(generation: number, err: unknown) {
    if (generation !== this.generation) return;
    this.done();
    replaceChildren(this.body);
    this.error.textContent = messageOf(err);
  }

  private async restore(revision: RevisionView) {
    this.error.textContent = '';
    try {
      await this.options.restore(revision);
      this.close();
    } catch (err) {
      this.error.textContent = messageOf(err);
    }
  }

  /** When, who and how much: the line under a version's title. */
  private revisionSummary(revision: RevisionView): HTMLElement {
    return h(
      'p',
      { class: 'version-meta' },
      'Saved ',
      timeElement(revision.createdAt),
      ` · ${contributorsText(revision)} · `,
      wordChange(revision.wordsAdded, revision.wordsRemoved),
      revision.restoredFrom !== null ? ` · Restored from version ${revision.restoredFrom}` : '',
    );
  }

  private renderDiff(diff: DiffView, revisions: RevisionView[], refocus?: 'older' | 'newer') {
    const toName = diff.to ? versionChoice(diff.to) : 'the current page';
    this.titleEl.textContent = `Changes from ${versionChoice(diff.from)} to ${toName}`;
    const view = new DiffDocument(diff, `Changes from ${versionChoice(diff.from)} to ${toName}, read only`);
    this.cleanup = () => view.destroy();

    const pick = (label: string, value: string, withCurrent: boolean) => {
      const id = uniqueId('compare');
      const select = h(
        'select',
        { id },
        withCurrent ? h('option', { value: 'current', selected: value === 'current' }, 'Current page') : null,
        revisions.map((r) => h('option', { value: String(r.id), selected: String(r.id) === value }, `${versionChoice(r)} (${new Date(r.createdAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })})`)),
      );
      return { el: h('div', { class: 'field' }, h('label', { for: id }, label), select), select };
    };
    const older = pick('Compare', String(diff.from.id), false);
    const newer = pick('With', diff.to ? String(diff.to.id) : 'current', true);
    const reload = (picked: 'older' | 'newer') => void this.showDiff(Number(older.select.value), newer.select.value === 'current' ? 'current' : Number(newer.select.value), picked);
    older.select.addEventListener('change', () => reload('older'));
    newer.select.addEventListener('change', () => reload('newer'));

    const legend = diffLegend(diff);
    const where = h('p', { class: 'diff-where', role: 'status' });
    const step = (direction: 1 | -1) => {
      const found = view.step(direction);
      where.textContent = found ? `Change ${found.index + 1} of ${view.changes.length}: ${found.change.summary}.` : 'There are no changes between these versions.';
    };
    const count = view.changes.length;
    const nav = h(
      'div',
      { class: 'diff-nav' },
      h('button', { type: 'button', class: 'small', disabled: count === 0, onclick: () => step(-1) }, 'Previous change'),
      h('button', { type: 'button', class: 'small', disabled: count === 0, onclick: () => step(1) }, 'Next change'),
      h('span', { class: 'hint' }, count === 0 ? 'No changes' : `${count} ${count === 1 ? 'change' : 'changes'}`),
    );
    const actions = h('div', { class: 'version-actions' });
    if (this.options.mayRestore()) actions.append(restoreControl(diff.from, () => this.restore(diff.from), true));

    replaceChildren(
      this.body,
      h('form', { class: 'compare-form', 'aria-label': 'Versions to compare', onsubmit: (e: Event) => e.preventDefault() }, older.el, newer.el),
      h('p', { class: 'diff-summary' }, wordChange(diff.wordsAdded, diff.wordsRemoved), diff.authors.length ? ' · Changes by:' : ''),
      legend,
      nav,
      where,
      actions,
      view.el,
    );
    if (refocus) (refocus === 'older' ? older : newer).select.focus();
  }
}
