/**
 * The editor's dashboard of one paper: a progress summary ("9 of 12 approved", with a progress
 * bar), filters ("My chapters" and by status) and a sortable table of every chapter and section
 * (dashboardTable.ts), with an assign control per row for editors. Every member may open it.
 * Live: it holds its own paper socket and re-reads the dashboard, debounced, on 'tree:changed',
 * 'page:updated', 'comments:changed' and 'members:changed'; presence changes redraw without a
 * request. While an assign control is open, redraws wait until it closes so nothing moves under
 * the editor's hands; focus stays on the control it was on across a redraw.
 */
import { h, replaceChildren } from '../dom.js';
import { api } from '../api.js';
import { paperHref } from '../router.js';
import { openPaperSocket, type PaperSocket } from '../socket.js';
import { can } from '../../shared/permissions.js';
import { canWrite } from '../../shared/roles.js';
import type { MemberView, PaperView, PageStatus } from '../../shared/api.js';
import type { PresenceEntry } from '../../shared/events.js';
import { STATUS_NAMES } from '../../shared/pageStatus.js';
import { assignedTo, progressText, sortRows, type DashboardView, type SortDirection, type SortKey } from '../../shared/dashboard.js';
import { dashboardApi } from './dashboardApi.js';
import { dashboardTable } from './dashboardTable.js';
import { errorRegion, messageOf } from './forms.js';
import type { View } from './view.js';

/** How long a burst of live events is gathered before the dashboard is read again. */
const REFRESH_DEBOUNCE_MS = 300;

/** Builds the dashboard screen of one paper for the signed-in user. */
export function dashboardView(paperId: string, userId: string): View {
  let destroyed = false;
  let paper: PaperView | null = null;
  let view: DashboardView | null = null;
  let presence: PresenceEntry[] = [];
  let writers: MemberView[] | null = null;
  let sort: { key: SortKey; direction: SortDirection } = { key: 'number', direction: 'ascending' };
  let mine = false;
  let status: PageStatus | '' = '';
  let assignOpen = 0;
  let redrawOwed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;

  const heading = h('h1', { id: 'dashboard-heading' }, 'Dashboard');
  const errors = errorRegion();
  const progressSentence = h('p', { class: 'dash-progress-text', 'aria-live': 'polite' });
  const progress = h('progress', { class: 'dash-progress', max: 1, value: 0, 'aria-labelledby': 'dash-progress-label' });
  const details = h('p', { class: 'dash-counts' });
  const summary = h('section', { class: 'dash-summary', 'aria-labelledby': 'dash-progress-label' }, h('h2', { id: 'dash-progress-label' }, 'Progress'), progressSentence, progress, details);

  const mineBox = h('input', { type: 'checkbox', id: 'dash-mine' });
  mineBox.addEventListener('change', () => {
    mine = mineBox.checked;
    redraw();
  });
  const statusSelect = h(
    'select',
    { id: 'dash-status' },
    h('option', { value: '' }, 'All statuses'),
    (Object.keys(STATUS_NAMES) as PageStatus[]).map((s) => h('option', { value: s }, STATUS_NAMES[s])),
  );
  statusSelect.addEventListener('change', () => {
    status = statusSelect.value as PageStatus | '';
    redraw();
  });
  const filters = h(
    'div',
    { class: 'dash-filters', role: 'group', 'aria-label': 'Filter the pages' },
    h('label', { class: 'dash-mine', for: 'dash-mine' }, mineBox, ' My chapters (assigned to me)'),
    h('label', { for: 'dash-status' }, 'Status '),
    statusSelect,
  );
  const shown = h('p', { class: 'dash-shown', role: 'status' });
  const tableHolder = h('div', { class: 'table-scroll' });
  const back = h('a', { href: paperHref(paperId) }, 'Back to the paper');
  const el = h('div', { class: 'dashboard-screen', 'aria-labelledby': 'dashboard-heading' }, h('p', {}, back), heading, errors.el, summary, filters, shown, tableHolder);

  function drawSummary() {
    if (!view) return;
    const s = view.summary;
    progressSentence.textContent = `${progressText(s)}.`;
    progress.max = Math.max(1, s.pages);
    progress.value = s.byStatus.approved;
    progress.textContent = progressText(s);
    const n = new Intl.NumberFormat();
    details.textContent = `${s.chapters} chapter${s.chapters === 1 ? '' : 's'}, ${s.pages} page${s.pages === 1 ? '' : 's'} in all: ${s.byStatus.draft} draft, ${s.byStatus.in_review} in review, ${s.byStatus.approved} approved; ${n.format(s.words)} words.`;
  }

  function redraw() {
    if (!view || destroyed) return;
    if (assignOpen > 0) {
      redrawOwed = true;
      return;
    }
    redrawOwed = false;
    drawSummary();
    let rows = view.rows;
    if (mine) rows = assignedTo(rows, userId);
    if (status) rows = rows.filter((r) => r.status === status);
    rows = sortRows(rows, sort.key, sort.direction);
    const focusKey = tableHolder.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.focusKey : undefined;
    const title = paper ? `“${paper.title}”` : 'this paper';
    const table = dashboardTable({
      paperId,
      caption: `Chapters and sections of ${title}${mine ? ', assigned to me' : ''}${status ? `, ${STATUS_NAMES[status].toLowerCase()}` : ''}`,
      rows,
      sort,
      presence,
      writers,
      onSort: (key) => {
        sort = { key, direction: sort.key === key && sort.direction === 'ascending' ? 'descending' : 'ascending' };
        redraw();
      },
      assign: async (pageId, userIds) => {
        await dashboardApi.assign(paperId, pageId, userIds);
        scheduleRefresh();
      },
      onAssignToggle: (open) => {
        assignOpen = Math.max(0, assignOpen + (open ? 1 : -1));
        if (!open && assignOpen === 0 && redrawOwed) queueMicrotask(redraw);
      },
    });
    replaceChildren(tableHolder, table);
    shown.textContent = rows.length === view.rows.length ? `Showing all ${rows.length} pages.` : `Showing ${rows.length} of ${view.rows.length} pages.`;
    if (focusKey) (tableHolder.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null)?.focus();
  }

  async function refresh() {
    const mineGen = ++generation;
    try {
      const next = await dashboardApi.dashboard(paperId);
      if (destroyed || mineGen !== generation) return;
      view = next;
      errors.clear();
      redraw();
    } catch (err) {
      if (!destroyed && mineGen === generation) errors.show(messageOf(err));
    }
  }

  function scheduleRefresh() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  async function loadWriters() {
    if (!paper || !can(paper.role, 'page.assign')) {
      writers = null;
      return;
    }
    try {
      const { members } = await api.members(paperId);
      writers = members.filter((m) => canWrite(m.role));
    } catch {
      writers = null;
    }
  }

  async function loadPaper() {
    const { paper: p } = await api.paper(paperId);
    if (destroyed) return;
    paper = p;
    heading.textContent = `Dashboard: ${p.title}`;
    document.title = `Dashboard: ${p.title} – Quire`;
    await loadWriters();
  }

  const socket: PaperSocket = openPaperSocket();
  socket.on('connect', () => {
    socket.emit('paper:join', paperId, (reply) => {
      if (destroyed || !reply.ok) return;
      presence = reply.presence;
      // Events may have been missed while disconnected.
      scheduleRefresh();
    });
  });
  const ours = (event: { paperId: string }) => event.paperId === paperId;
  socket.on('tree:changed', (e) => ours(e) && scheduleRefresh());
  socket.on('page:updated', (e) => ours(e) && scheduleRefresh());
  socket.on('comments:changed', (e) => ours(e) && scheduleRefresh());
  socket.on('members:changed', (e) => {
    if (!ours(e)) return;
    void loadPaper().then(scheduleRefresh, () => undefined);
  });
  socket.on('presence:changed', (e) => {
    if (!ours(e)) return;
    presence = e.people;
    redraw();
  });

  document.title = 'Dashboard – Quire';
  void (async () => {
    try {
      await loadPaper();
      await refresh();
    } catch (err) {
      if (!destroyed) errors.show(messageOf(err));
    }
  })();

  return {
    el,
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      socket.emit('paper:leave', paperId);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
