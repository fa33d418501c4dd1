/**
 * Putting files into the page's text. A PNG or JPEG (picked, pasted or dropped) opens the picture
 * dialog; once described it is uploaded with its progress shown, then placed as an image node where
 * the person chose. That place is kept as a Yjs relative position, so it follows everyone's edits
 * made meanwhile (y-prosemirror replaces the whole document for remote changes, which would lose a
 * plain number). Any other file is uploaded as an attachment and a link to it, named for the file,
 * goes at that place; pictures of other types (GIF, WebP, SVG) go the same way, with a word on why.
 */
import { NodeSelection, TextSelection } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import { schema } from '../../../shared/schema.js';
import { PLACEABLE_IMAGE_TYPES, type FileView } from '../../../shared/files.js';
import type { YMapping } from '../../../shared/commentAnchors.js';
import { ApiRequestError } from '../../api.js';
import { messageOf } from '../forms.js';
import { ImageDialog } from './imageDialog.js';
import { uploadFile, uploadRefusal, wasCancelled, type Upload } from './uploadFile.js';
import { UploadProgress } from './uploadProgress.js';

/** What the insert flow needs from the page screen. */
export interface InsertTarget {
  paperId: string;
  pageId: string;
  view(): EditorView | null;
  announce(message: string): void;
  /** Shows an attachment upload's progress somewhere on the page (returns a way to remove it). */
  showProgress(progress: UploadProgress): () => void;
  /** An attachment was added (the list may want to look again). */
  attached?(file: FileView): void;
}

/** Whether a file is a picture that can be placed in the page (by its declared type; the server checks the content). */
export function isPlaceableImage(file: File): boolean {
  return (PLACEABLE_IMAGE_TYPES as readonly string[]).includes(file.type);
}

/** Whether a file looks like a picture of a type that cannot be placed (GIF, WebP, SVG ...). */
function isOtherPicture(file: File): boolean {
  return file.type.startsWith('image/') && !isPlaceableImage(file);
}

type Binding = { doc: Y.Doc; type: Y.XmlFragment; mapping: YMapping };

/** y-prosemirror's binding of an editor to its Yjs document, once it exists. */
function bindingOf(view: EditorView): Binding | null {
  return (ySyncPluginKey.getState(view.state) as { binding?: Binding } | undefined)?.binding ?? null;
}

/**
 * A position in the page that follows edits until it is read back (null once it cannot be
 * found). It is read against whichever editor shows the page then: the page screen makes a new
 * one when the person's access changes, over the same Yjs document.
 */
export function trackPosition(view: EditorView, pos: number): (live: EditorView) => number | null {
  const binding = bindingOf(view);
  if (!binding) return (live) => Math.min(pos, live.state.doc.content.size);
  const relative = absolutePositionToRelativePosition(pos, binding.type, binding.mapping);
  return (live) => {
    const now = bindingOf(live);
    const at = now ? relativePositionToAbsolutePosition(now.doc, now.type, relative, now.mapping) : null;
    return at === null ? null : Math.min(at, live.state.doc.content.size);
  };
}

/** Where the image node with this src nearest `near` is in `doc`, or null. */
function imageNear(doc: PMNode, src: string, near: number): number | null {
  let best: number | null = null;
  doc.descendants((node, pos) => {
    if (node.type === schema.nodes.image && node.attrs.src === src && (best === null || Math.abs(pos - near) < Math.abs(best - near))) best = pos;
    return node.isBlock && !node.isTextblock;
  });
  return best;
}

/** Places an image node at `pos` (or the nearest place a block fits) and selects it, in one step. */
export function placeImage(view: EditorView, pos: number, attrs: { src: string; alt: string; width?: number | null }): void {
  const node = schema.nodes.image.create({ src: attrs.src, alt: attrs.alt, width: attrs.width ?? null });
  const at = Math.max(0, Math.min(pos, view.state.doc.content.size));
  const tr = view.state.tr.replaceRangeWith(at, at, node);
  const placed = imageNear(tr.doc, attrs.src, tr.mapping.map(at, -1));
  if (placed !== null) tr.setSelection(NodeSelection.create(tr.doc, placed));
  view.dispatch(tr.scrollIntoView());
}

/** Opens the picture dialog for a PNG or JPEG; on "Insert picture" uploads it and places it at `pos`. */
export function insertImage(target: InsertTarget, file: File, pos: number): ImageDialog | null {
  const view = target.view();
  if (!view) return null;
  const refusal = uploadRefusal(file, 'image');
  const where = trackPosition(view, pos);
  let upload: Upload | null = null;
  let stored: FileView | null = null;
  const dialog = new ImageDialog({
    title: 'Insert a picture',
    submitLabel: 'Insert picture',
    alt: '',
    preview: file,
    cancelled: () => upload?.cancel(),
    submit: async (alt, d) => {
      if (refusal) throw new ApiRequestError(refusal, 413, 'too_large');
      // A retry after the picture was stored (but not placed) does not send it again.
      if (!stored) {
        const progress = new UploadProgress(file.name, () => upload?.cancel());
        d.progressArea.replaceChildren(progress.el);
        try {
          upload = uploadFile({ paperId: target.paperId, pageId: target.pageId, file, purpose: 'image', onProgress: (sent, total) => progress.set(sent, total) });
          stored = await upload.done;
        } finally {
          upload = null;
          d.progressArea.replaceChildren();
        }
      }
      const live = target.view();
      if (!live || !live.editable) throw new ApiRequestError('The page can no longer be changed here, so the picture was not placed. It is stored: try again once you can edit.', 0, 'read_only');
      placeImage(live, where(live) ?? live.state.selection.from, { src: stored.url, alt });
      live.focus();
      target.announce(`Inserted the picture ${file.name}.`);
    },
  });
  if (refusal) dialog.showError(refusal);
  return dialog;
}

/** Uploads a file as an attachment, showing its progress, and puts a link to it at `pos` (if given). */
export async function attachFile(target: InsertTarget, file: File, pos: number | null, note = ''): Promise<void> {
  const view = target.view();
  const refusal = uploadRefusal(file, 'attachment');
  if (refusal) {
    target.announce(`${file.name} was not added: ${refusal}`);
    return;
  }
  const where = view && pos !== null ? trackPosition(view, pos) : null;
  let upload: Upload | null = null;
  const progress = new UploadProgress(file.name, () => upload?.cancel());
  const remove = target.showProgress(progress);
  try {
    upload = uploadFile({ paperId: target.paperId, pageId: target.pageId, file, purpose: 'attachment', onProgress: (sent, total) => progress.set(sent, total) });
    const stored = await upload.done;
    target.attached?.(stored);
    const live = target.view();
    const at = live && where ? where(live) : null;
    if (live && live.editable && at !== null) insertLink(live, at, stored.name, stored.url);
    target.announce(`Added ${stored.name} to the page's attachments.${note ? ` ${note}` : ''}`);
  } catch (err) {
    target.announce(wasCancelled(err) ? `The upload of ${file.name} was cancelled.` : `${file.name} was not added: ${messageOf(err)}`);
  } finally {
    remove();
  }
}

/** Inserts `text` linked to `href` at `pos`, followed by a space, inside the nearest text block. */
function insertLink(view: EditorView, pos: number, text: string, href: string): void {
  const { state } = view;
  const $pos = state.doc.resolve(pos);
  const link = schema.marks.link.create({ href });
  const textNode = schema.text(text, [link]);
  let tr = state.tr;
  if ($pos.parent.inlineContent) tr = tr.insert(pos, [textNode, schema.text(' ')]);
  else tr = tr.replaceRangeWith(pos, pos, schema.nodes.paragraph.create(null, textNode));
  const after = tr.mapping.map(pos, 1);
  view.dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(after, tr.doc.content.size)))).scrollIntoView());
}

/**
 * Takes files the person pasted or dropped at `pos`: the first PNG or JPEG opens the picture
 * dialog (handed to `opened`); every other file becomes an attachment linked from the text.
 * Returns whether it took any.
 */
export function takeFiles(target: InsertTarget, files: readonly File[], pos: number, opened?: (dialog: ImageDialog) => void): boolean {
  if (files.length === 0) return false;
  const picture = files.find(isPlaceableImage);
  for (const file of files) {
    if (file === picture) continue;
    const note = isOtherPicture(file)
      ? 'Only PNG and JPEG pictures can be placed in the page, so it is linked instead.'
      : isPlaceableImage(file)
        ? 'One picture is placed at a time, so it is linked instead: drop or paste it on its own to place it.'
        : '';
    void attachFile(target, file, pos, note);
  }
  const dialog = picture ? insertImage(target, picture, pos) : null;
  if (dialog) opened?.(dialog);
  return true;
}
