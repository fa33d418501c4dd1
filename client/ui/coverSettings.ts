/**
 * The "Cover and front matter" section of a paper's overview. Editors get a form (title, subtitle,
 * organisation, date, edited by, key points, acknowledgements) checked with the server's own rules
 * (updatePaperBody), each problem shown beside its field, and "Cover saved." in a live region.
 * Everyone else sees the values. When another editor saves, setPaper() brings in the new values,
 * leaving alone any field this person has changed and not yet saved.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { ApiRequestError, request } from '../api.js';
import { limits } from '../../shared/limits.js';
import { updatePaperBody, type PaperView } from '../../shared/api.js';
import { COVER_LIMITS, keyPoints } from '../../shared/cover.js';
import { errorRegion, messageOf } from './forms.js';

type FieldName = 'title' | 'subtitle' | 'organisation' | 'coverDate' | 'editedBy' | 'summary' | 'acknowledgements';

interface FieldSpec {
  name: FieldName;
  label: string;
  hint?: string;
  multiline?: boolean;
  type?: string;
  maxlength?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'title', label: 'Title', maxlength: limits.paperTitleChars },
  { name: 'subtitle', label: 'Subtitle', maxlength: limits.paperSubtitleChars },
  { name: 'organisation', label: 'Organisation', hint: 'For example "Faculty of Public Health".', maxlength: COVER_LIMITS.organisationChars },
  { name: 'coverDate', label: 'Date', type: 'date', hint: 'Leave empty to show the date of each release or export.' },
  { name: 'editedBy', label: 'Edited by', hint: 'For example "Dr Jane Smith, on behalf of the Faculty".', maxlength: COVER_LIMITS.editedByChars },
  { name: 'summary', label: 'Key points', multiline: true, hint: `One point a line, at most ${COVER_LIMITS.summaryLines} of ${COVER_LIMITS.summaryLineChars} characters each.` },
  { name: 'acknowledgements', label: 'Acknowledgements', multiline: true, hint: `At most ${COVER_LIMITS.acknowledgementsChars} characters.` },
];

const valueOf = (paper: PaperView, name: FieldName): string => (name === 'coverDate' ? (paper.coverDate ?? '') : paper[name]);

/** "31 March 2026" for a stored day. */
function longDate(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
}

export interface CoverSettingsOptions {
  paper: PaperView;
  canEdit: boolean;
  /** Called with the paper as saved (the screen updates its title). */
  onSaved(paper: PaperView): void;
}

export class CoverSettings {
  readonly el: HTMLElement;
  private paper: PaperView;
  private readonly body = h('div', { class: 'cover-body' });
  private readonly status = h('p', { class: 'cover-status', role: 'status', 'aria-live': 'polite' });
  private inputs = new Map<FieldName, { control: HTMLInputElement | HTMLTextAreaElement; error: HTMLElement; dirty: boolean }>();

  constructor(private readonly options: CoverSettingsOptions) {
    this.paper = options.paper;
    const headingId = uniqueId('cover');
    this.el = h('section', { class: 'cover-settings', 'aria-labelledby': headingId }, h('h2', { id: headingId }, 'Cover and front matter'), this.body);
    if (options.canEdit) this.buildForm();
    else this.renderReadOnly();
  }

  /** The paper changed (saved here or by someone else). */
  setPaper(paper: PaperView): void {
    this.paper = paper;
    if (!this.options.canEdit) {
      this.renderReadOnly();
      return;
    }
    for (const [name, field] of this.inputs) if (!field.dirty) field.control.value = valueOf(paper, name);
  }

  private renderReadOnly() {
    const p = this.paper;
    const notSet = (text = 'Not set') => h('span', { class: 'hint' }, text);
    const points = keyPoints(p.summary);
    const paragraphs = p.acknowledgements ? p.acknowledgements.split(/\n\s*\n/) : [];
    replaceChildren(
      this.body,
      h(
        'dl',
        { class: 'cover-values' },
        h('dt', {}, 'Organisation'),
        h('dd', {}, p.organisation || notSet()),
        h('dt', {}, 'Date'),
        h('dd', {}, p.coverDate ? longDate(p.coverDate) : notSet('Not set: each release or export shows its own date')),
        h('dt', {}, 'Edited by'),
        h('dd', {}, p.editedBy || notSet()),
        h('dt', {}, 'Key points'),
        h('dd', {}, points.length ? h('ul', { class: 'cover-points' }, points.map((point) => h('li', {}, point))) : notSet()),
        h('dt', {}, 'Acknowledgements'),
        h('dd', {}, paragraphs.length ? paragraphs.map((text) => h('p', { class: 'cover-text' }, text)) : notSet()),
      ),
    );
  }

  private buildForm() {
    const errors = errorRegion();
    const fields = FIELDS.map((spec) => {
      const id = uniqueId(`cover-${spec.name}`);
      const hintId = spec.hint ? `${id}-hint` : undefined;
      const errorId = `${id}-error`;
      const describedBy = [hintId, errorId].filter(Boolean).join(' ');
      const control = spec.multiline
        ? h('textarea', { id, name: spec.name, rows: spec.name === 'summary' ? 6 : 5, 'aria-describedby': describedBy, class: 'cover-textarea' })
        : h('input', { id, name: spec.name, type: spec.type ?? 'text', maxlength: spec.maxlength ? spec.maxlength * 2 : undefined, 'aria-describedby': describedBy, required: spec.name === 'title' });
      control.value = valueOf(this.paper, spec.name);
      const error = h('p', { id: errorId, class: 'field-error' });
      const entry = { control, error, dirty: false };
      control.addEventListener('input', () => (entry.dirty = true));
      this.inputs.set(spec.name, entry);
      return h('div', { class: 'field' }, h('label', { for: id }, spec.label), spec.hint ? h('p', { id: hintId, class: 'hint' }, spec.hint) : null, control, error);
    });
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save cover');
    const form = h('form', { class: 'cover-form', novalidate: true }, fields, errors.el, save, this.status);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (save.disabled) return;
      void this.submit(form, save, errors);
    });
    replaceChildren(this.body, h('p', { class: 'hint' }, 'What the cover and first pages of an exported paper show.'), form);
  }

  /** Shows each field's problem beside it (or clears it); focuses the first field with one. */
  private showFieldErrors(problems: Record<string, string>) {
    let first: HTMLElement | null = null;
    for (const [name, { control, error }] of this.inputs) {
      const message = problems[name] ?? '';
      error.textContent = message;
      if (message) {
        control.setAttribute('aria-invalid', 'true');
        first ??= control;
      } else control.removeAttribute('aria-invalid');
    }
    first?.focus();
  }

  private async submit(form: HTMLFormElement, save: HTMLButtonElement, errors: ReturnType<typeof errorRegion>) {
    errors.clear();
    this.status.textContent = '';
    const values = Object.fromEntries([...this.inputs].map(([name, { control }]) => [name, control.value]));
    const checked = updatePaperBody.safeParse(values);
    if (!checked.success) {
      const problems: Record<string, string> = {};
      for (const issue of checked.error.issues) problems[String(issue.path[0])] ??= issue.message;
      this.showFieldErrors(problems);
      errors.show('Check the fields marked above.');
      return;
    }
    this.showFieldErrors({});
    save.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const { paper } = await request<{ paper: PaperView }>('PATCH', `/api/papers/${encodeURIComponent(this.paper.id)}`, values);
      for (const field of this.inputs.values()) field.dirty = false;
      this.setPaper(paper);
      this.status.textContent = 'Cover saved.';
      this.options.onSaved(paper);
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length) this.showFieldErrors(err.fields);
      errors.show(messageOf(err));
    } finally {
      save.disabled = false;
      form.removeAttribute('aria-busy');
    }
  }
}
