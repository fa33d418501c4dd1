/**
 * How a picture shows in the editor: a ProseMirror node view for the `image` node. The <img>
 * carries its description as alt and its width as the width="N%" attribute, never wider than the
 * column. For people who may edit, a selected picture shows a small toolbar ("Narrower", "Wider",
 * "Edit description") and a resize handle at its corner: dragging changes the width live and
 * stores it on release as one step; Alt+Shift+Left/Right does the same from the keyboard. Every
 * change goes through tr.setNodeMarkup, so collaborators see it and undo takes it back.
 */
import { NodeSelection, type Command } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import type { EditorView, NodeView } from 'prosemirror-view';
import { h } from '../../dom.js';
import { ApiRequestError } from '../../api.js';
import { IMAGE_WIDTH, imageWidth, quireFileSrc, schema } from '../../../shared/schema.js';
import { ImageDialog } from './imageDialog.js';

/** How much one key press or button press changes a picture's width, in percent of the column. */
export const WIDTH_STEP = 10;

/** A picture's width in percent: as stored, or as drawn now (a picture at natural size), or 100. */
function shownWidth(node: Node, dom: Element | null): number {
  const stored = imageWidth(node.attrs.width);
  if (stored !== null) return stored;
  const img = dom?.querySelector('img');
  const column = dom?.clientWidth ?? 0;
  if (!img || column <= 0) return IMAGE_WIDTH.max;
  return imageWidth((img.getBoundingClientRect().width / column) * 100) ?? IMAGE_WIDTH.max;
}

/** Sets the image at `pos` to `width` percent (clamped) and keeps it selected. */
export function setImageWidth(view: EditorView, pos: number, width: number): boolean {
  const node = view.state.doc.nodeAt(pos);
  if (!node || node.type !== schema.nodes.image || !view.editable) return false;
  const next = imageWidth(width);
  if (next === imageWidth(node.attrs.width)) return true;
  const tr = view.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, width: next });
  view.dispatch(tr.setSelection(NodeSelection.create(tr.doc, pos)));
  return true;
}

/** Changes the selected picture's width by `delta` percent; false when no picture is selected. */
export function resizeSelectedImage(delta: number): Command {
  return (state, dispatch, view) => {
    const sel = state.selection;
    if (!(sel instanceof NodeSelection) || sel.node.type !== schema.nodes.image) return false;
    if (!dispatch || !view) return true;
    return setImageWidth(view, sel.from, shownWidth(sel.node, view.nodeDOM(sel.from) as Element | null) + delta);
  };
}

export interface ImageViewOptions {
  announce(message: string): void;
}

/** The node view of one picture. */
export class ImageView implements NodeView {
  readonly dom: HTMLElement;
  private readonly frame = h('span', { class: 'image-frame' });
  private readonly img = h('img', { class: 'page-image' });
  private readonly tools: HTMLElement | null = null;
  private readonly widthText = h('span', { class: 'image-width-text' });
  /** Said to writers under a picture that came without a description (from an import, say). */
  private readonly missingAlt = h('p', { class: 'image-missing-alt' }, 'This picture has no description yet: select it and choose Edit description.');
  private node: Node;
  /** The "Edit description" dialog while open. */
  private dialog: ImageDialog | null = null;
  private dragging: { startX: number; startWidth: number; column: number; width: number } | null = null;

  constructor(
    node: Node,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
    private readonly options: ImageViewOptions,
  ) {
    this.node = node;
    this.frame.append(this.img);
    this.dom = h('div', { class: 'image-block' }, this.frame);
    if (view.editable) {
      const handle = h('span', { class: 'image-resize-handle', 'aria-hidden': 'true', title: 'Drag to resize' });
      handle.addEventListener('pointerdown', this.startDrag);
      this.frame.append(handle);
      const button = (label: string, title: string, action: () => void, shortcut?: string) => {
        const b = h('button', { type: 'button', class: 'small', title, 'aria-keyshortcuts': shortcut }, label);
        // Keep the picture selected in the editor: act without taking focus on mouse clicks.
        b.addEventListener('mousedown', (e) => e.preventDefault());
        b.addEventListener('click', action);
        return b;
      };
      this.tools = h(
        'div',
        { class: 'image-tools', role: 'group', 'aria-label': 'Picture' },
        button('Narrower', 'Narrower (Alt+Shift+Left)', () => this.resizeBy(-WIDTH_STEP), 'Alt+Shift+ArrowLeft'),
        button('Wider', 'Wider (Alt+Shift+Right)', () => this.resizeBy(WIDTH_STEP), 'Alt+Shift+ArrowRight'),
        this.widthText,
        button('Edit description', 'Edit the description (alt text)', () => this.editDescription()),
      );
      this.tools.hidden = true;
      this.dom.append(this.tools);
    }
    this.render();
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    if (!this.dragging) this.render();
    return true;
  }

  selectNode(): void {
    this.dom.classList.add('ProseMirror-selectednode');
    if (this.tools) this.tools.hidden = false;
  }

  deselectNode(): void {
    this.dom.classList.remove('ProseMirror-selectednode');
    if (this.tools) this.tools.hidden = true;
  }

  /** The toolbar and handle handle their own events; ProseMirror leaves them alone. */
  stopEvent(event: Event): boolean {
    const target = event.target as globalThis.Node | null;
    return !!target && (!!this.tools?.contains(target) || (target instanceof Element && target.classList.contains('image-resize-handle')));
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.dragging = null;
    this.dialog?.close();
  }

  private render() {
    const src = quireFileSrc(this.node.attrs.src);
    if (src && this.img.getAttribute('src') !== src) this.img.src = src;
    if (!src) this.img.removeAttribute('src');
    this.img.alt = String(this.node.attrs.alt ?? '');
    // In the page only while needed, so the text around pictures reads as the page's own.
    if (this.view.editable && this.img.alt.trim() === '') this.frame.after(this.missingAlt);
    else this.missingAlt.remove();
    this.showWidth(imageWidth(this.node.attrs.width));
  }

  /** Draws the picture at `width` percent of the column (null: natural size, at most the column). */
  private showWidth(width: number | null) {
    if (width === null) {
      this.img.removeAttribute('width');
      this.frame.classList.remove('sized');
      this.frame.style.removeProperty('width');
      this.widthText.textContent = 'Natural size';
    } else {
      this.img.setAttribute('width', `${width}%`);
      this.frame.classList.add('sized');
      this.frame.style.setProperty('width', `${width}%`);
      this.widthText.textContent = `${width}% of the column`;
    }
  }

  private resizeBy(delta: number) {
    const pos = this.getPos();
    if (pos === undefined) return;
    const width = imageWidth(shownWidth(this.node, this.dom) + delta);
    setImageWidth(this.view, pos, width ?? IMAGE_WIDTH.max);
    this.options.announce(`Picture width ${width}% of the column.`);
  }

  private editDescription() {
    this.dialog?.close();
    this.dialog = new ImageDialog({
      title: 'Edit the picture’s description',
      submitLabel: 'Save description',
      alt: String(this.node.attrs.alt ?? ''),
      submit: async (alt) => {
        const pos = this.getPos();
        const node = pos === undefined ? null : this.view.state.doc.nodeAt(pos);
        if (pos === undefined || !node || node.type !== schema.nodes.image) throw new ApiRequestError('The picture is no longer in the page.', 0, 'gone');
        const tr = this.view.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, alt });
        this.view.dispatch(tr.setSelection(NodeSelection.create(tr.doc, pos)));
        this.view.focus();
        this.options.announce('Saved the picture’s description.');
      },
    });
  }

  private readonly startDrag = (event: PointerEvent) => {
    if (event.button !== 0 || !this.view.editable) return;
    event.preventDefault();
    const handle = event.currentTarget as HTMLElement;
    handle.setPointerCapture(event.pointerId);
    const column = this.dom.clientWidth;
    const startWidth = shownWidth(this.node, this.dom);
    this.dragging = { startX: event.clientX, startWidth, column, width: startWidth };
    const move = (e: PointerEvent) => {
      const drag = this.dragging;
      if (!drag || drag.column <= 0) return;
      drag.width = imageWidth(drag.startWidth + ((e.clientX - drag.startX) / drag.column) * 100) ?? drag.startWidth;
      this.showWidth(drag.width);
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
      const drag = this.dragging;
      this.dragging = null;
      const pos = this.getPos();
      if (drag && pos !== undefined && drag.width !== drag.startWidth) setImageWidth(this.view, pos, drag.width);
      else this.render();
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };
}
