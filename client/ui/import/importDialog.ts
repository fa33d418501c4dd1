/**
 * The import dialog: choose (or drop) a Markdown, HTML or Word file; it is sent with a progress
 * bar and converted on the server; then the preview shows the result read-only (drawn from the
 * schema with DOMSerializer, never as HTML from the server), what could not be kept, and the
 * choices: one page or a page for each top-level heading, and where to put them. Nothing is
 * created until "Import". An error is a sentence in the dialog, and the chosen file stays, so
 * "Try again" or choosing another file works without starting over.
 */
import { DOMSerializer } from 'prosemirror-model';
import { h, replaceChildren, uniqueId } from '../../dom.js';
import { schema } from '../../../shared/schema.js';
import { limits } from '../../../shared/limits.js';
import { formatBytes } from '../../../shared/files.js';
import { sectionNumbers } from '../../../shared/tree.js';
import { FORMAT_NAMES, IMPORT_ACCEPT, titleFromFileName, type ImportPreview } from '../../../shared/imports.js';
import type { PageView } from '../../../shared/api.js';
import { messageOf } from '../forms.js';
import { ApiRequestError } from '../../api.js';
import { importApi, uploadImport } from './importApi.js';

export interface ImportDialogOptions {
  paperId: string;
  /** The live tree, for "Place under". */
  pages: readonly PageView[];
  /** Called with the pages made, in order, once the import is done (the dialog has closed). */
  onImported(pages: PageView[]): void;
}

const pagesWord = (n: number) => `${n} ${n === 1 ? 'page' : 'pages'}`;

/** One open import dialog; make a new one for each opening. */
export class ImportDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly fileInput: HTMLInputElement;
  private readonly progress = h('progress', { max: 100, value: 0, class: 'import-progress', 'aria-label': 'Sending the file' });
  private readonly status = h('p', { class: 'import-status', role: 'status' });
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private readonly retry = h('button', { type: 'button', hidden: true, onclick: () => this.file && void this.send(this.file) }, 'Try again');
  private readonly previewArea = h('div', { class: 'import-preview' });
  private readonly opener: Element | null;
  private file: File | null = null;
  private preview: ImportPreview | null = null;
  private busy = false;
  private finished = false;

  constructor(private readonly options: ImportDialogOptions) {
    this.opener = document.activeElement;
    const titleId = uniqueId('import-title');
    const inputId = uniqueId('import-file');
    const hintId = `${inputId}-hint`;
    this.fileInput = h('input', { id: inputId, type: 'file', accept: IMPORT_ACCEPT, 'aria-describedby': hintId, onchange: () => this.chosen(this.fileInput.files?.[0] ?? null) });
    this.progress.hidden = true;
    this.dialog = h(
      'dialog',
      { class: 'import-dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, 'Import a file'),
      h(
        'div',
        { class: 'import-choose' },
        h('label', { for: inputId }, 'File to import'),
        h('p', { id: hintId, class: 'hint' }, `Markdown (.md, .txt), HTML (.html) or Word (.docx), at most ${formatBytes(limits.importBytes)}. You can also drop the file here. Nothing is created until you choose Import.`),
        this.fileInput,
      ),
      this.progress,
      this.status,
      this.error,
      this.retry,
      this.previewArea,
      h('div', { class: 'import-actions' }, h('button', { type: 'button', onclick: () => this.close() }, 'Cancel')),
    );
    this.dialog.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.dialog.classList.add('import-drop');
    });
    this.dialog.addEventListener('dragleave', () => this.dialog.classList.remove('import-drop'));
    this.dialog.addEventListener('drop', (event) => {
      event.preventDefault();
      this.dialog.classList.remove('import-drop');
      this.chosen(event.dataTransfer?.files?.[0] ?? null);
    });
    this.dialog.addEventListener('close', () => this.closed());
    document.body.append(this.dialog);
    this.dialog.showModal();
    this.fileInput.focus();
  }

  /** Closes the dialog; a preview not imported is dropped on the server. */
  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  private closed() {
    if (this.finished) return;
    this.finished = true;
    if (this.preview) void importApi.cancel(this.options.paperId, this.preview.importId).catch(() => undefined);
    this.preview = null;
    this.dialog.remove();
    returnFocus(this.opener);
  }

  private chosen(file: File | null) {
    if (!file || this.busy) return;
    if (file.size > limits.importBytes) {
      this.showError(`"${file.name}" is ${formatBytes(file.size)}; the most one import may bring in is ${formatBytes(limits.importBytes)}. Split it into smaller files and choose one.`);
      return;
    }
    void this.send(file);
  }

  /** Sends the file and shows its preview (an earlier preview is dropped). */
  private async send(file: File) {
    this.file = file;
    this.busy = true;
    this.error.textContent = '';
    this.retry.hidden = true;
    if (this.preview) void importApi.cancel(this.options.paperId, this.preview.importId).catch(() => undefined);
    this.preview = null;
    replaceChildren(this.previewArea);
    this.progress.hidden = false;
    this.progress.value = 0;
    this.status.textContent = `Sending "${file.name}"…`;
    try {
      const preview = await uploadImport(this.options.paperId, file, (sent, total) => {
        const percent = total > 0 ? Math.round((sent / total) * 100) : 0;
        this.progress.value = percent;
        // Said in tens, so a screen reader is not flooded with every percent.
        const said = sent >= total ? 'Converting…' : `Sending "${file.name}"… ${Math.floor(percent / 10) * 10}%`;
        if (this.status.textContent !== said) this.status.textContent = said;
      });
      if (this.finished) {
        void importApi.cancel(this.options.paperId, preview.importId).catch(() => undefined);
        return;
      }
      this.preview = preview;
      this.progress.hidden = true;
      this.status.textContent = `Preview of "${preview.fileName}" is ready.`;
      this.showPreview(preview);
    } catch (err) {
      this.progress.hidden = true;
      this.status.textContent = '';
      this.showError(messageOf(err));
      this.retry.hidden = false;
    } finally {
      this.busy = false;
    }
  }

  private showError(message: string) {
    this.error.textContent = message;
  }

  private showPreview(preview: ImportPreview) {
    const fileTitle = titleFromFileName(preview.fileName);
    const split = preview.pages.length;
    const radioName = uniqueId('import-mode');
    const oneId = uniqueId('import-one');
    const splitId = uniqueId('import-split');
    const titleInput = h('input', { id: uniqueId('import-page-title'), type: 'text', name: 'title', value: fileTitle, maxlength: limits.pageTitleChars, required: true });
    const one = h('input', { type: 'radio', id: oneId, name: radioName, value: 'page', checked: true });
    const many = h('input', { type: 'radio', id: splitId, name: radioName, value: 'split', disabled: split > limits.importPages });
    const titles = h('ol', { class: 'import-titles', 'aria-label': 'Pages the import will make' }, ...preview.pages.map((p) => h('li', {}, p.title)));
    const numbers = sectionNumbers(this.options.pages);
    const place = h(
      'select',
      { id: uniqueId('import-place'), name: 'parentId' },
      h('option', { value: '' }, 'Top level (as chapters)'),
      ...this.options.pages.map((p) => h('option', { value: p.id }, `${numbers.get(p.id) ?? ''} ${p.title}`.trim())),
    );
    const syncMode = () => {
      titleInput.closest('.field')!.toggleAttribute('hidden', !one.checked);
      titles.hidden = !many.checked;
    };
    one.addEventListener('change', syncMode);
    many.addEventListener('change', syncMode);
    const formErrors = h('p', { class: 'form-error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Import');
    const form = h(
      'form',
      { class: 'import-form', novalidate: true },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Make'),
        h('div', { class: 'import-choice' }, one, h('label', { for: oneId }, 'One page')),
        h('div', { class: 'field' }, h('label', { for: titleInput.id }, 'Page title'), titleInput),
        h('div', { class: 'import-choice' }, many, h('label', { for: splitId }, `A page for each top-level heading (${pagesWord(split)})`)),
        split > limits.importPages ? h('p', { class: 'hint' }, `One import may make at most ${limits.importPages} pages.`) : null,
        titles,
      ),
      h('div', { class: 'field' }, h('label', { for: place.id }, 'Place under'), place),
      formErrors,
      h('div', { class: 'import-actions' }, submit),
    );
    syncMode();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      const mode = many.checked ? 'split' : 'page';
      const title = titleInput.value.trim();
      if (mode === 'page' && !title) {
        formErrors.textContent = 'Give the page a title.';
        titleInput.focus();
        return;
      }
      submit.disabled = true;
      formErrors.textContent = '';
      this.status.textContent = 'Importing…';
      importApi
        .confirm(this.options.paperId, preview.importId, { mode, parentId: place.value || null, ...(mode === 'page' ? { title } : {}) })
        .then(({ pages }) => {
          this.preview = null;
          this.close();
          this.options.onImported(pages);
        })
        .catch((err: unknown) => {
          this.status.textContent = '';
          formErrors.textContent = messageOf(err);
          submit.disabled = false;
          // An expired preview: the same file can be sent again without choosing it.
          if (err instanceof ApiRequestError && err.status === 404) this.retry.hidden = false;
        });
    });

    const kept = preview.notKept.length
      ? h('ul', { class: 'import-not-kept' }, ...preview.notKept.map((line) => h('li', {}, `${line.message} (${line.count})`, line.example ? h('span', { class: 'import-example' }, ` For example: ${line.example}`) : null)))
      : h('p', {}, 'Everything was kept.');
    const headingId = uniqueId('import-preview-heading');
    replaceChildren(
      this.previewArea,
      h('h3', { id: headingId }, 'Preview'),
      h('p', { class: 'hint' }, `${FORMAT_NAMES[preview.format]} file "${preview.fileName}"${preview.pictures ? `, ${preview.pictures} ${preview.pictures === 1 ? 'picture' : 'pictures'} brought in` : ''}.`),
      this.renderDocument(preview, headingId),
      h('h3', {}, 'Could not be kept'),
      kept,
      form,
    );
  }

  /** The whole import, drawn from the schema (read-only, never HTML from the server). */
  private renderDocument(preview: ImportPreview, labelledBy: string): HTMLElement {
    const el = h('div', { class: 'import-document page-text', role: 'document', 'aria-labelledby': labelledBy, tabindex: 0 });
    el.append(DOMSerializer.fromSchema(schema).serializeFragment(schema.nodeFromJSON(preview.document).content, { document }));
    return el;
  }
}

/** Gives focus back to what opened the dialog, or to its like when a re-render replaced it (the tree redraws its toolbar). */
function returnFocus(opener: Element | null): void {
  if (!(opener instanceof HTMLElement)) return;
  if (opener.isConnected) return opener.focus();
  const twin = [...document.querySelectorAll<HTMLElement>('button[aria-haspopup="dialog"]')].find((b) => b.textContent === opener.textContent);
  twin?.focus();
}
