/**
 * HTML to a page document. Every import (Markdown and Word are first turned into HTML) ends here:
 * the HTML is parsed into a DOM on the server (linkedom), walked once to note what will not be
 * kept and to bring in the pictures the file carries, and then read by ProseMirror's DOMParser
 * with Quire's one schema, so only what the schema allows (with its own link and picture checks)
 * reaches a page. The walk only removes or rewrites elements; it never decides safety itself.
 */
import { parseHTML } from 'linkedom';
import { DOMParser as PMDOMParser } from 'prosemirror-model';
import { schema, safeHref, type DocJSON } from '../../shared/schema.js';
import type { NotKept } from './notKept.js';
import type { ImportPictures } from './importImages.js';
import { badRequest } from '../errors.js';

/** Elements removed with everything inside them: script, embedded content, forms and media. */
const EMBEDDED = new Set(['script', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'textarea', 'video', 'audio', 'canvas', 'svg', 'math', 'template', 'link', 'meta', 'base', 'portal']);

/** Attributes that only carry looks. */
const LOOKS = ['style', 'color', 'bgcolor', 'face'];

/** Deepest nesting of elements imported; real documents stay far below it, and it keeps the walks' recursion bounded. */
const MOST_DEPTH = 200;
const TOO_DEEP = `This file nests its parts more than ${MOST_DEPTH} levels deep, so Quire cannot import it. Open it in a word processor, save it again and choose the new file.`;

/** A minimal view of the DOM nodes linkedom gives (the parts this walk uses). */
type El = Element & { tagName: string };

/** Parses HTML (a fragment or a whole document) into a page document, noting losses and placing pictures. */
export function htmlToDoc(html: string, notKept: NotKept, pictures: ImportPictures): DocJSON {
  const whole = /^\s*(<\?xml[^>]*>\s*)?(<!doctype[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<html[\s>]/i.test(html);
  let document: Document;
  try {
    ({ document } = parseHTML(whole ? html : `<!doctype html><html><head></head><body>${html}</body></html>`) as unknown as { document: Document });
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(TOO_DEEP);
    throw err;
  }
  // Scripts and styles in the head are gone with it; only their presence is worth saying.
  for (const el of Array.from(document.head?.querySelectorAll('script, style') ?? []) as El[]) {
    notKept.add(el.tagName.toLowerCase() === 'style' ? 'styles' : 'embedded', el.tagName.toLowerCase() === 'style' ? 'a style sheet' : '<script>');
  }
  const body = document.body as unknown as El;
  tidy(body, notKept, pictures, document, 0);
  const doc = PMDOMParser.fromSchema(schema).parse(body as unknown as Node);
  doc.check();
  return doc.toJSON() as DocJSON;
}

/** Walks the elements under `root` (depth first), removing, rewriting and counting. */
function tidy(root: El, notKept: NotKept, pictures: ImportPictures, document: Document, depth: number): void {
  if (depth > MOST_DEPTH) throw badRequest(TOO_DEEP);
  for (const el of Array.from(root.children) as El[]) {
    const tag = el.tagName.toLowerCase();
    if (EMBEDDED.has(tag)) {
      notKept.add('embedded', `<${tag}>`);
      el.remove();
      continue;
    }
    // A head (or its title) inside a fragment is the file's own furniture, not its text.
    if (tag === 'head' || tag === 'title') {
      el.remove();
      continue;
    }
    if (tag === 'style') {
      notKept.add('styles', 'a style sheet');
      el.remove();
      continue;
    }
    const looks = LOOKS.filter((name) => el.hasAttribute(name) && (name !== 'style' || lookingStyle(el.getAttribute('style') ?? '')));
    if (looks.length || tag === 'font') notKept.add('styles', looks.length ? `${looks[0]}="${el.getAttribute(looks[0])}"` : '<font>');
    if (/^h[4-6]$/.test(tag)) notKept.add('deepHeadings', el.textContent ?? '');
    if (tag === 'a' && el.hasAttribute('href') && !safeHref(el.getAttribute('href'))) {
      notKept.add('unsafeLinks', el.getAttribute('href') ?? '');
      el.removeAttribute('href');
    }
    // A link to a place in the same file (#note-1) has nowhere to go: a page keeps no element ids.
    if (tag === 'a' && (el.getAttribute('href') ?? '').trim().startsWith('#')) el.removeAttribute('href');
    if (tag === 'img') {
      placePicture(el, pictures);
      continue;
    }
    if (tag === 'pre') {
      notKept.add('code', (el.textContent ?? '').split('\n')[0]);
      el.replaceWith(...codeParagraphs(el.textContent ?? '', document));
      continue;
    }
    tidy(el, notKept, pictures, document, depth + 1);
  }
}

/** Whether a style attribute says anything beyond bold, italic, underline and strike (which the schema reads). */
function lookingStyle(style: string): boolean {
  return style
    .split(';')
    .map((rule) => rule.split(':')[0].trim().toLowerCase())
    .some((property) => property && !['font-weight', 'font-style', 'text-decoration', 'text-decoration-line'].includes(property));
}

/** Brings a picture in (its src becomes a Quire file URL) or removes it. */
function placePicture(img: El, pictures: ImportPictures): void {
  const placed = pictures.take(img.getAttribute('src') ?? '', img.getAttribute('alt') ?? '');
  const holder = img.parentElement as El | null;
  if (placed) {
    img.setAttribute('src', placed.src);
    img.setAttribute('alt', placed.alt);
  } else {
    img.remove();
  }
  // A picture is a block of its own: a paragraph that held only pictures would leave empty paragraphs around them.
  if (holder && holder.tagName.toLowerCase() === 'p' && (holder.textContent ?? '').trim() === '' && Array.from(holder.children).every((c) => (c as El).tagName.toLowerCase() === 'img')) {
    holder.replaceWith(...Array.from(holder.children));
  }
}

/** A code block's lines as plain paragraphs (blank lines dropped), so its text survives the schema. */
function codeParagraphs(text: string, document: Document): Node[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    });
}
