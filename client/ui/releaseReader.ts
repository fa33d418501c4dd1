/**
 * One release opened read-only on the overview: its name, who froze it and when, and its frozen
 * tree (section numbers and titles as they were). Each page's "Read" shows the text the release
 * froze, in a read-only ProseMirror view (history/revisionDocument.ts), never the live page.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import type { ReleaseDetailView, ReleasePageView } from '../../shared/releases.js';
import { messageOf } from './forms.js';
import { revisionDocument } from './history/revisionDocument.js';
import { timeElement } from './history/revisionText.js';
import type { ReleasesApi } from './releasesApi.js';

/** The frozen tree of one release, with its pages' text on demand; destroy() frees the text views. */
export class ReleaseReader {
  readonly el: HTMLElement;
  private readonly text = h('div', { class: 'release-text' });
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private cleanup: (() => void) | null = null;

  constructor(
    private readonly api: ReleasesApi,
    private readonly detail: ReleaseDetailView,
    onClose: () => void,
  ) {
    const { release, pages } = detail;
    const headingId = uniqueId('release');
    this.el = h(
      'section',
      { class: 'release-reader', 'aria-labelledby': headingId },
      h('h3', { id: headingId, tabindex: '-1' }, `Release “${release.name}”`),
      h('p', { class: 'hint' }, 'Read only: the paper as this release froze it. Frozen by ', release.createdBy.name, ' ', timeElement(release.createdAt), '.'),
      h('button', { type: 'button', class: 'small', onclick: onClose }, 'Close this release'),
      pages.length === 0
        ? h('p', {}, 'This release froze no pages.')
        : h(
            'ol',
            { class: 'release-tree', 'aria-label': `Pages of ${release.name}` },
            pages.map((page) => this.pageItem(page)),
          ),
      this.error,
      this.text,
    );
  }

  /** Moves focus to the release's heading (after opening it). */
  focus(): void {
    this.el.querySelector<HTMLElement>('h3')?.focus();
  }

  destroy(): void {
    this.cleanup?.();
    this.cleanup = null;
  }

  private pageItem(page: ReleasePageView): HTMLElement {
    const item = h(
      'li',
      { class: `release-page depth-${Math.min(page.depth, 4)}` },
      h('span', { class: 'release-number' }, page.number),
      ' ',
      page.title,
      ' ',
      h('button', { type: 'button', class: 'small', 'aria-label': `Read ${page.number} ${page.title} as released`, onclick: () => void this.read(page) }, 'Read'),
    );
    return item;
  }

  private async read(page: ReleasePageView) {
    this.error.textContent = '';
    try {
      const { doc } = await this.api.page(this.detail.release.id, page.pageId);
      this.cleanup?.();
      const label = `${page.number} ${page.title}, as released in ${this.detail.release.name}, read only`;
      const view = revisionDocument(doc, label);
      this.cleanup = view.destroy;
      const headingId = uniqueId('release-page');
      replaceChildren(this.text, h('h4', { id: headingId, tabindex: '-1' }, `${page.number} ${page.title}`), view.el);
      this.text.querySelector<HTMLElement>('h4')?.focus();
    } catch (err) {
      this.error.textContent = messageOf(err);
    }
  }
}
