/**
 * "Your account": who you are, change your password (signing out everywhere else), download
 * everything Quire holds about you, links to the audit trails of papers you edit, and delete
 * your account after a clear warning and your password.
 */
import { h, replaceChildren } from '../dom.js';
import { api } from '../api.js';
import { auditHref } from '../router.js';
import type { UserView } from '../../shared/api.js';
import { limits } from '../../shared/limits.js';
import { errorRegion, field, onSubmit } from './forms.js';
import { accountApi, exportHref } from './accountApi.js';
import type { View } from './view.js';

export interface AccountViewOptions {
  user: UserView;
  /** Called once the account is deleted (the session is gone too). */
  onDeleted(): void;
}

/** Builds the "Your account" screen. */
export function accountView({ user, onDeleted }: AccountViewOptions): View {
  let destroyed = false;
  const el = h(
    'div',
    { class: 'account-screen' },
    h('h1', {}, 'Your account'),
    h('p', {}, 'Signed in as ', h('strong', {}, user.name), ` (${user.email}).`),
    passwordForm(),
    dataSection(),
    auditSection(() => destroyed),
    deleteForm(onDeleted),
  );
  return {
    el,
    destroy: () => {
      destroyed = true;
    },
  };
}

function passwordForm(): HTMLElement {
  const errors = errorRegion();
  const done = h('p', { role: 'status', class: 'form-done' });
  const current = field('Current password', { type: 'password', name: 'current-password', autocomplete: 'current-password', required: true });
  const next = field('New password', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true, hint: `At least ${limits.passwordMinChars} characters.` });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'password-heading', novalidate: true },
    h('h2', { id: 'password-heading' }, 'Change your password'),
    h('p', { class: 'hint' }, 'Changing it signs you out on every other computer and browser; this one stays signed in.'),
    current.el,
    next.el,
    errors.el,
    done,
    h('button', { type: 'submit', class: 'primary' }, 'Change password'),
  );
  onSubmit(form, errors, async () => {
    done.textContent = '';
    await accountApi.changePassword({ currentPassword: current.input.value, newPassword: next.input.value });
    current.input.value = '';
    next.input.value = '';
    done.textContent = 'Your password is changed. Every other session is signed out.';
  });
  return form;
}

function dataSection(): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'data-heading' },
    h('h2', { id: 'data-heading' }, 'Your data'),
    h('p', {}, 'Download everything Quire holds about you as one JSON file: your details, where you are signed in, your papers and roles, the pages you created or last edited, and the audit entries about you.'),
    h('a', { class: 'button-link', href: exportHref(), download: '' }, 'Download my data'),
  );
}

function auditSection(isDestroyed: () => boolean): HTMLElement {
  const list = h('ul', { class: 'audit-links' });
  const section = h('section', { class: 'card', 'aria-labelledby': 'audit-links-heading', hidden: true }, h('h2', { id: 'audit-links-heading' }, 'Audit trails of papers you edit'), list);
  api
    .papers()
    .then(({ papers }) => {
      const edited = papers.filter((p) => p.role === 'editor');
      if (isDestroyed() || edited.length === 0) return;
      replaceChildren(list, edited.map((p) => h('li', {}, h('a', { href: auditHref(p.id) }, `Audit trail of “${p.title}”`))));
      section.hidden = false;
    })
    .catch(() => undefined);
  return section;
}

function deleteForm(onDeleted: () => void): HTMLElement {
  const errors = errorRegion();
  const password = field('Your password, to confirm', { type: 'password', name: 'delete-password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    { class: 'card danger-zone', 'aria-labelledby': 'delete-heading', 'aria-describedby': 'delete-warning', novalidate: true },
    h('h2', { id: 'delete-heading' }, 'Delete your account'),
    h(
      'div',
      { id: 'delete-warning' },
      h('p', {}, h('strong', {}, 'This cannot be undone.'), ' Your name, email and password are erased, you are signed out everywhere and you leave every paper.'),
      h('p', {}, 'What you wrote stays in the papers, shown as written by “Former member”. Download your data first if you want a copy.'),
      h('p', {}, 'If you are the only editor of a paper others belong to, make one of them an editor first.'),
    ),
    password.el,
    errors.el,
    h('button', { type: 'submit', class: 'danger' }, 'Delete my account'),
  );
  onSubmit(form, errors, async () => {
    await accountApi.deleteAccount({ password: password.input.value });
    onDeleted();
  });
  return form;
}
