/**
 * Revision history on the page screen: a "History" button in the page tools that opens the
 * version history panel, the dialog that opens or compares versions, restoring, and the answer
 * to the header's "last edited by Y" (the diff of the latest change). The list follows the
 * server's 'revisions:changed' events while the panel is open.
 */
import { h } from '../../dom.js';
import { mayWriteText } from '../../../shared/pageStatus.js';
import type { RevisionView } from '../../../shared/history.js';
import type { PageContext, PageExtension, PageExtensionFactory } from '../pageExtensions.js';
import { messageOf } from '../forms.js';
import { historyApi } from './api.js';
import { HistoryPanel } from './panel.js';
import { VersionDialog } from './versionDialog.js';
import { SHOW_LATEST_CHANGE, type ShowLatestChangeDetail } from './latestChange.js';
import { versionNumber } from './revisionText.js';

/** Makes the history capability of one page screen. */
export const historyExtension: PageExtensionFactory = (ctx: PageContext): PageExtension => {
  const api = historyApi(ctx.paper.id, ctx.pageId);
  const mayWrite = () => mayWriteText(ctx.paper.role, ctx.page()?.status ?? 'draft');
  let panel: HistoryPanel | null = null;
  let dialog: VersionDialog | null = null;

  const restore = async (revision: RevisionView) => {
    const { revision: made } = await api.restore(revision.id);
    const said = `Restored ${versionNumber(revision).toLowerCase()} as ${versionNumber(made).toLowerCase()}.`;
    // Said once: in the open panel's status line, or else through the page's announcer.
    if (panel && isOpen()) {
      panel.say(said);
      void panel.refresh();
    } else ctx.announce(said);
  };

  const newDialog = () => {
    dialog?.close();
    dialog = new VersionDialog({ api, mayRestore: mayWrite, restore });
    return dialog;
  };

  const button = h('button', { type: 'button', 'aria-expanded': 'false', onclick: () => toggle() }, 'History');
  const isOpen = () => !!panel?.el.isConnected;
  const close = () => {
    if (panel) ctx.closePanel(panel.el);
    panel = null;
    button.focus();
  };
  /** Opens the panel (focusing its heading) unless it is open already; returns it. */
  const openPanel = (): HistoryPanel => {
    if (panel && isOpen()) return panel;
    const made = new HistoryPanel({
      api,
      mayWrite,
      open: (revision) => void newDialog().showRevision(revision.id),
      compare: (revision) => void newDialog().showDiff(revision.id, 'current'),
      restore,
      close,
    });
    panel = made;
    // Another capability's panel (comments ...) may take the place of ours: then the button is no longer expanded.
    ctx.showPanel(made.el, 'Version history', () => button.setAttribute('aria-expanded', 'false'));
    button.setAttribute('aria-expanded', 'true');
    const heading = made.el.querySelector('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
    void made.refresh();
    return made;
  };
  const toggle = () => {
    if (isOpen()) close();
    else openPanel();
  };

  const showLatest = async () => {
    try {
      const { latestChange: latest } = await api.list();
      if (!latest) {
        // Nothing saved to compare with yet: say so where it can be seen, in the history panel.
        const said = 'There is no earlier saved version to compare the latest change with yet. A version is saved after a minute without edits.';
        openPanel().say(said);
        return;
      }
      void newDialog().showDiff(latest.from, latest.to);
    } catch (err) {
      ctx.announce(messageOf(err));
    }
  };
  const onLatest = (event: Event) => {
    if ((event as CustomEvent<ShowLatestChangeDetail>).detail?.pageId === ctx.pageId) void showLatest();
  };
  document.addEventListener(SHOW_LATEST_CHANGE, onLatest);

  ctx.onLive('revisions:changed', ({ pageId }) => {
    if (pageId !== ctx.pageId) return;
    if (isOpen()) void panel?.refresh();
  });

  return {
    tools: button,
    pageChanged: () => panel?.syncRights(),
    destroy: () => {
      document.removeEventListener(SHOW_LATEST_CHANGE, onLatest);
      dialog?.close();
      dialog = null;
      panel = null;
    },
  };
};
