/**
 * Quire's one ProseMirror schema. Client, server, export and tests all import it from here.
 * Each node and mark says the DOM form it takes. The page title lives outside the document
 * (in the page tree), so headings stop at level 3.
 */
import { Schema, type NodeSpec, type MarkSpec, type DOMOutputSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';
import { limits } from './limits.js';

/** Link protocols we keep; anything else (javascript:, data:, vbscript: ...) is dropped. */
export const SAFE_LINK_PROTOCOLS = ['http:', 'https:', 'mailto:', 'tel:'] as const;

// Relative links are resolved against this made-up origin, so that one that reaches another
// host ("//evil.example", "/\\evil.example") can be told from one that stays on the page's site.
const RELATIVE_BASE = 'https://relative.invalid/';
const RELATIVE_ORIGIN = new URL(RELATIVE_BASE).origin;

/**
 * Returns the href if it is safe to render, or null. Relative links and #anchors are allowed;
 * absolute ones only with a protocol in SAFE_LINK_PROTOCOLS. The decision uses the WHATWG URL
 * parser (the browser's own), so tabs, newlines, control characters, odd case and backslashes
 * mean here what they will mean when the link is followed; a link that does not parse is dropped.
 */
export function safeHref(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const href = raw.trim();
  if (href.length === 0 || href.length > limits.linkHrefChars) return null;
  let url: URL;
  try {
    url = new URL(href, RELATIVE_BASE);
  } catch {
    return null;
  }
  if (!(SAFE_LINK_PROTOCOLS as readonly string[]).includes(url.protocol)) return null;
  // What looks like a scheme once blanks and control characters are ignored must be the scheme the
  // parser read ("java script:" is not); without one, the link must stay on this site.
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(href.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''))?.[1].toLowerCase();
  if (scheme ? scheme !== url.protocol : url.origin !== RELATIVE_ORIGIN) return null;
  return href;
}

const pDOM: DOMOutputSpec = ['p', 0];
const blockquoteDOM: DOMOutputSpec = ['blockquote', 0];
const hrDOM: DOMOutputSpec = ['hr'];
const brDOM: DOMOutputSpec = ['br'];

const baseNodes: Record<string, NodeSpec> = {
  /** The page body: one or more blocks. */
  doc: { content: 'block+' },

  /** <p> */
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => pDOM,
  },

  /** <h1> to <h3>; h4-h6 are folded into h3 on paste. */
  heading: {
    attrs: { level: { default: 1, validate: 'number' } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [
      { tag: 'h1', attrs: { level: 1 } },
      { tag: 'h2', attrs: { level: 2 } },
      { tag: 'h3', attrs: { level: 3 } },
      { tag: 'h4', attrs: { level: 3 } },
      { tag: 'h5', attrs: { level: 3 } },
      { tag: 'h6', attrs: { level: 3 } },
    ],
    toDOM: (node) => ['h' + Math.min(3, Math.max(1, Number(node.attrs.level) || 1)), 0],
  },

  /** <blockquote> */
  blockquote: {
    content: 'block+',
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'blockquote' }],
    toDOM: () => blockquoteDOM,
  },

  /** <hr> */
  horizontal_rule: {
    group: 'block',
    parseDOM: [{ tag: 'hr' }],
    toDOM: () => hrDOM,
  },

  /** <ul> of list items */
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },

  /** <ol start=n> of list items */
  ordered_list: {
    attrs: { order: { default: 1, validate: 'number' } },
    content: 'list_item+',
    group: 'block',
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => {
          const start = (dom as HTMLElement).getAttribute('start');
          return { order: start ? Math.max(0, parseInt(start, 10) || 1) : 1 };
        },
      },
    ],
    toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs.order) }, 0]),
  },

  /** <li>: a paragraph first, then any blocks (nested lists). */
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },

  /** Plain text. */
  text: { group: 'inline' },

  /** <br> */
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => brDOM,
  },
};

/**
 * Where a page's pictures live: Quire's own file store, `/api/papers/<paperId>/files/<fileId>`.
 * An image whose src is anything else (another site, data:, javascript:) is dropped when parsed
 * and rendered without a src, so a page never makes the browser fetch from elsewhere.
 */
const QUIRE_FILE_SRC = /^\/api\/papers\/[A-Za-z0-9_-]{1,64}\/files\/[A-Za-z0-9_-]{1,64}$/;

/** Returns src if it names a file in Quire's own store, or null. */
export function quireFileSrc(raw: unknown): string | null {
  return typeof raw === 'string' && QUIRE_FILE_SRC.test(raw) ? raw : null;
}

/** The narrowest and widest an image may be drawn, as a percentage of the text column. */
export const IMAGE_WIDTH = { min: 10, max: 100 } as const;

/** An image width as stored: a whole percentage within IMAGE_WIDTH, or null (natural size, at most the column). */
export function imageWidth(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseFloat(raw) : NaN;
  if (!Number.isFinite(n)) return null;
  return Math.round(Math.min(IMAGE_WIDTH.max, Math.max(IMAGE_WIDTH.min, n)));
}

const imageNode: NodeSpec = {
  /**
   * <img src alt width="N%">: a picture from Quire's file store, a block of its own. The alt text
   * is required by the editor (the person inserting it writes it); width is a percentage of the
   * column or null. Written as the width attribute, not a style, so the page's CSP needs no inline styles.
   */
  attrs: { src: { validate: 'string' }, alt: { default: '', validate: 'string' }, width: { default: null } },
  group: 'block',
  atom: true,
  draggable: true,
  parseDOM: [
    {
      tag: 'img[src]',
      getAttrs: (dom) => {
        const el = dom as HTMLElement;
        const src = quireFileSrc(el.getAttribute('src'));
        if (!src) return false;
        const width = (el.getAttribute('width') ?? '').trim();
        return { src, alt: el.getAttribute('alt') ?? '', width: width.endsWith('%') ? imageWidth(width) : null };
      },
    },
  ],
  toDOM: (node) => {
    const attrs: Record<string, string> = { alt: String(node.attrs.alt ?? '') };
    const src = quireFileSrc(node.attrs.src);
    if (src) attrs.src = src;
    const width = imageWidth(node.attrs.width);
    if (width !== null) attrs.width = `${width}%`;
    return ['img', attrs];
  },
};

/** <table><tr><td|th>: cells hold blocks; colspan, rowspan and column widths as prosemirror-tables keeps them. */
const tables = tableNodes({ tableGroup: 'block', cellContent: 'block+', cellAttributes: {} });

const marks: Record<string, MarkSpec> = {
  /** <a href> with a safe protocol only; unsafe links are dropped when parsed. */
  link: {
    attrs: { href: { validate: 'string' }, title: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => {
          const href = safeHref((dom as HTMLElement).getAttribute('href'));
          return href ? { href, title: (dom as HTMLElement).getAttribute('title') } : false;
        },
      },
    ],
    toDOM: (mark) => {
      const href = safeHref(mark.attrs.href) ?? '#';
      const attrs: Record<string, string> = { href, rel: 'noopener noreferrer nofollow' };
      if (mark.attrs.title) attrs.title = String(mark.attrs.title);
      return ['a', attrs, 0];
    },
  },

  /** <strong> */
  bold: {
    parseDOM: [
      { tag: 'strong' },
      { tag: 'b', getAttrs: (node) => (node as HTMLElement).style.fontWeight !== 'normal' && null },
      { style: 'font-weight=400', clearMark: (m) => m.type.name === 'bold' },
      { style: 'font-weight', getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value as string) && null },
    ],
    toDOM: () => ['strong', 0],
  },

  /** <em> */
  italic: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0],
  },

  /** <u> */
  underline: {
    parseDOM: [{ tag: 'u' }, { style: 'text-decoration=underline' }],
    toDOM: () => ['u', 0],
  },

  /** <s> */
  strike: {
    parseDOM: [{ tag: 's' }, { tag: 'del' }, { tag: 'strike' }, { style: 'text-decoration=line-through' }],
    toDOM: () => ['s', 0],
  },
};

/** The schema every Quire page body follows. */
export const schema = new Schema({ nodes: { ...baseNodes, image: imageNode, ...tables }, marks });

/** The ProseMirror JSON of a document. */
export type DocJSON = { type: 'doc'; content?: unknown[] };

/** The body of a brand-new page: one empty paragraph. */
export const EMPTY_DOC: DocJSON = { type: 'doc', content: [{ type: 'paragraph' }] };
