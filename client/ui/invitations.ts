/**
 * The invitation links of a paper, for its editors: create one with a role, an expiry and
 * optionally a most-uses count, copy the new link (shown once: only its hash is stored), see the
 * open ones and revoke any of them. A link works for many people until it expires, is revoked or
 * is used up, so one link can go to a whole workshop.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { api } from '../api.js';
import { limits } from '../../shared/limits.js';
import type { InvitationView } from '../../shared/invitations.js';
import { ROLES, ROLE_DESCRIPTIONS, type Role } from '../../shared/roles.js';
import { errorRegion, field, messageOf, onSubmit, selectField } from './forms.js';

const EXPIRY_CHOICES = [1, 3, 7, 14, 30].filter((d) => d >= limits.invitationMinDays && d <= limits.invitationMaxDays);
const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Copies text to the clipboard; falls back to selecting it in the input for older browsers. */
async function copyText(text: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input.focus();
    input.select();
    return document.execCommand?.('copy') ?? false;
  }
}

export class InvitationsPanel {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'invitation-list' });
  private readonly created = h('div', { class: 'invitation-created' });
  private readonly listErrors = errorRegion();
  private readonly status = h('p', { class: 'visually-hidden', role: 'status' });
  private readonly openHeading = h('h4', { tabindex: '-1' }, 'Open invitation links');

  constructor(private readonly paperId: string) {
    this.el = h(
      'section',
      { class: 'invitations', 'aria-labelledby': 'invitations-heading' },
      h('h3', { id: 'invitations-heading' }, 'Invitation links'),
      h('p', { class: 'hint' }, 'Anyone with a link can join this paper with its role until it expires, is revoked or is used up, so one link can go to a whole workshop. A link is shown only once, when you create it.'),
      this.form(),
      this.created,
      this.openHeading,
      this.list,
      this.listErrors.el,
      this.status,
    );
    this.refresh();
  }

  /** Reloads the open links. */
  refresh(): void {
    api.invitations(this.paperId).then(
      ({ invitations }) => this.render(invitations),
      (err) => this.listErrors.show(messageOf(err)),
    );
  }

  private form(): HTMLElement {
    const errors = errorRegion();
    const role = selectField('Role for people who join', 'invitation-role', ROLES.map((r) => ({ value: r, label: ROLE_DESCRIPTIONS[r] })), 'author');
    const expiry = selectField('Link works for', 'invitation-expiry', EXPIRY_CHOICES.map((d) => ({ value: String(d), label: d === 1 ? '1 day' : `${d} days` })), '7');
    const maxUses = field('Most people who may join (optional)', { type: 'number', name: 'invitation-max-uses', hint: `Leave empty for no limit; at most ${limits.invitationMaxUses}.` });
    maxUses.input.min = '1';
    maxUses.input.max = String(limits.invitationMaxUses);
    maxUses.input.inputMode = 'numeric';
    const form = h('form', { class: 'create-invitation', 'aria-label': 'Create an invitation link', novalidate: true }, role.el, expiry.el, maxUses.el, errors.el, h('button', { type: 'submit', class: 'primary' }, 'Create invitation link'));
    onSubmit(form, errors, async () => {
      const raw = maxUses.input.value.trim();
      const { path, invitation } = await api.createInvitation(this.paperId, {
        role: role.select.value as Role,
        expiresInDays: Number(expiry.select.value),
        maxUses: raw === '' ? null : Number(raw),
      });
      maxUses.input.value = '';
      this.showCreated(location.origin + path, invitation);
      this.refresh();
    });
    return form;
  }

  /** Shows the new link once, with a copy button. */
  private showCreated(url: string, invitation: InvitationView) {
    const id = uniqueId('invitation-link');
    const input = h('input', { id, type: 'text', readonly: true, value: url, class: 'invitation-link' });
    const copied = h('span', { class: 'hint', role: 'status' });
    const copy = h('button', { type: 'button', class: 'small' }, 'Copy link');
    copy.addEventListener('click', () => {
      void copyText(url, input).then((ok) => {
        copied.textContent = ok ? 'Link copied.' : 'Select the link and copy it with Ctrl+C.';
      });
    });
    replaceChildren(
      this.created,
      h(
        'div',
        { class: 'card form-done' },
        h('label', { for: id }, `New link for ${invitation.role}s, until ${dateTime(invitation.expiresAt)}`),
        input,
        h('p', {}, copy, ' ', copied),
        h('p', { class: 'hint' }, 'Copy it now: for safety Quire keeps only a fingerprint of the link and cannot show it again.'),
      ),
    );
    input.focus();
    input.select();
  }

  private render(invitations: InvitationView[]) {
    this.listErrors.clear();
    if (invitations.length === 0) {
      replaceChildren(this.list, h('p', { class: 'empty' }, 'No open invitation links.'));
      return;
    }
    replaceChildren(
      this.list,
      h(
        'table',
        { class: 'member-table invitation-table' },
        h('caption', { class: 'visually-hidden' }, 'Open invitation links'),
        h('thead', {}, h('tr', {}, ...['Role', 'Expires', 'Joined', 'Created by'].map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h(
          'tbody',
          {},
          invitations.map((inv) =>
            h(
              'tr',
              {},
              h('td', {}, inv.role),
              h('td', {}, h('time', { datetime: inv.expiresAt }, dateTime(inv.expiresAt))),
              h('td', {}, inv.maxUses === null ? `${inv.useCount}` : `${inv.useCount} of ${inv.maxUses}`),
              h('td', {}, inv.createdBy.name, ' ', h('span', { class: 'hint' }, `(${dateTime(inv.createdAt)})`)),
              h('td', {}, h('button', { type: 'button', class: 'small danger', 'aria-label': `Revoke the ${inv.role} link created ${dateTime(inv.createdAt)}`, onclick: () => void this.revoke(inv) }, 'Revoke')),
            ),
          ),
        ),
      ),
    );
  }

  private async revoke(inv: InvitationView) {
    this.listErrors.clear();
    try {
      await api.revokeInvitation(this.paperId, inv.id);
      this.status.textContent = `The ${inv.role} link was revoked; nobody else can join with it.`;
      // The button pressed is about to go: keep the keyboard in the list's place.
      this.openHeading.focus();
      this.refresh();
    } catch (err) {
      this.listErrors.show(messageOf(err));
    }
  }
}
