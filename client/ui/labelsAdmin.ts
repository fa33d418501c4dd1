/**
 * The "Labels" section of a paper's overview, for editors: a table of the paper's labels with how
 * many pages carry each, and for each a Rename form, a Merge form (choose the label to merge it
 * into) and Delete (asked once more before it happens). One form is open at a time. Renaming onto
 * an existing name is refused by the server with a sentence saying to merge instead.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { LABEL_MAX_CHARS, labelProblem, normaliseLabel, type LabelView } from '../../shared/labels.js';
import { errorRegion, messageOf } from './forms.js';
import { labelsApi } from './labelsApi.js';

type OpenForm = { kind: 'rename' | 'merge' | 'delete'; labelId: string } | null;

export class LabelsAdmin {
  readonly el: HTMLElement;
  private readonly body = h('div', { class: 'labels-admin-body' });
  private readonly errors = errorRegion();
  private labels: LabelView[] = [];
  private form: OpenForm = null;
  private destroyed = false;

  constructor(
    private readonly paperId: string,
    private readonly announce: (message: string) => void,
  ) {
    const headingId = uniqueId('labels-admin');
    this.el = h(
      'section',
      { class: 'labels-admin', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, 'Labels'),
      h('p', { class: 'hint' }, 'Authors and editors add labels on each page. Here you can rename, merge and delete them for the whole paper.'),
      this.errors.el,
      this.body,
    );
    void this.refresh();
  }

  /** Re-reads the paper's labels ('labels:changed'). */
  async refresh(): Promise<void> {
    try {
      const { labels } = await labelsApi.labels(this.paperId);
      if (this.destroyed) return;
      this.labels = labels;
      if (this.form && !labels.some((l) => l.id === this.form!.labelId)) this.form = null;
      this.render();
    } catch (err) {
      if (!this.destroyed) this.errors.show(messageOf(err));
    }
  }

  destroy(): void {
    this.destroyed = true;
  }

  private open(form: OpenForm) {
    this.form = form;
    this.errors.clear();
    this.render();
    this.body.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }

  private close(focusLabelId?: string) {
    this.form = null;
    this.render();
    if (focusLabelId) this.body.querySelector<HTMLElement>(`[data-label-row="${CSS.escape(focusLabelId)}"] button`)?.focus();
  }

  private async run(work: () => Promise<string>) {
    this.errors.clear();
    try {
      const message = await work();
      this.form = null;
      await this.refresh();
      this.announce(message);
      this.body.querySelector<HTMLElement>('button')?.focus();
    } catch (err) {
      this.errors.show(messageOf(err));
    }
  }

  private render() {
    if (!this.labels.length) {
      replaceChildren(this.body, h('p', { class: 'empty' }, 'No labels yet.'));
      return;
    }
    replaceChildren(
      this.body,
      h(
        'table',
        { class: 'labels-table' },
        h('caption', { class: 'visually-hidden' }, 'Labels of this paper'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Label'), h('th', { scope: 'col' }, 'Pages'), h('th', { scope: 'col' }, 'Actions'))),
        h('tbody', {}, this.labels.map((label) => this.row(label))),
      ),
    );
  }

  private row(label: LabelView): HTMLElement {
    const open = this.form?.labelId === label.id ? this.form.kind : null;
    const cell = open === 'rename' ? this.renameForm(label) : open === 'merge' ? this.mergeForm(label) : open === 'delete' ? this.deleteForm(label) : this.actions(label);
    return h('tr', { 'data-label-row': label.id }, h('th', { scope: 'row' }, label.name), h('td', {}, String(label.pages)), h('td', {}, cell));
  }

  private actions(label: LabelView): HTMLElement {
    return h(
      'span',
      { class: 'labels-actions' },
      h('button', { type: 'button', class: 'small', 'aria-label': `Rename ${label.name}`, onclick: () => this.open({ kind: 'rename', labelId: label.id }) }, 'Rename'),
      this.labels.length > 1 ? h('button', { type: 'button', class: 'small', 'aria-label': `Merge ${label.name} into another label`, onclick: () => this.open({ kind: 'merge', labelId: label.id }) }, 'Merge') : null,
      h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${label.name}`, onclick: () => this.open({ kind: 'delete', labelId: label.id }) }, 'Delete'),
    );
  }

  private cancel(label: LabelView): HTMLElement {
    return h('button', { type: 'button', class: 'small', onclick: () => this.close(label.id) }, 'Cancel');
  }

  private renameForm(label: LabelView): HTMLElement {
    const id = uniqueId('label-rename');
    const input = h('input', { id, type: 'text', required: true, maxlength: LABEL_MAX_CHARS * 2, value: label.name, 'data-autofocus': '' });
    const form = h('form', { class: 'labels-form' }, h('label', { for: id }, `New name for ${label.name}`), input, h('button', { type: 'submit', class: 'small primary' }, 'Save name'), this.cancel(label));
    input.addEventListener('keydown', (e) => e.key === 'Escape' && this.close(label.id));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const problem = labelProblem(normaliseLabel(input.value));
      if (problem) {
        this.errors.show(problem);
        input.focus();
        return;
      }
      void this.run(async () => {
        const renamed = (await labelsApi.renameLabel(this.paperId, label.id, input.value)).label;
        return `Renamed the label '${label.name}' to '${renamed.name}'.`;
      });
    });
    return form;
  }

  private mergeForm(label: LabelView): HTMLElement {
    const id = uniqueId('label-merge');
    const others = this.labels.filter((l) => l.id !== label.id);
    const select = h('select', { id, 'data-autofocus': '' }, others.map((l) => h('option', { value: l.id }, l.name)));
    const form = h('form', { class: 'labels-form' }, h('label', { for: id }, `Merge ${label.name} into`), select, h('button', { type: 'submit', class: 'small primary' }, 'Merge'), this.cancel(label));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run(async () => {
        const kept = (await labelsApi.mergeLabel(this.paperId, label.id, select.value)).label;
        return `Merged '${label.name}' into '${kept.name}', now on ${kept.pages} ${kept.pages === 1 ? 'page' : 'pages'}.`;
      });
    });
    return form;
  }

  private deleteForm(label: LabelView): HTMLElement {
    const question = label.pages ? `Delete '${label.name}' and take it off ${label.pages} ${label.pages === 1 ? 'page' : 'pages'}?` : `Delete '${label.name}'?`;
    return h(
      'span',
      { class: 'labels-form', role: 'group', 'aria-label': question },
      h('span', {}, question, ' '),
      h('button', { type: 'button', class: 'small danger', 'data-autofocus': '', onclick: () => void this.run(async () => (await labelsApi.deleteLabel(this.paperId, label.id), `Deleted the label '${label.name}'.`)) }, 'Delete'),
      this.cancel(label),
    );
  }
}
