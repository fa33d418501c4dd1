/**
 * Opening a page at some words: a page address with `?find=<text>` (and optionally `&block=<n>`,
 * the text block the words are in, counted from 0 as the confidentiality check counts them)
 * selects the first match of that text once the page's text is on screen, preferring the named
 * block, and scrolls to it. It happens once per visit; if the text is not on the page (it was
 * fixed since), the page says so.
 */
import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node as PmNode } from 'prosemirror-model';
import type { PageExtensionFactory } from './pageExtensions.js';
import { selectRange } from '../editor/selectRange.js';

/** The address of a page that opens with `text` selected (in block `block`, if given). */
export function findHref(pageHref: string, text: string, block?: number | null): string {
  const query = new URLSearchParams({ find: text });
  if (block !== null && block !== undefined) query.set('block', String(block));
  return `${pageHref}?${query.toString()}`;
}

/** Where `text` is in a document: in text block `preferred` if it is there, else its first match; null if nowhere. */
export function locateText(doc: PmNode, text: string, preferred: number | null): { from: number; to: number } | null {
  let first: { from: number; to: number } | null = null;
  let inPreferred: { from: number; to: number } | null = null;
  let index = 0;
  doc.descendants((node, pos) => {
    if (inPreferred || !node.isTextblock) return !inPreferred;
    // The block's text as the check read it (a line break or other inline leaf counts as a space), with each character's position.
    let plain = '';
    const at: number[] = [];
    node.forEach((child, offset) => {
      const start = pos + 1 + offset;
      if (child.isText) {
        for (let i = 0; i < child.text!.length; i++) at.push(start + i);
        plain += child.text;
      } else {
        at.push(start);
        plain += ' ';
      }
    });
    const found = plain.indexOf(text);
    if (found >= 0) {
      const range = { from: at[found], to: at[found + text.length - 1] + 1 };
      if (index === preferred) inPreferred = range;
      first ??= range;
    }
    index += 1;
    return false;
  });
  return inPreferred ?? first;
}

export const findTextExtension: PageExtensionFactory = (ctx) => {
  const query = new URLSearchParams(location.search);
  const wanted = query.get('find');
  if (!wanted) return {};
  const blockParam = query.get('block');
  const block = blockParam !== null && /^\d+$/.test(blockParam) ? Number(blockParam) : null;
  let done = false;

  /** Selects the words if they are on screen yet; true once done. */
  const attempt = (view: EditorView): boolean => {
    if (done) return true;
    const range = locateText(view.state.doc, wanted, block);
    if (!range) return false;
    done = true;
    selectRange(view, range);
    ctx.announce(`Selected “${wanted}” on this page.`);
    return true;
  };

  /** Once the page has synced with the server and the words are still missing, say so (once). */
  const giveUpWhenSynced = (view: EditorView) => {
    const provider = ctx.connection.provider;
    const check = () => {
      if (done || !provider.synced) return;
      // The sync's changes reach the editor in the same turn; look once more after them.
      queueMicrotask(() => {
        if (attempt(view) || done) return;
        done = true;
        ctx.announce(`“${wanted}” is not on this page any more; it may have been changed since the check.`);
      });
    };
    if (provider.synced) check();
    else provider.once('sync', check);
  };

  return {
    plugins: [
      new Plugin({
        view: () => ({
          // Not in the middle of ProseMirror's own update: select just after it.
          update: (view) => {
            if (!done) queueMicrotask(() => !view.isDestroyed && attempt(view));
          },
        }),
      }),
    ],
    editorReady(view) {
      if (!attempt(view)) giveUpWhenSynced(view);
    },
  };
};
