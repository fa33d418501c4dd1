/**
 * Form building blocks: labelled fields, an error region (role=alert) next to each form, and a
 * submit wrapper that keeps what was typed when the server says no.
 */
import { h, uniqueId } from '../dom.js';
import { ApiRequestError } from '../api.js';

export interface FieldOptions {
  type?: string;
  name: string;
  autocomplete?: string;
  required?: boolean;
  value?: string;
  maxlength?: number;
  minlength?: number;
  hint?: string;
}

/** A <label for> + <input> pair in a wrapper; returns both. */
export function field(label: string, options: FieldOptions): { el: HTMLElement; input: HTMLInputElement } {
  const id = uniqueId(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  const input = h('input', {
    id,
    type: options.type ?? 'text',
    name: options.name,
    autocomplete: options.autocomplete,
    required: options.required,
    maxlength: options.maxlength,
    minlength: options.minlength,
    'aria-describedby': hintId,
    value: options.value,
  });
  const el = h('div', { class: 'field' }, h('label', { for: id }, label), options.hint ? h('p', { id: hintId, class: 'hint' }, options.hint) : null, input);
  return { el, input };
}

/** A <label for> + <select> pair. */
export function selectField(label: string, name: string, options: { value: string; label: string }[], value?: string): { el: HTMLElement; select: HTMLSelectElement } {
  const id = uniqueId(name);
  const select = h('select', { id, name }, ...options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
  return { el: h('div', { class: 'field' }, h('label', { for: id }, label), select), select };
}

/** The error region shown next to a form; empty until something goes wrong. */
export function errorRegion(): { el: HTMLElement; show(message: string): void; clear(): void } {
  const el = h('div', { class: 'form-error', role: 'alert' });
  return {
    el,
    show: (message) => {
      el.textContent = message;
    },
    clear: () => {
      el.textContent = '';
    },
  };
}

/** A sentence for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiRequestError) return err.message;
  return 'Something went wrong. Please try again.';
}

/**
 * Runs `action` on submit with the submit button disabled; on failure shows the server's sentence
 * in `errors` and leaves every input as it was, so nothing typed is lost.
 */
export function onSubmit(form: HTMLFormElement, errors: ReturnType<typeof errorRegion>, action: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type=submit]')];
    if (buttons.some((b) => b.disabled)) return;
    errors.clear();
    buttons.forEach((b) => (b.disabled = true));
    form.setAttribute('aria-busy', 'true');
    action()
      .catch((err: unknown) => errors.show(messageOf(err)))
      .finally(() => {
        buttons.forEach((b) => (b.disabled = false));
        form.removeAttribute('aria-busy');
      });
  });
}
