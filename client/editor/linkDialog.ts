/**
 * The small inline form for adding a link: a labelled URL field under the toolbar. Unsafe
 * protocols (javascript:, data: ...) are refused with a sentence, using the schema's safeHref.
 */
import type { EditorView } from 'prosemirror-view';
import { h, uniqueId } from '../dom.js';
import { safeHref } from '../../shared/schema.js';
import { linkAt, removeLink, setLink } from './commands.js';

/**
 * Adds https:// to a bare domain like "nhs.uk"; leaves schemes, paths and #anchors alone. A
 * scheme hidden by tabs or control characters ("java\tscript:") still counts as a scheme, as it
 * does for the browser, so it reaches safeHref as itself and is refused.
 */
export function normaliseUrl(raw: string): string {
  const value = raw.trim();
  const bare = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(bare) || value.startsWith('/') || value.startsWith('#')) return value;
  return `https://${value}`;
}

export class LinkDialog {
  readonly el: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private returnFocus: HTMLElement | null = null;

  constructor(private readonly view: () => EditorView) {
    const id = uniqueId('link-url');
    this.input = h('input', { id, type: 'text', inputmode: 'url', autocomplete: 'url', placeholder: 'https://' });
    this.el = h(
      'form',
      { class: 'link-dialog', 'aria-label': 'Link', novalidate: true },
      h('label', { for: id }, 'Link address (URL)'),
      this.input,
      h('button', { type: 'submit', class: 'small primary' }, 'Apply link'),
      h('button', { type: 'button', class: 'small', onclick: () => this.unlink() }, 'Remove link'),
      h('button', { type: 'button', class: 'small', onclick: () => this.close() }, 'Cancel'),
      this.error,
    );
    this.el.hidden = true;
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      this.apply();
    });
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
    });
  }

  /** Opens the form for the current selection; focus returns to `from` when closed (null: to the text, for Control+K). */
  open(from: HTMLElement | null): void {
    this.returnFocus = from;
    this.error.textContent = '';
    this.input.value = linkAt(this.view().state) ?? '';
    this.el.hidden = false;
    this.input.focus();
  }

  private apply() {
    const view = this.view();
    if (view.state.selection.empty) {
      this.error.textContent = 'Select the text you want to turn into a link first.';
      return;
    }
    const url = normaliseUrl(this.input.value);
    if (!this.input.value.trim()) {
      this.error.textContent = 'Enter the address the link should open, like https://www.nhs.uk.';
      return;
    }
    if (!safeHref(url)) {
      this.error.textContent = 'That link is not allowed. Use an address starting with https://, http://, mailto: or tel:.';
      return;
    }
    setLink(url)(view.state, view.dispatch);
    this.close(true);
  }

  private unlink() {
    const view = this.view();
    removeLink(view.state, view.dispatch);
    this.close(true);
  }

  private close(toEditor = false) {
    this.el.hidden = true;
    this.error.textContent = '';
    if (toEditor || !this.returnFocus) this.view().focus();
    else this.returnFocus.focus();
  }
}
