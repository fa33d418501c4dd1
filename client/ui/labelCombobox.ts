/**
 * The "Add label" field: a text input with a list of suggestions (the paper's labels matching
 * what is typed), built as an ARIA 1.2 combobox with a listbox popup. Up and Down move through
 * the suggestions (the input keeps focus; aria-activedescendant names the active one), Enter
 * chooses the active suggestion or, with none active, what was typed, and Escape closes the list.
 * A pointer can click a suggestion. Choosing hands the text to `onChoose`.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { LABEL_MAX_CHARS, labelKey } from '../../shared/labels.js';

export interface LabelComboboxOptions {
  /** The visible label of the input. */
  label: string;
  /** Every label that may be suggested (already without the page's own). */
  suggestions(): string[];
  /** Called with the chosen or typed text; the field is cleared when it resolves true. */
  onChoose(name: string): Promise<boolean>;
}

const MAX_SHOWN = 8;

export class LabelCombobox {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly listbox: HTMLUListElement;
  private shown: string[] = [];
  private active = -1;
  private open = false;
  private busy = false;

  constructor(private readonly options: LabelComboboxOptions) {
    const inputId = uniqueId('label-input');
    const listId = uniqueId('label-suggestions');
    this.input = h('input', {
      id: inputId,
      type: 'text',
      role: 'combobox',
      autocomplete: 'off',
      maxlength: LABEL_MAX_CHARS * 2,
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
    });
    this.listbox = h('ul', { id: listId, role: 'listbox', class: 'label-suggestions', 'aria-label': 'Suggested labels' });
    this.listbox.hidden = true;
    const form = h(
      'form',
      { class: 'label-add' },
      h('label', { for: inputId }, options.label),
      h('span', { class: 'label-add-field' }, this.input, this.listbox),
      h('button', { type: 'submit', class: 'small' }, 'Add'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.choose(this.input.value);
    });
    this.input.addEventListener('input', () => {
      this.active = -1;
      this.show(true);
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => this.show(false));
    this.el = form;
  }

  /** Re-reads the suggestions (the paper's labels changed) if the list is open. */
  refresh(): void {
    if (this.open) this.show(true);
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.open) this.show(true);
      if (!this.shown.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.shown.length + 1) % (this.shown.length + 1);
      if (this.active === this.shown.length) this.active = -1;
      this.render();
    } else if (e.key === 'Enter' && this.open && this.active >= 0) {
      e.preventDefault();
      void this.choose(this.shown[this.active]);
    } else if (e.key === 'Escape' && this.open) {
      e.preventDefault();
      this.show(false);
    }
  }

  private async choose(text: string) {
    if (this.busy || !text.trim()) return;
    this.busy = true;
    this.show(false);
    try {
      if (await this.options.onChoose(text)) this.input.value = '';
    } finally {
      this.busy = false;
    }
  }

  private show(open: boolean) {
    const typed = labelKey(this.input.value);
    this.shown = open && typed ? this.options.suggestions().filter((name) => labelKey(name).includes(typed)).slice(0, MAX_SHOWN) : [];
    this.open = this.shown.length > 0;
    if (this.active >= this.shown.length) this.active = -1;
    this.render();
  }

  private render() {
    this.input.setAttribute('aria-expanded', String(this.open));
    this.listbox.hidden = !this.open;
    const ids = this.shown.map(() => uniqueId('label-option'));
    replaceChildren(
      this.listbox,
      this.shown.map((name, i) => {
        const option = h('li', { id: ids[i], role: 'option', class: 'label-option', 'aria-selected': String(i === this.active) }, name);
        // mousedown would blur the input (closing the list) before the click lands.
        option.addEventListener('mousedown', (e) => e.preventDefault());
        option.addEventListener('click', () => void this.choose(name));
        return option;
      }),
    );
    if (this.active >= 0) {
      this.input.setAttribute('aria-activedescendant', ids[this.active]);
      this.listbox.children[this.active]?.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }
}
