/**
 * The box people write a comment in, with @mention autocomplete. Typing "@" and the start of a
 * name lists the paper's members that match as a listbox under the box (the box is its combobox):
 * Up and Down move through them, Enter or Tab picks one, Escape closes the list. A picked member
 * shows as "@Name" in the box and is sent as a mention token. Ctrl+Enter posts; Escape (with no
 * list open) cancels. What is typed stays when posting fails, with the server's sentence shown.
 */
import { h, uniqueId } from '../../dom.js';
import type { MemberView } from '../../../shared/api.js';
import { displayText, MENTION_PATTERN, mentionToken } from '../../../shared/comments.js';
import { limits } from '../../../shared/limits.js';
import { errorRegion, onSubmit } from '../forms.js';

export interface CommentFormOptions {
  /** The box's label ("Reply to Ada's comment"). */
  label: string;
  submitLabel: string;
  /** Stored text to start from (editing), mention tokens included. */
  initial?: string;
  /** Shown above the box (the quoted text of a new inline comment). */
  before?: HTMLElement | null;
  /** The paper's members, for mentions (fetched when first needed). */
  members(): Promise<MemberView[]>;
  /** Posts the text (with mention tokens); throw to keep the form with the error shown. */
  submit(text: string): Promise<void>;
  /** Called on Cancel or Escape; without it there is no Cancel button. */
  cancel?(): void;
}

const MAX_SUGGESTIONS = 8;
const countFormat = new Intl.NumberFormat('en-GB');

export class CommentForm {
  readonly el: HTMLFormElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly listbox: HTMLUListElement;
  private readonly counter: HTMLElement;
  /** Names picked from the list, with their ids, to turn back into tokens. */
  private readonly picked = new Map<string, string>();
  private suggestions: MemberView[] = [];
  private active = -1;
  private query: { start: number; end: number } | null = null;
  private generation = 0;

  constructor(private readonly options: CommentFormOptions) {
    const id = uniqueId('comment-text');
    const listId = `${id}-mentions`;
    const countId = `${id}-count`;
    this.textarea = h('textarea', {
      id,
      class: 'comment-input',
      rows: 3,
      required: true,
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      'aria-describedby': countId,
      'aria-keyshortcuts': 'Control+Enter',
    });
    this.listbox = h('ul', { id: listId, class: 'mention-list', role: 'listbox', 'aria-label': 'Members to mention' });
    this.listbox.hidden = true;
    this.counter = h('p', { id: countId, class: 'hint comment-count-hint' });
    const errors = errorRegion();
    this.el = h(
      'form',
      { class: 'comment-form' },
      options.before ?? null,
      h('label', { for: id }, options.label),
      h('div', { class: 'mention-anchor' }, this.textarea, this.listbox),
      this.counter,
      errors.el,
      h(
        'div',
        { class: 'comment-form-buttons' },
        h('button', { type: 'submit', class: 'small primary' }, options.submitLabel),
        options.cancel ? h('button', { type: 'button', class: 'small', onclick: () => options.cancel?.() }, 'Cancel') : null,
      ),
    );
    if (options.initial) this.setText(options.initial);
    this.updateCount();
    this.textarea.addEventListener('input', () => {
      this.updateCount();
      void this.suggest();
    });
    this.textarea.addEventListener('keydown', (event) => this.onKey(event));
    this.textarea.addEventListener('blur', () => this.closeList());
    onSubmit(this.el, errors, async () => {
      await options.submit(this.storedText());
      this.setText('');
    });
  }

  /** What has been typed and not posted (to keep across re-renders). */
  get draft(): string {
    return this.textarea.value;
  }

  /** Puts stored text (mention tokens and all) in the box, shown as people read it. */
  setText(text: string): void {
    this.picked.clear();
    for (const match of text.matchAll(MENTION_PATTERN)) this.picked.set(match[1], match[2]);
    this.textarea.value = displayText(text);
    this.updateCount();
  }

  focus(): void {
    this.textarea.focus();
  }

  /** The box's text with each picked "@Name" turned into its mention token. */
  private storedText(): string {
    let text = this.textarea.value;
    const names = [...this.picked.keys()].sort((a, b) => b.length - a.length);
    for (const name of names) text = text.split(`@${name}`).join(mentionToken(name, this.picked.get(name)!));
    return text;
  }

  private updateCount() {
    const used = this.textarea.value.trim().length;
    this.counter.textContent = `${countFormat.format(used)} of ${countFormat.format(limits.commentChars)} characters`;
    this.counter.classList.toggle('over', used > limits.commentChars);
  }

  /** Lists the members matching the "@name" being typed before the caret, if any. */
  private async suggest() {
    const caret = this.textarea.selectionStart ?? this.textarea.value.length;
    const before = this.textarea.value.slice(0, caret);
    const match = /(?:^|[\s(])@([^\s@[\]][^@\n[\]]{0,40})?$/.exec(before);
    if (!match) return this.closeList();
    const typed = (match[1] ?? '').toLowerCase();
    this.query = { start: caret - typed.length - 1, end: caret };
    const generation = ++this.generation;
    let members: MemberView[];
    try {
      members = await this.options.members();
    } catch {
      return this.closeList();
    }
    if (generation !== this.generation) return;
    const words = (name: string) => name.toLowerCase().split(/\s+/);
    this.suggestions = members
      .filter((m) => m.name.toLowerCase().startsWith(typed) || words(m.name).some((w) => w.startsWith(typed)))
      .slice(0, MAX_SUGGESTIONS);
    if (this.suggestions.length === 0) return this.closeList();
    this.active = 0;
    this.renderList();
  }

  private renderList() {
    const listId = this.listbox.id;
    this.listbox.replaceChildren(
      ...this.suggestions.map((member, i) => {
        const option = h('li', { id: `${listId}-${i}`, role: 'option', class: 'mention-option', 'aria-selected': i === this.active ? 'true' : 'false' }, member.name, ' ', h('span', { class: 'mention-role' }, member.role));
        // Keep the focus in the box while choosing with the mouse.
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => this.pick(i));
        return option;
      }),
    );
    this.listbox.hidden = false;
    this.textarea.setAttribute('aria-expanded', 'true');
    this.textarea.setAttribute('aria-activedescendant', `${listId}-${this.active}`);
  }

  private closeList() {
    this.generation += 1;
    this.suggestions = [];
    this.active = -1;
    this.query = null;
    this.listbox.hidden = true;
    this.listbox.replaceChildren();
    this.textarea.setAttribute('aria-expanded', 'false');
    this.textarea.removeAttribute('aria-activedescendant');
  }

  private pick(index: number) {
    const member = this.suggestions[index];
    const query = this.query;
    if (!member || !query) return;
    const name = member.name.replace(/[[\]\n]/g, ' ').trim();
    this.picked.set(name, member.userId);
    const value = this.textarea.value;
    const insert = `@${name} `;
    this.textarea.value = value.slice(0, query.start) + insert + value.slice(query.end);
    const caret = query.start + insert.length;
    this.textarea.setSelectionRange(caret, caret);
    this.closeList();
    this.updateCount();
    this.textarea.focus();
  }

  private onKey(event: KeyboardEvent) {
    const open = !this.listbox.hidden && this.suggestions.length > 0;
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.suggestions.length) % this.suggestions.length;
      this.renderList();
      return;
    }
    if (open && (event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.pick(this.active);
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (open) this.closeList();
      else this.options.cancel?.();
      return;
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.el.requestSubmit();
    }
  }
}
