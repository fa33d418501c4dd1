/**
 * The modal dialog that asks for a picture's description (its alt text): required, at most
 * limits.altTextChars, with a hint on writing a good one. There is no "decorative" choice: every
 * picture in a briefing paper carries meaning, and the description is what screen-reader users and
 * the exports get. The dialog runs one action on submit (upload and insert, or change the
 * description); while it runs, the action may show progress in the dialog, and if it fails the
 * sentence shows next to the button, which becomes "Try again", and the description stays.
 */
import { h, uniqueId } from '../../dom.js';
import { limits } from '../../../shared/limits.js';
import { messageOf } from '../forms.js';
import { wasCancelled } from './uploadFile.js';

export const ALT_REQUIRED = 'Describe the picture before inserting it: people who cannot see it rely on the description.';
export const ALT_HINT =
  'Say what the picture shows and why it matters here, in a sentence or two, as you would to someone on the phone. For a chart, give its main finding. No need to start with "Picture of".';

export interface ImageDialogOptions {
  /** The dialog's title ("Insert a picture", "Edit the picture's description"). */
  title: string;
  /** The submit button's words. */
  submitLabel: string;
  /** The description to start with. */
  alt: string;
  /** A preview to show above the description (the picked file), if any. */
  preview?: File;
  /** Runs on submit with the description; resolves once done (the dialog closes) or throws a sentence. */
  submit(alt: string, dialog: ImageDialog): Promise<void>;
  /** Called when the dialog closes without finishing (Cancel, Escape). */
  cancelled?(): void;
}

/** One open dialog; make a new one for each picture. */
export class ImageDialog {
  readonly dialog: HTMLDialogElement;
  /** Where the action shows its progress. */
  readonly progressArea = h('div', { class: 'image-dialog-progress' });
  private readonly input: HTMLTextAreaElement;
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private readonly submitButton: HTMLButtonElement;
  private readonly opener: Element | null;
  private previewUrl: string | null = null;
  private busy = false;
  private finished = false;
  /** Closed already (closing again does nothing). */
  private gone = false;

  constructor(private readonly options: ImageDialogOptions) {
    this.opener = document.activeElement;
    const titleId = uniqueId('image-dialog-title');
    const inputId = uniqueId('image-alt');
    const hintId = `${inputId}-hint`;
    this.input = h('textarea', { id: inputId, name: 'alt', rows: 3, maxlength: limits.altTextChars, required: true, 'aria-describedby': hintId });
    this.input.value = options.alt;
    this.submitButton = h('button', { type: 'submit', class: 'primary' }, options.submitLabel);
    let preview: HTMLElement | null = null;
    if (options.preview) {
      // A blob: address of the person's own file, shown only here; the page gets the stored copy.
      const img = h('img', { class: 'image-dialog-preview', alt: `Preview of ${options.preview.name}` });
      this.previewUrl = URL.createObjectURL(options.preview);
      img.src = this.previewUrl;
      preview = h('figure', { class: 'image-dialog-figure' }, img, h('figcaption', {}, options.preview.name));
    }
    const form = h(
      'form',
      { class: 'image-dialog-form', novalidate: true },
      preview,
      h('div', { class: 'field' }, h('label', { for: inputId }, 'Description (alt text)'), h('p', { id: hintId, class: 'hint' }, ALT_HINT), this.input),
      this.progressArea,
      this.error,
      h('div', { class: 'form-actions' }, this.submitButton, h('button', { type: 'button', onclick: () => this.close() }, 'Cancel')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    this.dialog = h('dialog', { class: 'image-dialog', 'aria-labelledby': titleId }, h('h2', { id: titleId }, options.title), form);
    this.dialog.addEventListener('close', () => this.closed());
    document.body.append(this.dialog);
    this.dialog.showModal();
    this.input.focus();
  }

  /** Shows a sentence next to the buttons (and so to screen readers, as an alert). */
  showError(message: string): void {
    this.error.textContent = message;
  }

  /** Closes the dialog; an action still running is the caller's to stop. */
  close(): void {
    if (this.dialog.open) this.dialog.close();
    else this.closed();
  }

  private async run() {
    if (this.busy) return;
    const alt = this.input.value.trim();
    this.error.textContent = '';
    if (!alt) {
      this.error.textContent = ALT_REQUIRED;
      this.input.setAttribute('aria-invalid', 'true');
      this.input.focus();
      return;
    }
    this.input.removeAttribute('aria-invalid');
    this.busy = true;
    this.submitButton.disabled = true;
    this.dialog.setAttribute('aria-busy', 'true');
    try {
      await this.options.submit(alt.slice(0, limits.altTextChars), this);
      this.finished = true;
      this.close();
    } catch (err) {
      if (!this.dialog.open) return;
      this.error.textContent = wasCancelled(err) ? 'The upload was cancelled. Your description is kept: choose Try again to send the picture again.' : messageOf(err);
      this.submitButton.textContent = 'Try again';
    } finally {
      this.busy = false;
      this.submitButton.disabled = false;
      this.dialog.removeAttribute('aria-busy');
    }
  }

  private closed() {
    if (this.gone) return;
    this.gone = true;
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = null;
    this.dialog.remove();
    if (!this.finished) this.options.cancelled?.();
    if (this.opener instanceof HTMLElement && this.opener.isConnected && !this.finished) this.opener.focus();
  }
}
