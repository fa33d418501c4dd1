/**
 * How an upload under way looks: a labelled <progress> bar, the percentage in words (a status
 * shown as it changes, and said to screen readers only every quarter, not on every byte) and a "Cancel upload"
 * button. The picture dialog and the attachments list both use it.
 */
import { h, uniqueId } from '../../dom.js';

/** Screen readers hear the percentage at most this often (in steps of this many percent). */
const SPOKEN_STEP = 25;

/** One upload's progress display. */
export class UploadProgress {
  readonly el: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly text = h('span', { class: 'upload-progress-text' });
  private readonly spokenText = h('span', { class: 'visually-hidden', role: 'status' });
  private readonly cancelButton: HTMLButtonElement;
  private spoken = -1;

  constructor(
    private readonly name: string,
    cancel: () => void,
  ) {
    const id = uniqueId('upload-progress');
    this.bar = h('progress', { id, max: 100, value: 0 });
    this.cancelButton = h('button', { type: 'button', class: 'small', 'aria-label': `Cancel upload of ${name}`, onclick: () => cancel() }, 'Cancel upload');
    this.el = h('div', { class: 'upload-progress' }, h('label', { for: id }, `Uploading ${name}`), this.bar, this.text, this.spokenText, this.cancelButton);
    this.set(0, 1);
  }

  /** Shows how much has been sent. */
  set(sent: number, total: number): void {
    const percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
    this.bar.value = percent;
    const words = percent === 100 ? '100% sent, being stored…' : `${percent}% sent`;
    this.text.textContent = words;
    const step = Math.floor(percent / SPOKEN_STEP);
    if (step !== this.spoken) {
      this.spoken = step;
      this.spokenText.textContent = `${this.name}: ${words}`;
    }
  }

  /** Hides the cancel button once nothing more can be stopped. */
  finished(): void {
    this.cancelButton.hidden = true;
  }
}
