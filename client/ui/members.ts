/** The members of a paper: everyone and their role; editors add, change and remove members. */
import { h, replaceChildren } from '../dom.js';
import { api } from '../api.js';
import type { MemberView } from '../../shared/api.js';
import { ROLES, ROLE_DESCRIPTIONS, type Role } from '../../shared/roles.js';
import { errorRegion, field, messageOf, onSubmit, selectField } from './forms.js';

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_DESCRIPTIONS[r] }));

export class MembersPanel {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'members-list' });
  private readonly listErrors = errorRegion();
  private destroyed = false;

  constructor(
    private readonly paperId: string,
    private readonly canManage: boolean,
    private readonly myUserId: string,
  ) {
    this.el = h(
      'section',
      { class: 'members card', 'aria-labelledby': 'members-heading' },
      h('h2', { id: 'members-heading' }, 'Members'),
      this.list,
      this.listErrors.el,
      canManage ? this.addForm() : null,
    );
    this.refresh();
  }

  /** Reloads the list (after 'members:changed'). */
  refresh(): void {
    api
      .members(this.paperId)
      .then(({ members }) => !this.destroyed && this.render(members))
      .catch((err) => !this.destroyed && this.listErrors.show(messageOf(err)));
  }

  destroy(): void {
    this.destroyed = true;
  }

  private render(members: MemberView[]) {
    replaceChildren(
      this.list,
      h(
        'table',
        { class: 'member-table' },
        h('caption', { class: 'visually-hidden' }, 'Members of this paper and their roles'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Email'), h('th', { scope: 'col' }, 'Role'), this.canManage ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
        h(
          'tbody',
          {},
          members.map((m) => {
            const editable = this.canManage && m.userId !== this.myUserId;
            return h(
              'tr',
              {},
              h('td', { class: 'member-name' }, m.name, m.userId === this.myUserId ? ' (you)' : ''),
              h('td', { class: 'member-email' }, m.email),
              h('td', {}, editable ? this.roleSelect(m) : m.role),
              this.canManage ? h('td', {}, editable ? h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove ${m.name}`, onclick: () => void this.remove(m) }, 'Remove') : null) : null,
            );
          }),
        ),
      ),
    );
  }

  private roleSelect(member: MemberView): HTMLElement {
    const select = h('select', { 'aria-label': `Role of ${member.name}` }, ROLES.map((r) => h('option', { value: r, selected: r === member.role }, r)));
    select.addEventListener('change', () => {
      this.listErrors.clear();
      api
        .changeMember(this.paperId, member.userId, select.value as Role)
        .then(() => this.refresh())
        .catch((err) => {
          select.value = member.role;
          this.listErrors.show(messageOf(err));
        });
    });
    return select;
  }

  private async remove(member: MemberView) {
    this.listErrors.clear();
    try {
      await api.removeMember(this.paperId, member.userId);
      this.refresh();
    } catch (err) {
      this.listErrors.show(messageOf(err));
    }
  }

  private addForm(): HTMLElement {
    const errors = errorRegion();
    const email = field('Email of the person to add', { type: 'email', name: 'member-email', autocomplete: 'off', required: true, hint: 'They need a Quire account already.' });
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
