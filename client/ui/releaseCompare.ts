/**
 * "Compare releases" on the overview: two labelled selects (an earlier and a later release) and the
 * pages that differ: added, removed, renamed, moved or with changed text. A page whose text changed
 * has "Show changes", which renders the history diff of its two frozen revisions in place
 * (history/diffDocument.ts: the page with insertions and deletions coloured by author).
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import type { ReleaseChange, ReleaseCompareView, ReleaseComparePage, ReleaseView } from '../../shared/releases.js';
import { errorRegion, messageOf } from './forms.js';
import { historyApi } from './history/api.js';
import { DiffDocument, diffLegend } from './history/diffDocument.js';
import { wordChange } from './history/revisionText.js';
import type { ReleasesApi } from './releasesApi.js';

const CHANGE_TEXT: Record<ReleaseChange, string> = {
  added: 'added',
  removed: 'removed',
  renamed: 'renamed',
  moved: 'moved',
  text_changed: 'text changed',
  unchanged: 'unchanged',
};

/** A sentence about how one page changed between two releases. */
export function changeSentence(page: ReleaseComparePage): string {
  const parts = page.changes.map((c) => {
    if (c === 'renamed' && page.previousTitle) return `renamed from “${page.previousTitle}”`;
    if (c === 'moved' && page.previousNumber) return `moved from ${page.previousNumber}`;
    return CHANGE_TEXT[c];
  });
  return parts.join(', ');
}

/** The compare form and its results; setReleases() refreshes the choices. */
export class ReleaseCompare {
  readonly el: HTMLElement;
  private readonly from: HTMLSelectElement;
  private readonly to: HTMLSelectElement;
  private readonly results = h('div', { class: 'release-compare-results' });
  private readonly status = h('p', { role: 'status', class: 'release-compare-status' });
  private readonly errors = errorRegion();
  private readonly diffs: DiffDocument[] = [];

  constructor(
    private readonly paperId: string,
    private readonly api: ReleasesApi,
  ) {
    const fromId = uniqueId('release-from');
    const toId = uniqueId('release-to');
    this.from = h('select', { id: fromId, name: 'from' });
    this.to = h('select', { id: toId, name: 'to' });
    const headingId = uniqueId('release-compare');
    this.el = h(
      'section',
      { class: 'release-compare', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, 'Compare releases'),
      h(
        'form',
        { class: 'compare-form', onsubmit: (e: Event) => (e.preventDefault(), void this.compare()) },
        h('div', { class: 'field' }, h('label', { for: fromId }, 'Earlier release'), this.from),
        h('div', { class: 'field' }, h('label', { for: toId }, 'Later release'), this.to),
        h('button', { type: 'submit' }, 'Compare'),
      ),
      this.errors.el,
      this.status,
      this.results,
    );
  }

  /** Offers these releases (newest first): the later select starts on the newest, the earlier on the one before. */
  setReleases(releases: ReleaseView[]): void {
    this.el.hidden = releases.length < 2;
    const keep = (select: HTMLSelectElement, fallback: string | undefined) => {
      const was = select.value;
      replaceChildren(select, releases.map((r) => h('option', { value: r.id }, r.name)));
      select.value = releases.some((r) => r.id === was) ? was : (fallback ?? '');
    };
    keep(this.to, releases[0]?.id);
    keep(this.from, releases[1]?.id);
  }

  destroy(): void {
    for (const diff of this.diffs.splice(0)) diff.destroy();
  }

  private async compare() {
    this.errors.clear();
    if (this.from.value === this.to.value) {
      this.errors.show('Choose two different releases to compare.');
      return;
    }
    this.status.textContent = 'Comparing…';
    try {
      const view = await this.api.compare(this.from.value, this.to.value);
      this.show(view);
    } catch (err) {
      this.status.textContent = '';
      this.errors.show(messageOf(err));
    }
  }

  private show(view: ReleaseCompareView) {
    this.destroy();
    const changed = view.pages.filter((p) => !p.changes.includes('unchanged'));
    const same = view.pages.length - changed.length;
    this.status.textContent = changed.length
      ? `${changed.length} ${changed.length === 1 ? 'page differs' : 'pages differ'} between ${view.from.name} and ${view.to.name}; ${same} unchanged.`
      : `No page differs between ${view.from.name} and ${view.to.name}.`;
    replaceChildren(
      this.results,
      changed.length ? h('ul', { class: 'release-changes', 'aria-label': `Pages changed from ${view.from.name} to ${view.to.name}` }, changed.map((page) => this.item(page))) : null,
    );
  }

  private item(page: ReleaseComparePage): HTMLElement {
    const diffArea = h('div', { class: 'release-diff' });
    const button =
      page.changes.includes('text_changed') && page.fromRevisionId !== null && page.toRevisionId !== null
        ? h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-label': `Show changes to ${page.title}` }, 'Show changes')
        : null;
    button?.addEventListener('click', () => void this.toggleDiff(page, button, diffArea));
    return h('li', {}, h('span', { class: 'release-number' }, page.number), ' ', h('strong', {}, page.title), ` (${changeSentence(page)}) `, button, diffArea);
  }

  private async toggleDiff(page: ReleaseComparePage, button: HTMLButtonElement, area: HTMLElement) {
    if (button.getAttribute('aria-expanded') === 'true') {
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show changes';
      button.setAttribute('aria-label', `Show changes to ${page.title}`);
      replaceChildren(area);
      return;
    }
    try {
      const diff = await historyApi(this.paperId, page.pageId).diff(page.fromRevisionId!, page.toRevisionId!);
      const view = new DiffDocument(diff, `Changes to ${page.title} between the two releases, read only`);
      this.diffs.push(view);
      const legend = diffLegend(diff);
      replaceChildren(area, h('p', { class: 'diff-summary' }, wordChange(diff.wordsAdded, diff.wordsRemoved)), legend, view.el);
      button.setAttribute('aria-expanded', 'true');
      button.textContent = 'Hide changes';
      button.setAttribute('aria-label', `Hide changes to ${page.title}`);
    } catch (err) {
      replaceChildren(area, h('p', { class: 'form-error', role: 'alert' }, messageOf(err)));
    }
  }
}
