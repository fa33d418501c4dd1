/**
 * A paper's audit trail, for its editors: a table of who did what and when, newest first,
 * filtered by action, person and dates, a page at a time ("Load more"), and a CSV download of
 * everything matching the filters.
 */
import { h, replaceChildren } from '../dom.js';
import { api } from '../api.js';
import { paperHref } from '../router.js';
import { AUDIT_ACTIONS, type AuditEntryView } from '../../shared/api.js';
import { errorRegion, field, messageOf, selectField } from './forms.js';
import { accountApi, auditCsvHref, type AuditFilters } from './accountApi.js';
import type { View } from './view.js';

const ACTION_LABELS: Record<string, string> = {
  'account.signin': 'Signed in',
  'account.signin_failed': 'Failed sign-in',
  'account.signup': 'Created an account',
  'account.signout': 'Signed out',
  'account.password_changed': 'Changed password',
  'account.locked': 'Account locked',
  'account.exported': 'Downloaded own data',
  'account.deleted': 'Deleted account',
  'paper.created': 'Created the paper',
  'paper.updated': 'Changed the paper’s details',
  'template.created': 'Saved the paper as a template',
  'template.renamed': 'Renamed a template',
  'template.updated': 'Updated a template from the paper',
  'template.deleted': 'Deleted a template',
  'page.assigned': 'Assigned a page',
  'file.uploaded': 'Uploaded a file',
  'file.deleted': 'Removed an attachment',
  'pages.imported': 'Imported pages from a file',
  'member.added': 'Added a member',
  'member.role_changed': 'Changed a member’s role',
  'member.removed': 'Removed a member',
  'invitation.created': 'Created an invitation',
  'invitation.revoked': 'Revoked an invitation',
  'invitation.accepted': 'Accepted an invitation',
  'page.created': 'Created a page',
  'page.renamed': 'Renamed a page',
  'page.moved': 'Moved a page',
  'page.deleted': 'Deleted a page',
  'page.restored': 'Restored a page',
  'page.status_changed': 'Changed a page’s status',
  'page.reopen_requested': 'Asked to reopen a page',
  'label.renamed': 'Renamed a label',
  'label.merged': 'Merged a label into another',
  'label.deleted': 'Deleted a label',
  'paper.exported': 'Exported the paper',
  'paper.released': 'Released the paper',
  'comment.deleted': 'Deleted a comment',
  'comment.resolved': 'Resolved a comment thread',
  'comment.reopened': 'Reopened a comment thread',
  'confidentiality.acknowledged': 'Acknowledged confidentiality findings',
};

/** A person-readable name for an action. */
export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

const formatTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const formatDetail = (detail: Record<string, unknown>) =>
  Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');

/** Builds the audit trail screen of one paper. */
export function auditView(paperId: string): View {
  let destroyed = false;
  let filters: AuditFilters = { action: '', actor: '', from: '', to: '' };
  let nextBefore: number | null = null;
  let generation = 0;

  const heading = h('h1', { id: 'audit-heading' }, 'Audit trail');
  const errors = errorRegion();
  const status = h('p', { role: 'status', class: 'audit-status' });
  const caption = h('caption', {}, 'Audit trail, newest first');
  const body = h('tbody', {});
  const table = h(
    'table',
    { class: 'audit-table' },
    caption,
    h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Target', 'Details', 'Address'].map((label) => h('th', { scope: 'col' }, label)))),
    body,
  );
  const more = h('button', { type: 'button', hidden: true, onclick: () => void load(false) }, 'Load more');
  const csv = h('a', { class: 'button-link', href: auditCsvHref(paperId, filters), download: '' }, 'Download CSV');

  const action = selectField('Action', 'audit-action', [{ value: '', label: 'All actions' }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))]);
  const actor = field('Person', { name: 'audit-actor', autocomplete: 'off', hint: 'Part of a name.' });
  const from = field('From', { type: 'date', name: 'audit-from' });
  const to = field('To', { type: 'date', name: 'audit-to' });
  const form = h(
    'form',
    { class: 'audit-filters', role: 'search', 'aria-label': 'Filter the audit trail', novalidate: true },
    action.el,
    actor.el,
    from.el,
    to.el,
    h('div', { class: 'audit-filter-buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Apply filters'), h('button', { type: 'reset' }, 'Clear filters')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = { action: action.select.value, actor: actor.input.value, from: from.input.value, to: to.input.value };
    void load(true);
  });
  form.addEventListener('reset', () => {
    filters = { action: '', actor: '', from: '', to: '' };
    // After the form has cleared its fields.
    setTimeout(() => void load(true));
  });

  const row = (e: AuditEntryView) =>
    h(
      'tr',
      {},
      h('td', {}, h('time', { datetime: e.at }, formatTime(e.at))),
      h('td', {}, e.actor.name),
      h('td', {}, actionLabel(e.action)),
      h('td', { class: 'audit-target' }, e.target ?? ''),
      h('td', { class: 'audit-detail' }, formatDetail(e.detail)),
      h('td', {}, e.ip ?? ''),
    );

  async function load(fresh: boolean) {
    const mine = ++generation;
    errors.clear();
    more.disabled = true;
    try {
      const page = await accountApi.auditPage(paperId, filters, fresh ? null : nextBefore);
      if (destroyed || mine !== generation) return;
      if (fresh) replaceChildren(body);
      body.append(...page.entries.map(row));
      nextBefore = page.nextBefore;
      more.hidden = nextBefore === null;
      csv.setAttribute('href', auditCsvHref(paperId, filters));
      const shown = body.rows.length;
      status.textContent =
        shown === 0 ? 'No entries match these filters.' : fresh ? `Showing ${shown} entr${shown === 1 ? 'y' : 'ies'}${nextBefore ? '; more are available' : ''}.` : `${page.entries.length} more loaded; ${shown} shown.`;
    } catch (err) {
      if (!destroyed && mine === generation) errors.show(messageOf(err));
    } finally {
      more.disabled = false;
    }
  }

  const back = h('a', { href: paperHref(paperId) }, 'Back to the paper');
  const el = h('div', { class: 'audit-screen', 'aria-labelledby': 'audit-heading' }, h('p', {}, back), heading, form, h('p', {}, csv), errors.el, status, h('div', { class: 'table-scroll' }, table), more);
  document.title = 'Audit trail – Quire';
  void api.paper(paperId).then(
    ({ paper }) => {
      if (destroyed) return;
      heading.textContent = `Audit trail: ${paper.title}`;
      caption.textContent = `Audit trail of “${paper.title}”, newest first`;
      document.title = `Audit trail: ${paper.title} – Quire`;
    },
    () => undefined,
  );
  void load(true);
  return {
    el,
    destroy: () => {
      destroyed = true;
    },
  };
}
