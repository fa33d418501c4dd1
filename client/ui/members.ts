/**
 * The members of a paper: everyone and their role. Editors change roles (one labelled select per
 * row), remove people after confirming, add people by email, decide whether readers may export,
 * and manage invitation links. The last editor's row cannot be changed; the page says why (the
 * server refuses it too).
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { api } from '../api.js';
import type { MemberView } from '../../shared/api.js';
import { ROLES, ROLE_DESCRIPTIONS, type Role } from '../../shared/roles.js';
import { errorRegion, field, messageOf, onSubmit, selectField } from './forms.js';
import { InvitationsPanel } from './invitations.js';

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_DESCRIPTIONS[r] }));
const LAST_EDITOR_NOTE = 'The only editor. Make someone else an editor before changing this role or removing them.';

export class MembersPanel {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'members-list' });
  private readonly listErrors = errorRegion();
  private readonly status = h('p', { class: 'visually-hidden', role: 'status' });
  private readonly invitations: InvitationsPanel | null;
  private readonly exportSetting: HTMLInputElement | null = null;
  private confirming: string | null = null;
  private members: MemberView[] = [];
  private destroyed = false;

  constructor(
    private readonly paperId: string,
    private readonly canManage: boolean,
    private readonly myUserId: string,
  ) {
    this.invitations = canManage ? new InvitationsPanel(paperId) : null;
    let settings: HTMLElement | null = null;
    if (canManage) {
      const id = uniqueId('readers-export');
      this.exportSetting = h('input', { type: 'checkbox', id, 'aria-describedby': `${id}-hint` });
      this.exportSetting.addEventListener('change', () => void this.saveExportSetting());
      settings = h(
        'div',
        { class: 'export-setting' },
        h('p', {}, this.exportSetting, h('label', { for: id }, 'Readers may export this paper')),
        h('p', { id: `${id}-hint`, class: 'hint' }, 'Editors, authors and reviewers can always export; readers only when this is ticked.'),
      );
      void api.paper(paperId).then(({ paper }) => {
        if (this.exportSetting) this.exportSetting.checked = paper.readersMayExport;
      }, () => undefined);
    }
    this.el = h(
      'section',
      { class: 'members card', 'aria-labelledby': 'members-heading' },
      h('h2', { id: 'members-heading' }, 'Members'),
      this.list,
      this.listErrors.el,
      this.status,
      settings,
      canManage ? this.addForm() : null,
      this.invitations?.el,
    );
    this.refresh();
  }

  /** Reloads the list (after 'members:changed'). */
  refresh(): void {
    api
      .members(this.paperId)
      .then(({ members }) => {
        if (this.destroyed) return;
        this.members = members;
        this.render();
      })
      .catch((err) => !this.destroyed && this.listErrors.show(messageOf(err)));
    this.invitations?.refresh();
  }

  destroy(): void {
    this.destroyed = true;
  }

  private render() {
    const members = this.members;
    const editors = members.filter((m) => m.role === 'editor').length;
    // Keep keyboard focus on the row being worked on across the rebuild.
    const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
    replaceChildren(
      this.list,
      h(
        'table',
        { class: 'member-table' },
        h('caption', { class: 'visually-hidden' }, 'Members of this paper and their roles'),
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Email'), h('th', { scope: 'col' }, 'Role'), this.canManage ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null),
        ),
        h(
          'tbody',
          {},
          members.map((m) => {
            const lastEditor = m.role === 'editor' && editors <= 1;
            const editable = this.canManage && !lastEditor;
            return h(
              'tr',
              {},
              h('th', { scope: 'row', class: 'member-name' }, m.name, m.userId === this.myUserId ? ' (you)' : ''),
              h('td', { class: 'member-email' }, m.email),
              h('td', {}, editable ? this.roleSelect(m) : m.role, this.canManage && lastEditor ? h('p', { class: 'hint' }, LAST_EDITOR_NOTE) : null),
              this.canManage ? h('td', {}, editable ? this.removeControls(m) : null) : null,
            );
          }),
        ),
      ),
    );
    if (focusedKey) this.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusedKey)}"]`)?.focus();
  }

  private roleSelect(member: MemberView): HTMLElement {
    // The label is the select's accessible name: one per row, naming whose role it is.
    const select = h('select', { 'aria-label': `Role of ${member.name}`, 'data-focus-key': `role:${member.userId}` }, ROLES.map((r) => h('option', { value: r, selected: r === member.role }, r)));
    select.addEventListener('change', () => {
      this.listErrors.clear();
      const role = select.value as Role;
      api
        .changeMember(this.paperId, member.userId, role)
        .then(() => {
          this.say(`${member.name} is now ${role === 'author' || role === 'editor' ? 'an' : 'a'} ${role}.`);
          this.refresh();
        })
        .catch((err) => {
          select.value = member.role;
          this.listErrors.show(messageOf(err));
        });
    });
    return select;
  }

  private removeControls(member: MemberView): HTMLElement {
    if (this.confirming !== member.userId) {
      return h('button', { type: 'button', class: 'small danger', 'data-focus-key': `remove:${member.userId}`, 'aria-label': `Remove ${member.name}`, onclick: () => this.askToRemove(member) }, 'Remove');
    }
    const self = member.userId === this.myUserId;
    return h(
      'div',
      { class: 'confirm-remove', role: 'group', 'aria-label': `Confirm removing ${member.name}` },
      h('p', {}, self ? 'Remove yourself from this paper? You will lose access to it.' : `Remove ${member.name} from this paper? They lose access at once.`),
      h('button', { type: 'button', class: 'small danger', 'data-focus-key': `confirm:${member.userId}`, onclick: () => void this.remove(member) }, `Yes, remove ${member.name}`),
      ' ',
      h('button', { type: 'button', class: 'small', onclick: () => this.cancelRemove(member) }, 'Cancel'),
    );
  }

  private askToRemove(member: MemberView) {
    this.confirming = member.userId;
    this.render();
    this.list.querySelector<HTMLElement>(`[data-focus-key="confirm:${CSS.escape(member.userId)}"]`)?.focus();
  }

  private cancelRemove(member: MemberView) {
    this.confirming = null;
    this.render();
    this.list.querySelector<HTMLElement>(`[data-focus-key="remove:${CSS.escape(member.userId)}"]`)?.focus();
  }

  private async remove(member: MemberView) {
    this.listErrors.clear();
    this.confirming = null;
    try {
      await api.removeMember(this.paperId, member.userId);
      this.say(`${member.name} was removed from this paper.`);
      this.refresh();
    } catch (err) {
      this.render();
      this.listErrors.show(messageOf(err));
    }
  }

  private async saveExportSetting() {
    const box = this.exportSetting!;
    this.listErrors.clear();
    try {
      const { paper } = await api.updatePaper(this.paperId, { readersMayExport: box.checked });
      box.checked = paper.readersMayExport;
      this.say(paper.readersMayExport ? 'Readers may now export this paper.' : 'Readers may no longer export this paper.');
    } catch (err) {
      box.checked = !box.checked;
      this.listErrors.show(messageOf(err));
    }
  }

  private say(message: string) {
    this.status.textContent = '';
    requestAnimationFrame(() => (this.status.textContent = message));
  }

  private addForm(): HTMLElement {
    const errors = errorRegion();
    const email = field('Email of the person to add', { type: 'email', name: 'member-email', autocomplete: 'off', required: true, hint: 'They need a Quire account already. For anyone else, create an invitation link below.' });
    const role = selectField('Role', 'member-role', roleOptions, 'author');
    const form = h('form', { class: 'add-member', 'aria-labelledby': 'add-member-heading', novalidate: true }, h('h3', { id: 'add-member-heading' }, 'Add a member'), email.el, role.el, errors.el, h('button', { type: 'submit', class: 'primary' }, 'Add member'));
    onSubmit(form, errors, async () => {
      await api.addMember(this.paperId, { email: email.input.value, role: role.select.value as Role });
      email.input.value = '';
      this.refresh();
    });
    return form;
  }
}
