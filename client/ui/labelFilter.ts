/**
 * The label filter above the page tree: a checkbox for each of the paper's labels (with how many
 * pages carry it). Choosing one or more filters the tree to pages having all of them and lists
 * those pages ("Pages labelled Legal and Evidence needed"), numbered, as links. Choices are kept
 * by label id, so a label renamed by an editor stays chosen under its new name.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { pageHref } from '../router.js';
import { hasAllLabels, type LabelView } from '../../shared/labels.js';
import { sectionNumbers } from '../../shared/tree.js';
import type { PageView } from '../../shared/api.js';

export interface LabelFilterOptions {
  paperId: string;
  /** Called with the names of the chosen labels whenever the choice changes. */
  onChange(labels: string[]): void;
}

/** "A", "A and B", "A, B and C". */
function listOf(names: string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export class LabelFilter {
  readonly el: HTMLElement;
  private readonly boxes = h('div', { class: 'label-filter-options' });
  private readonly results = h('div', { class: 'label-filter-results' });
  private readonly count = h('p', { class: 'visually-hidden', role: 'status' });
  private labels: LabelView[] = [];
  private pages: PageView[] = [];
  private chosen = new Set<string>();
  private readonly headingId = uniqueId('label-filter');

  constructor(private readonly options: LabelFilterOptions) {
    this.el = h(
      'section',
      { class: 'label-filter', 'aria-labelledby': this.headingId },
      h('h2', { id: this.headingId, class: 'label-filter-heading' }, 'Filter by label'),
      this.boxes,
      this.results,
      this.count,
    );
    this.render();
  }

  /** Takes the paper's labels (after 'labels:changed'); choices of labels that are gone are dropped. */
  setLabels(labels: LabelView[]): void {
    this.labels = labels;
    const ids = new Set(labels.map((l) => l.id));
    const before = this.chosen.size;
    for (const id of [...this.chosen]) if (!ids.has(id)) this.chosen.delete(id);
    this.render();
    // A rename changes the names even when the ids stay.
    this.options.onChange(this.chosenNames());
    if (before !== this.chosen.size) this.announce();
  }

  /** Takes the live tree, for the list of matching pages. */
  setPages(pages: PageView[]): void {
    this.pages = pages;
    this.renderResults();
  }

  private chosenNames(): string[] {
    return this.labels.filter((l) => this.chosen.has(l.id)).map((l) => l.name);
  }

  private matching(): PageView[] {
    const names = this.chosenNames();
    return names.length ? this.pages.filter((p) => !p.deletedAt && hasAllLabels(p.labels, names)) : [];
  }

  private toggle(label: LabelView, on: boolean) {
    if (on) this.chosen.add(label.id);
    else this.chosen.delete(label.id);
    this.renderResults();
    this.options.onChange(this.chosenNames());
    this.announce();
  }

  private clear() {
    this.chosen.clear();
    this.render();
    this.options.onChange([]);
    this.announce();
    this.boxes.querySelector<HTMLInputElement>('input')?.focus();
  }

  private announce() {
    const names = this.chosenNames();
    const n = this.matching().length;
    this.count.textContent = names.length ? `${n} ${n === 1 ? 'page has' : 'pages have'} the labels ${listOf(names)}.` : 'Showing all pages.';
  }

  private render() {
    this.el.hidden = this.labels.length === 0;
    const focusedId = (document.activeElement as HTMLElement | null)?.getAttribute?.('data-label-id');
    replaceChildren(
      this.boxes,
      this.labels.map((label) => {
        const id = uniqueId('label-filter-option');
        const box = h('input', { id, type: 'checkbox', 'data-label-id': label.id, checked: this.chosen.has(label.id) });
        box.addEventListener('change', () => this.toggle(label, box.checked));
        return h('span', { class: 'label-filter-option' }, box, h('label', { for: id }, `${label.name} (${label.pages})`));
      }),
    );
    if (focusedId) this.boxes.querySelector<HTMLElement>(`[data-label-id="${CSS.escape(focusedId)}"]`)?.focus();
    this.renderResults();
  }

  private renderResults() {
    const names = this.chosenNames();
    if (!names.length) {
      replaceChildren(this.results);
      return;
    }
    const numbers = sectionNumbers(this.pages);
    const pages = this.matching();
    replaceChildren(
      this.results,
      h('h3', { class: 'label-filter-results-heading' }, `Pages labelled ${listOf(names)}`),
      pages.length
        ? h('ul', { class: 'label-filter-pages' }, pages.map((p) => h('li', {}, h('a', { href: pageHref(this.options.paperId, p.id) }, `${numbers.get(p.id) ?? ''} ${p.title}`.trim()))))
        : h('p', { class: 'empty' }, 'No page has all of these labels.'),
      h('button', { type: 'button', class: 'small', onclick: () => this.clear() }, 'Clear the filter'),
    );
  }
}
