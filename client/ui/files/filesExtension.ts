/**
 * Pictures and attachments on the page screen: an "Attachments" button with the number of files
 * that opens the Attachments panel; an "Insert image" button in the formatting toolbar; pictures
 * pasted or dropped into the text (a PNG or JPEG opens the picture dialog, any other file becomes
 * an attachment linked where it was dropped); the picture node view with its resize controls; and
 * Alt+Shift+Left/Right to resize a selected picture. The list follows the server's 'files:changed'
 * events, so everyone sees new and deleted files live. Readers and reviewers see pictures and the
 * list but no controls to add, resize or delete; an approved page is read-only for authors.
 */
import { NodeSelection, Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { h, uniqueId } from '../../dom.js';
import { mayWriteText } from '../../../shared/pageStatus.js';
import { quireFileSrc } from '../../../shared/schema.js';
import { PLACEABLE_IMAGE_TYPES, type FileView } from '../../../shared/files.js';
import type { PageContext, PageExtension, PageExtensionFactory } from '../pageExtensions.js';
import { AttachmentsPanel } from './attachmentsPanel.js';
import type { ImageDialog } from './imageDialog.js';
import { filesApi } from './filesApi.js';
import { takeFiles, type InsertTarget } from './imageInsert.js';
import { ImageView, resizeSelectedImage, WIDTH_STEP } from './imageView.js';

/** How many pictures in pasted HTML point somewhere other than Quire's own file store (and so are dropped). */
export function foreignPictures(html: string): number {
  // An inert document: nothing in it loads or runs; it is only counted.
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('img')].filter((img) => !quireFileSrc(img.getAttribute('src'))).length;
}

/** Makes the pictures-and-attachments capability of one page screen. */
export const filesExtension: PageExtensionFactory = (ctx: PageContext): PageExtension => {
  const api = filesApi(ctx.paper.id, ctx.pageId);
  const mayAdd = () => mayWriteText(ctx.paper.role, ctx.page()?.status ?? 'draft');
  const mayDelete = (file: FileView) => ctx.paper.role === 'editor' || file.uploadedBy?.id === ctx.user.id;
  let files: FileView[] = [];
  let panel: AttachmentsPanel | null = null;
  let destroyed = false;
  let generation = 0;

  const countLabel = h('span', { class: 'attachments-count' });
  const button = h('button', { type: 'button', 'aria-expanded': 'false', onclick: () => (isOpen() ? close() : open()) }, 'Attachments ', countLabel);
  const uploads = h('span', { class: 'editor-uploads' });
  const renderCount = () => {
    countLabel.textContent = `(${files.length})`;
    button.setAttribute('aria-label', `Attachments, ${files.length} file${files.length === 1 ? '' : 's'}`);
  };
  renderCount();

  /** Fetches the list again; a later call's answer wins over an earlier one's. */
  const refresh = async () => {
    const mine = ++generation;
    try {
      const list = (await api.list()).files;
      if (destroyed || mine !== generation) return;
      files = list;
      renderCount();
      panel?.setFiles(files);
    } catch {
      // Offline or refused: the last list stays; the next 'files:changed' tries again.
    }
  };

  const isOpen = () => !!panel?.el.isConnected;
  const close = () => {
    if (panel) ctx.closePanel(panel.el);
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  const open = () => {
    panel ??= new AttachmentsPanel({
      api,
      paperId: ctx.paper.id,
      pageId: ctx.pageId,
      mayAdd,
      mayDelete,
      changed: () => void refresh(),
      close,
    });
    panel.setFiles(files);
    ctx.showPanel(panel.el, 'Attachments', () => button.setAttribute('aria-expanded', 'false'));
    button.setAttribute('aria-expanded', 'true');
    panel.focus();
    void refresh();
  };

  // Picture dialogs open on this page, closed (and their uploads stopped) when the person leaves it.
  const dialogs = new Set<ImageDialog>();
  const track = (dialog: ImageDialog) => {
    dialogs.add(dialog);
    dialog.dialog.addEventListener('close', () => dialogs.delete(dialog));
  };

  const target: InsertTarget = {
    paperId: ctx.paper.id,
    pageId: ctx.pageId,
    view: () => ctx.view(),
    announce: (message) => ctx.announce(message),
    showProgress: (progress) => {
      uploads.append(progress.el);
      return () => progress.el.remove();
    },
    attached: () => void refresh(),
  };

  /** The toolbar's "Insert image" button and the file picker it opens. */
  const insertImageButton = (view: EditorView): HTMLElement[] => {
    const inputId = uniqueId('insert-image-input');
    const input = h('input', { id: inputId, type: 'file', accept: PLACEABLE_IMAGE_TYPES.join(','), class: 'visually-hidden', tabindex: -1 });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.value = '';
      if (file) takeFiles(target, [file], view.state.selection.from, track);
    });
    const pick = h('button', { type: 'button', class: 'tool', 'aria-label': 'Insert image', title: 'Insert a picture (PNG or JPEG)' }, '▣ Image');
    pick.addEventListener('mousedown', (e) => e.preventDefault());
    pick.addEventListener('click', () => input.click());
    return [pick, h('label', { for: inputId, class: 'visually-hidden' }, 'Picture to insert'), input];
  };

  const plugin = new Plugin({
    // Read by the formatting toolbar (client/editor/toolbar.ts ToolbarButtonsSpec); the toolbar is only made for writers.
    toolbarButtons: insertImageButton,
    props: {
      nodeViews: {
        image: (node, view, getPos) => new ImageView(node, view, getPos, { announce: target.announce }),
      },
      handlePaste(view, event) {
        const data = event.clipboardData;
        const pasted = [...(data?.files ?? [])];
        // Word and Excel put a picture of the copied text beside it on the clipboard: when there is
        // text, the text is what the person meant to paste.
        const text = data?.getData('text/plain').trim() ?? '';
        if (pasted.length > 0 && text === '') {
          if (!view.editable) return false;
          event.preventDefault();
          return takeFiles(target, pasted, view.state.selection.from, track);
        }
        const html = data?.getData('text/html') ?? '';
        if (html && /<img\b/i.test(html)) {
          const dropped = foreignPictures(html);
          if (dropped > 0) ctx.announce(`${dropped === 1 ? '1 picture' : `${dropped} pictures`} from another site ${dropped === 1 ? 'was' : 'were'} not pasted; upload ${dropped === 1 ? 'it' : 'them'} instead.`);
        }
        return false;
      },
      handleDrop(view, event, _slice, moved) {
        const dropped = [...(event.dataTransfer?.files ?? [])];
        if (moved || dropped.length === 0 || !view.editable) return false;
        event.preventDefault();
        const pos = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? view.state.selection.from;
        return takeFiles(target, dropped, pos, track);
      },
      handleKeyDown(view, event) {
        if (!view.editable || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return false;
        const delta = event.key === 'ArrowLeft' ? -WIDTH_STEP : event.key === 'ArrowRight' ? WIDTH_STEP : 0;
        if (!delta || !resizeSelectedImage(delta)(view.state, view.dispatch, view)) return false;
        event.preventDefault();
        const selected = view.state.selection;
        if (selected instanceof NodeSelection && selected.node.attrs.width !== null) ctx.announce(`Picture width ${String(selected.node.attrs.width)}% of the column.`);
        return true;
      },
    },
  });

  ctx.onLive('files:changed', ({ pageId }) => {
    if (pageId === ctx.pageId) void refresh();
  });
  void refresh();

  // A file dropped anywhere else would make the browser open it in place of Quire: over anything
  // but the editable text and the Attachments panel (which take files), dropping is refused.
  const guardDrop = (event: DragEvent) => {
    if (event.defaultPrevented || !event.dataTransfer?.types.includes('Files')) return;
    const over = event.target instanceof Element ? event.target : null;
    if (over?.closest('.ProseMirror[contenteditable="true"]')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'none';
  };
  window.addEventListener('dragover', guardDrop);
  window.addEventListener('drop', guardDrop);

  return {
    tools: h('span', { class: 'attachments-tools' }, button, uploads),
    plugins: [plugin],
    pageChanged: () => panel?.renderAccess(),
    destroy: () => {
      destroyed = true;
      window.removeEventListener('dragover', guardDrop);
      window.removeEventListener('drop', guardDrop);
      for (const dialog of dialogs) dialog.close();
      panel = null;
    },
  };
};
