/** The paper's trash: pages deleted with their sub-pages, each with "Restore". Writers only. */
import { h, replaceChildren } from '../dom.js';
import { api } from '../api.js';
import type { PageView } from '../../shared/api.js';
import { messageOf } from './forms.js';

export interface TrashOptions {
  paperId: string;
  announce(message: string): void;
  onPages(pages: PageView[]): void;
}

/** A "Trash" disclosure button and the list it shows. */
export class TrashPanel {
  readonly el: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly body = h('div', { class: 'trash-body', id: 'trash-list' });
  private open = false;

  constructor(private readonly options: TrashOptions) {
    this.toggle = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': 'trash-list', onclick: () => void this.setOpen(!this.open) }, 'Trash');
    this.body.hidden = true;
    this.el = h('section', { class: 'trash', 'aria-label': 'Trash' }, this.toggle, this.body);
  }

  /** Reloads the list if it is showing (after any tree change). */
  refresh(): void {
    if (this.open) void this.load();
  }

  private async setOpen(open: boolean) {
    this.open = open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.body.hidden = !open;
    if (open) await this.load();
  }

  private async load() {
    try {
      const { pages } = await api.trash(this.options.paperId);
      this.render(pages);
    } catch (err) {
      replaceChildren(this.body, h('p', { role: 'alert', class: 'form-error' }, messageOf(err)));
    }
  }

  private render(pages: PageView[]) {
    const trashed = new Set(pages.map((p) => p.id));
    // Show each deleted branch once: its top page, with how many sub-pages went with it.
    const tops = pages.filter((p) => !p.parentId || !trashed.has(p.parentId));
    const countUnder = (id: string): number => pages.filter((p) => p.parentId === id).reduce((n, c) => n + 1 + countUnder(c.id), 0);
    if (tops.length === 0) {
      replaceChildren(this.body, h('p', { class: 'empty' }, 'The trash is empty.'));
      return;
    }
    replaceChildren(
      this.body,
      h(
        'ul',
        { class: 'trash-list' },
        tops.map((p) => {
          const under = countUnder(p.id);
          return h(
            'li',
            {},
            h('span', { class: 'title' }, p.title),
            under ? h('span', { class: 'hint' }, ` (and ${under} sub-page${under === 1 ? '' : 's'})`) : null,
            h('button', { type: 'button', class: 'small', 'aria-label': `Restore ${p.title}`, onclick: () => void this.restore(p) }, 'Restore'),
          );
        }),
      ),
    );
  }

  private async restore(page: PageView) {
    try {
      const { pages } = await api.restorePage(this.options.paperId, page.id);
      this.options.onPages(pages);
      this.options.announce(`Restored '${page.title}'.`);
      await this.load();
      this.toggle.focus();
    } catch (err) {
      this.options.announce(messageOf(err));
    }
  }
}
