/**
 * The Attachments panel beside a page's text: every file attached to the page, newest first, with
 * its name as a download link, its size, who uploaded it and when. People who may edit the page
 * add files with "Add files" (a button that opens the file picker) or by dropping them on the
 * panel, each with its own progress bar, and may delete a file they uploaded (editors any file)
 * after confirming. Readers and reviewers see the list only.
 */
import { h, replaceChildren, uniqueId } from '../../dom.js';
import type { FileView } from '../../../shared/files.js';
import { formatBytes, megabytes } from '../../../shared/files.js';
import { limits } from '../../../shared/limits.js';
import { messageOf } from '../forms.js';
import { shortDate } from '../pageStatus.js';
import type { FilesApi } from './filesApi.js';
import { uploadFile, uploadRefusal, wasCancelled, type Upload } from './uploadFile.js';
import { UploadProgress } from './uploadProgress.js';

export interface AttachmentsPanelOptions {
  api: FilesApi;
  paperId: string;
  pageId: string;
  /** Whether this person may add files now (page.edit, and the page not approved for authors). */
  mayAdd(): boolean;
  /** Whether this person may delete this file. */
  mayDelete(file: FileView): boolean;
  /** The list changed here (added or deleted): others are told by the server. */
  changed(): void;
  close(): void;
}

/** The panel; call setFiles with each fresh list. */
export class AttachmentsPanel {
  readonly el: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly list = h('ul', { class: 'attachment-list' });
  private readonly empty = h('p', { class: 'attachments-empty' }, 'No files are attached to this page yet.');
  private readonly uploads = h('div', { class: 'attachment-uploads' });
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private readonly status = h('p', { class: 'attachments-status', role: 'status' });
  private readonly addArea = h('div', { class: 'attachments-add' });
  private files: FileView[] = [];
  private mayAddShown: boolean | null = null;
  /** The row shown for each file, by id. */
  private readonly rows = new Map<string, HTMLElement>();

  constructor(private readonly options: AttachmentsPanelOptions) {
    const headingId = uniqueId('attachments-heading');
    this.heading = h('h2', { id: headingId, tabindex: -1 }, 'Attachments');
    const inputId = uniqueId('attachments-input');
    const input = h('input', { id: inputId, type: 'file', multiple: true, class: 'visually-hidden', tabindex: -1 });
    input.addEventListener('change', () => {
      const picked = [...(input.files ?? [])];
      input.value = '';
      this.addFiles(picked);
    });
    this.addArea.append(
      h('button', { type: 'button', class: 'primary', onclick: () => input.click() }, 'Add files'),
      h('label', { for: inputId, class: 'visually-hidden' }, 'Files to attach'),
      input,
      h('p', { class: 'hint' }, `Or drop files on this panel. Each file can be up to ${megabytes(limits.fileBytes)}.`),
    );
    this.el = h(
      'section',
      { class: 'attachments-panel', 'aria-labelledby': headingId },
      h('div', { class: 'panel-head' }, this.heading, h('button', { type: 'button', class: 'small', onclick: () => options.close() }, 'Close')),
      this.addArea,
      this.uploads,
      this.error,
      this.status,
      this.empty,
      this.list,
    );
    this.el.addEventListener('dragover', (event) => {
      if (!this.options.mayAdd() || !event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      this.el.classList.add('drop-target');
    });
    this.el.addEventListener('dragleave', (event) => {
      if (!this.el.contains(event.relatedTarget as globalThis.Node | null)) this.el.classList.remove('drop-target');
    });
    this.el.addEventListener('drop', (event) => {
      this.el.classList.remove('drop-target');
      if (!this.options.mayAdd() || !event.dataTransfer?.files.length) return;
      event.preventDefault();
      this.addFiles([...event.dataTransfer.files]);
    });
    this.renderAccess();
    this.render();
  }

  /** Moves focus to the panel's heading (when opened). */
  focus(): void {
    this.heading.focus();
  }

  /** Takes a fresh list of the page's attachments. */
  setFiles(files: FileView[]): void {
    this.files = files;
    this.render();
  }

  /** Shows or hides the add and delete controls as access now allows (the list is redrawn only when it changed). */
  renderAccess(): void {
    const may = this.options.mayAdd();
    if (may === this.mayAddShown) return;
    this.mayAddShown = may;
    this.addArea.hidden = !may;
    this.rows.clear();
    this.render();
  }

  /** Says something in the panel's status line (screen readers hear it). */
  say(message: string): void {
    this.status.textContent = message;
  }

  /** Uploads each file in turn, refusing those over the limit at once. */
  addFiles(files: File[]): void {
    this.error.textContent = '';
    const refused: string[] = [];
    for (const file of files) {
      const refusal = uploadRefusal(file, 'attachment');
      if (refusal) refused.push(`${file.name} was not added: ${refusal}`);
      else void this.upload(file);
    }
    if (refused.length) this.error.textContent = refused.join(' ');
  }

  private async upload(file: File) {
    let upload: Upload | null = null;
    const progress = new UploadProgress(file.name, () => upload?.cancel());
    const row = h('div', { class: 'attachment-upload' }, progress.el);
    this.uploads.append(row);
    try {
      upload = uploadFile({ paperId: this.options.paperId, pageId: this.options.pageId, file, purpose: 'attachment', onProgress: (sent, total) => progress.set(sent, total) });
      const stored = await upload.done;
      this.files = [stored, ...this.files.filter((f) => f.id !== stored.id)];
      this.render();
      this.say(`Added ${stored.name}.`);
      this.options.changed();
    } catch (err) {
      if (wasCancelled(err)) this.say(`The upload of ${file.name} was cancelled.`);
      else this.error.textContent = `${file.name} was not added: ${messageOf(err)}`;
    } finally {
      row.remove();
    }
  }

  /**
   * Shows the list, keeping the rows already on screen (a delete being confirmed, focus on a
   * button) when a live update brings the same files back.
   */
  private render() {
    this.empty.hidden = this.files.length > 0;
    const ids = new Set(this.files.map((f) => f.id));
    for (const id of [...this.rows.keys()]) if (!ids.has(id)) this.rows.delete(id);
    this.files.forEach((file, i) => {
      let row = this.rows.get(file.id);
      if (!row) this.rows.set(file.id, (row = this.row(file)));
      const here = this.list.children[i] ?? null;
      if (here !== row) this.list.insertBefore(row, here);
    });
    while (this.list.children.length > this.files.length) this.list.lastElementChild?.remove();
  }

  private row(file: FileView): HTMLElement {
    const by = file.uploadedBy?.name ?? 'a former member';
    const item = h(
      'li',
      { class: 'attachment' },
      h('a', { href: file.url, download: file.name, class: 'attachment-name' }, file.name),
      h('span', { class: 'attachment-size' }, formatBytes(file.size)),
      h('span', { class: 'attachment-by' }, `Uploaded by ${by}, `, h('time', { datetime: file.uploadedAt }, shortDate(file.uploadedAt))),
    );
    if (this.options.mayAdd() && this.options.mayDelete(file)) item.append(this.deleteControl(file, item));
    return item;
  }

  /** "Delete" then "Delete <name>? Yes, delete / Keep it": nothing goes on one click. */
  private deleteControl(file: FileView, item: HTMLElement): HTMLElement {
    const area = h('span', { class: 'attachment-delete' });
    const ask = h('button', { type: 'button', class: 'small', 'aria-label': `Delete ${file.name}` }, 'Delete');
    const showAsk = () => {
      replaceChildren(area, ask);
      ask.focus();
    };
    ask.addEventListener('click', () => {
      const keep = h('button', { type: 'button', class: 'small', onclick: showAsk }, 'Keep it');
      const yes = h('button', { type: 'button', class: 'small danger' }, 'Yes, delete');
      yes.addEventListener('click', () => void remove());
      replaceChildren(area, h('span', { class: 'attachment-confirm' }, `Delete ${file.name} for everyone?`), yes, keep);
      keep.focus();
    });
    const remove = async () => {
      item.setAttribute('aria-busy', 'true');
      try {
        await this.options.api.remove(file.id);
        this.files = this.files.filter((f) => f.id !== file.id);
        this.render();
        this.say(`Deleted ${file.name}.`);
        this.heading.focus();
        this.options.changed();
      } catch (err) {
        item.removeAttribute('aria-busy');
        this.error.textContent = `${file.name} was not deleted: ${messageOf(err)}`;
        showAsk();
      }
    };
    area.append(ask);
    return area;
  }
}
