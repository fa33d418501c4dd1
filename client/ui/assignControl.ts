/**
 * The per-row assign control of the dashboard, for editors: a disclosure button named for the page
 * that opens a group of checkboxes, one per member who may write (editors and authors), and a Save
 * button. Escape closes it and returns focus to its button; the server's refusal is shown as text.
 */
import { h } from '../dom.js';
import type { MemberView, PersonRef } from '../../shared/api.js';
import { errorRegion, messageOf } from './forms.js';

export interface AssignControlOptions {
  pageTitle: string;
  /** Stable key for focus restoring across re-renders (the page id). */
  key: string;
  assignees: PersonRef[];
  writers: MemberView[];
  /** Saves the chosen ids; rejects with the server's sentence. */
  save(userIds: string[]): Promise<void>;
  /** The control opened or closed (the dashboard holds live re-renders while one is open). */
  onToggle(open: boolean): void;
}

/** Builds one assign control. */
export function assignControl(options: AssignControlOptions): HTMLElement {
  const chosen = new Set(options.assignees.map((p) => p.id));
  const errors = errorRegion();
  const boxes = options.writers.map((m) => {
    const input = h('input', { type: 'checkbox', value: m.userId, checked: chosen.has(m.userId) });
    return { input, el: h('label', { class: 'assign-choice' }, input, ` ${m.name} (${m.role})`) };
  });
  const panelId = `assign-${options.key}`;
  const toggle = h('button', { type: 'button', class: 'assign-toggle', 'aria-expanded': 'false', 'aria-controls': panelId, 'data-focus-key': `assign-${options.key}` }, 'Assign', h('span', { class: 'visually-hidden' }, ` ${options.pageTitle}`));
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h(
    'form',
    { class: 'assign-panel', id: panelId, hidden: true },
    h('fieldset', {}, h('legend', {}, `Assign “${options.pageTitle}” to`), boxes.length ? boxes.map((b) => b.el) : h('p', {}, 'No editors or authors to assign.')),
    errors.el,
    h('div', { class: 'assign-buttons' }, save, cancel),
  );
  const setOpen = (open: boolean, focusToggle = false) => {
    form.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    options.onToggle(open);
    if (open) boxes[0]?.input.focus();
    else if (focusToggle) toggle.focus();
  };
  toggle.addEventListener('click', () => setOpen(form.hidden));
  cancel.addEventListener('click', () => setOpen(false, true));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false, true);
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.clear();
    save.disabled = true;
    const ids = boxes.filter((b) => b.input.checked).map((b) => b.input.value);
    options.save(ids).then(
      () => setOpen(false, true),
      (err) => {
        save.disabled = false;
        errors.show(messageOf(err));
      },
    );
  });
  return h('div', { class: 'assign-control' }, toggle, form);
}
