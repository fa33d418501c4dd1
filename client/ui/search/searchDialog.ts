/**
 * The search dialog: a modal with a search box, filters (paper, label, status, author) and the
 * results as a list of links that update as the person types. Typing waits SEARCH_DEBOUNCE_MS
 * after the last key, cancels the request before it, and drops any answer that is not the latest.
 * Down arrow moves from the box into the results and Up and Down move through them; Enter opens
 * the page (in the box: the first result); Escape closes and puts focus back where it was. A live
 * region says how many results there are. Matching words come as parts from the server and are
 * built here as <mark> elements holding text nodes, never as HTML.
 */
import { h, replaceChildren, uniqueId } from '../../dom.js';
import { pageHref } from '../../router.js';
import { messageOf } from '../forms.js';
import { relativeTime } from '../relativeTime.js';
import { limits } from '../../../shared/limits.js';
import { PAGE_STATUSES, STATUS_NAMES } from '../../../shared/pageStatus.js';
import { SEARCH_DEBOUNCE_MS, type SearchFilters, type SearchResult, type SnippetPart } from '../../../shared/search.js';
import { searchFilters, searchPages, type SearchParams } from './searchApi.js';

/** Text with its matching words in <mark> elements. */
function markedText(parts: SnippetPart[]): (Node | string)[] {
  return parts.map((part) => (part.match ? h('mark', {}, part.text) : part.text));
}

function option(value: string, label: string): HTMLOptionElement {
  return h('option', { value }, label);
}

/** A labelled select inside the filter row. */
function filterSelect(label: string, name: string): { el: HTMLElement; select: HTMLSelectElement } {
  const id = uniqueId(`search-${name}`);
  const select = h('select', { id, name });
  return { el: h('div', { class: 'search-filter' }, h('label', { for: id }, label), select), select };
}

/** Replaces a select's options, keeping the chosen value when it is still offered. */
function setOptions(select: HTMLSelectElement, options: HTMLOptionElement[]): void {
  const chosen = select.value;
  replaceChildren(select, options);
  select.value = options.some((o) => o.value === chosen) ? chosen : '';
}

/** One open search dialog; make a new one for each opening. */
export class SearchDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly input: HTMLInputElement;
  private readonly paper = filterSelect('Paper', 'paper');
  private readonly label = filterSelect('Label', 'label');
  private readonly status = filterSelect('Status', 'status');
  private readonly author = filterSelect('Author', 'author');
  private readonly results = h('ul', { class: 'search-results', 'aria-label': 'Results' });
  private readonly message = h('p', { class: 'search-message' });
  private readonly live = h('p', { class: 'search-live', role: 'status' });
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private readonly opener: Element | null;
  /** Where the caret was in the editor (or any editable text) that opened search, to put it back. */
  private readonly openerRange: Range | null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  /** Bumped for every search, so an answer to an older one is dropped. */
  private generation = 0;
  private finished = false;
  private restoreFocus = true;

  constructor(private readonly onClosed: () => void) {
    this.opener = document.activeElement;
    const selection = document.getSelection();
    this.openerRange = this.opener instanceof HTMLElement && this.opener.isContentEditable && selection?.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
    const titleId = uniqueId('search-title');
    const inputId = uniqueId('search-q');
    const hintId = `${inputId}-hint`;
    this.input = h('input', {
      id: inputId,
      type: 'search',
      name: 'q',
      autocomplete: 'off',
      spellcheck: 'false',
      maxlength: limits.searchQueryChars,
      'aria-describedby': hintId,
    });
    this.results.id = uniqueId('search-results');
    this.input.setAttribute('aria-controls', this.results.id);
    setOptions(this.paper.select, [option('', 'All your papers')]);
    setOptions(this.label.select, [option('', 'Any label')]);
    setOptions(this.status.select, [option('', 'Any status'), ...PAGE_STATUSES.map((s) => option(s, STATUS_NAMES[s]))]);
    setOptions(this.author.select, [option('', 'Anyone')]);
    const form = h(
      'form',
      { class: 'search-form', role: 'search', novalidate: true, onsubmit: (event: Event) => this.submitted(event) },
      h('div', { class: 'search-box' }, h('label', { for: inputId }, 'Search for'), this.input),
      h('p', { id: hintId, class: 'hint' }, 'Type words from a page or its title; put a phrase in "quotes". Down arrow moves to the results.'),
      h('div', { class: 'search-filters' }, this.paper.el, this.label.el, this.status.el, this.author.el),
    );
    this.dialog = h(
      'dialog',
      { class: 'search-dialog', 'aria-labelledby': titleId, 'aria-modal': 'true' },
      h('div', { class: 'search-head' }, h('h2', { id: titleId }, 'Search'), h('button', { type: 'button', onclick: () => this.close() }, 'Close')),
      form,
      this.error,
      this.live,
      this.message,
      this.results,
    );
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (event) => this.inputKey(event));
    this.paper.select.addEventListener('change', () => {
      void this.loadFilters();
      this.schedule(0);
    });
    for (const filter of [this.label, this.status, this.author]) filter.select.addEventListener('change', () => this.schedule(0));
    this.results.addEventListener('keydown', (event) => this.resultKey(event));
    this.dialog.addEventListener('close', () => this.closed());
    document.body.append(this.dialog);
    this.dialog.showModal();
    this.input.focus();
    this.showMessage('Type to search every paper you belong to.');
    void this.loadFilters();
  }

  /** Puts focus back in the search box (the shortcut pressed again while open). */
  focus(): void {
    this.input.focus();
    this.input.select();
  }

  /** Closes the dialog; focus returns to what was focused before it opened. */
  close(): void {
    if (this.dialog.open) this.dialog.close();
    else this.closed();
  }

  private closed() {
    if (this.finished) return;
    this.finished = true;
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort();
    this.dialog.remove();
    if (this.restoreFocus && this.opener instanceof HTMLElement && this.opener.isConnected) this.returnFocus(this.opener);
    this.onClosed();
  }

  /** Focuses what opened search; in the editor the caret goes back where it was, so typing carries on. */
  private returnFocus(opener: HTMLElement) {
    opener.focus();
    const range = this.openerRange;
    if (!range || !range.startContainer.isConnected || !range.endContainer.isConnected) return;
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }

  private async loadFilters() {
    const paperId = this.paper.select.value;
    let filters: SearchFilters;
    try {
      filters = await searchFilters(paperId);
    } catch (err) {
      this.error.textContent = `The filters could not be loaded: ${messageOf(err)}`;
      return;
    }
    if (this.finished || paperId !== this.paper.select.value) return;
    setOptions(this.paper.select, [option('', 'All your papers'), ...filters.papers.map((p) => option(p.id, p.title))]);
    setOptions(this.label.select, [option('', 'Any label'), ...filters.labels.map((name) => option(name, name))]);
    setOptions(this.author.select, [option('', 'Anyone'), ...filters.authors.map((a) => option(a.id, a.name))]);
  }

  private schedule(delay = SEARCH_DEBOUNCE_MS) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), delay);
  }

  private params(): SearchParams {
    return { q: this.input.value, paperId: this.paper.select.value, label: this.label.select.value, status: this.status.select.value, authorId: this.author.select.value };
  }

  private async search() {
    this.timer = null;
    this.controller?.abort();
    const generation = ++this.generation;
    const params = this.params();
    this.error.textContent = '';
    if (params.q.trim() === '') {
      this.controller = null;
      replaceChildren(this.results);
      this.live.textContent = '';
      this.showMessage('Type to search every paper you belong to.');
      return;
    }
    const controller = (this.controller = new AbortController());
    this.dialog.setAttribute('aria-busy', 'true');
    try {
      const { results } = await searchPages(params, controller.signal);
      if (generation !== this.generation) return;
      this.render(params.q, results);
    } catch (err) {
      if (generation !== this.generation || controller.signal.aborted) return;
      replaceChildren(this.results);
      this.live.textContent = '';
      this.showMessage('');
      this.error.textContent = `Search failed: ${messageOf(err)}`;
    } finally {
      if (generation === this.generation) this.dialog.removeAttribute('aria-busy');
    }
  }

  private render(query: string, results: SearchResult[]) {
    replaceChildren(this.results, results.map((result) => h('li', {}, this.resultLink(result))));
    this.live.textContent = results.length === 1 ? '1 result' : `${results.length} results`;
    this.showMessage(results.length ? '' : `No results for “${query.trim()}”. Try fewer words, another spelling, or clear a filter.`);
  }

  private resultLink(result: SearchResult): HTMLAnchorElement {
    const place = [result.paperTitle, ...result.breadcrumb].join(' › ');
    const details = [STATUS_NAMES[result.status], ...result.labels.map((l) => `Label: ${l}`), result.lastEditedAt ? `Edited ${relativeTime(result.lastEditedAt)}` : ''].filter(Boolean);
    const link = h(
      'a',
      { class: 'search-result', href: pageHref(result.paperId, result.pageId), onclick: () => this.opening() },
      h('span', { class: 'search-result-title' }, result.number ? h('span', { class: 'search-result-number' }, `${result.number} `) : null, markedText(result.titleParts)),
      h('span', { class: 'search-result-place' }, place),
      h('span', { class: 'search-result-details' }, details.join(' · ')),
      result.snippet.length ? h('span', { class: 'search-result-snippet' }, markedText(result.snippet)) : null,
    );
    return link;
  }

  /** A result is being followed: the router navigates; the dialog closes without moving focus back. */
  private opening() {
    this.restoreFocus = false;
    this.close();
  }

  private showMessage(text: string) {
    this.message.textContent = text;
    this.message.hidden = text === '';
  }

  private links(): HTMLAnchorElement[] {
    return [...this.results.querySelectorAll<HTMLAnchorElement>('a.search-result')];
  }

  private submitted(event: Event) {
    event.preventDefault();
    // Enter in the box opens the first result once results for what is typed are in.
    if (this.timer) return void this.search().then(() => this.links()[0]?.click());
    this.links()[0]?.click();
  }

  private inputKey(event: KeyboardEvent) {
    // A search box's own Escape would only clear the words typed: here Escape closes search, as everywhere in the dialog.
    if (event.key === 'Escape' && !event.isComposing) {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key !== 'ArrowDown') return;
    const first = this.links()[0];
    if (!first) return;
    event.preventDefault();
    first.focus();
  }

  private resultKey(event: KeyboardEvent) {
    const links = this.links();
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (index < 0) return;
    const to = (i: number) => {
      event.preventDefault();
      if (i < 0) this.input.focus();
      else links[Math.min(i, links.length - 1)]!.focus();
    };
    if (event.key === 'ArrowDown') to(index + 1);
    else if (event.key === 'ArrowUp') to(index - 1);
    else if (event.key === 'Home') to(0);
    else if (event.key === 'End') to(links.length - 1);
  }
}
