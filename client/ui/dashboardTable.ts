/**
 * The dashboard's table: one row per page with its number, title (a link to the page), status,
 * assignees, words, last edit, open comments, labels, who is on it now, and for editors an assign
 * control. Sortable columns have a button in their header; the sorted one carries aria-sort. Plain
 * DOM built with h(), so page titles and names are always text.
 */
import { h } from '../dom.js';
import { pageHref } from '../router.js';
import type { MemberView } from '../../shared/api.js';
import type { PresenceEntry } from '../../shared/events.js';
import { STATUS_NAMES } from '../../shared/pageStatus.js';
import type { DashboardRow, SortDirection, SortKey } from '../../shared/dashboard.js';
import { avatar } from './avatars.js';
import { relativeTime } from './relativeTime.js';
import { assignControl } from './assignControl.js';

/** One column: its header text and, if sortable, the key it sorts by. */
const COLUMNS: { label: string; key: SortKey | null; numeric?: boolean }[] = [
  { label: 'No.', key: 'number' },
  { label: 'Title', key: 'title' },
  { label: 'Status', key: 'status' },
  { label: 'Assigned to', key: 'assignees' },
  { label: 'Words', key: 'words', numeric: true },
  { label: 'Last edited', key: 'lastEditedAt' },
  { label: 'Open comments', key: 'openComments', numeric: true },
  { label: 'Labels', key: 'labels' },
  { label: 'On it now', key: null },
];

export interface DashboardTableInput {
  paperId: string;
  caption: string;
  rows: DashboardRow[];
  sort: { key: SortKey; direction: SortDirection };
  presence: PresenceEntry[];
  /** Members who may be assigned (null: this person cannot assign, so no assign column). */
  writers: MemberView[] | null;
  onSort(key: SortKey): void;
  assign(pageId: string, userIds: string[]): Promise<void>;
  onAssignToggle(open: boolean): void;
}

const numberFormat = new Intl.NumberFormat();

function header(input: DashboardTableInput, column: (typeof COLUMNS)[number]): HTMLElement {
  if (!column.key) return h('th', { scope: 'col' }, column.label);
  const key = column.key;
  const active = input.sort.key === key;
  const next = active && input.sort.direction === 'ascending' ? 'descending' : 'ascending';
  return h(
    'th',
    { scope: 'col', 'aria-sort': active ? input.sort.direction : null, class: column.numeric ? 'numeric' : null },
    h(
      'button',
      { type: 'button', class: 'sort-button', 'data-focus-key': `sort-${key}`, title: `Sort by ${column.label.toLowerCase()}, ${next}`, onclick: () => input.onSort(key) },
      column.label,
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (input.sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''),
    ),
  );
}

function lastEdited(row: DashboardRow): HTMLElement {
  if (!row.lastEditedAt) return h('td', { class: 'muted' }, 'Not yet');
  return h('td', {}, row.lastEditedBy?.name ?? 'Someone', ', ', h('time', { datetime: row.lastEditedAt, title: new Date(row.lastEditedAt).toLocaleString() }, relativeTime(row.lastEditedAt)));
}

function onItNow(people: PresenceEntry[]): HTMLElement {
  return h(
    'td',
    {},
    people.length
      ? h(
          'ul',
          { class: 'dash-people' },
          people.map((p) => {
            const face = avatar(p.name, p.color);
            face.setAttribute('aria-hidden', 'true');
            face.removeAttribute('role');
            face.removeAttribute('aria-label');
            return h('li', {}, face, ' ', p.name);
          }),
        )
      : h('span', { class: 'muted' }, 'Nobody'),
  );
}

function bodyRow(input: DashboardTableInput, row: DashboardRow): HTMLElement {
  const here = input.presence.filter((p) => p.pageId === row.pageId);
  const title = h('td', { class: 'dash-title' }, h('a', { href: pageHref(input.paperId, row.pageId), 'data-focus-key': `page-${row.pageId}` }, row.title));
  // Sections sit indented under their chapter; CSSOM, since the CSP forbids style attributes.
  title.style.setProperty('padding-inline-start', `${0.5 + (row.depth - 1) * 1.25}rem`);
  return h(
    'tr',
    { 'data-page-id': row.pageId, class: row.depth === 1 ? 'dash-chapter' : 'dash-section' },
    h('td', { class: 'num' }, row.number),
    title,
    h('td', {}, h('span', { class: `tree-status status-${row.status}` }, STATUS_NAMES[row.status])),
    h('td', {}, row.assignees.length ? row.assignees.map((p) => p.name).join(', ') : h('span', { class: 'muted' }, 'Unassigned')),
    h('td', { class: 'numeric' }, numberFormat.format(row.words)),
    lastEdited(row),
    h('td', { class: 'numeric' }, String(row.openComments)),
    h('td', {}, row.labels.length ? h('ul', { class: 'dash-labels' }, row.labels.map((name) => h('li', { class: 'tree-label' }, name))) : null),
    onItNow(here),
    input.writers
      ? h('td', {}, assignControl({ pageTitle: row.title, key: row.pageId, assignees: row.assignees, writers: input.writers, save: (ids) => input.assign(row.pageId, ids), onToggle: input.onAssignToggle }))
      : null,
  );
}

/** Builds the whole table for the rows as given (already filtered and sorted). */
export function dashboardTable(input: DashboardTableInput): HTMLTableElement {
  return h(
    'table',
    { class: 'dashboard-table' },
    h('caption', {}, input.caption),
    h('thead', {}, h('tr', {}, COLUMNS.map((c) => header(input, c)), input.writers ? h('th', { scope: 'col' }, 'Assign') : null)),
    h('tbody', {}, input.rows.length ? input.rows.map((r) => bodyRow(input, r)) : h('tr', {}, h('td', { colspan: COLUMNS.length + (input.writers ? 1 : 0) }, 'No pages match these filters.'))),
  );
}
