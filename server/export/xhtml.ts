/**
 * A small XHTML serializer for the server, where there is no DOM: it writes the DOMOutputSpec
 * arrays of shared/schema.ts (the same toDOM the editor uses) as text, escaping every text and
 * attribute value, closing void elements XML-style ("<br />") so the output is well-formed XML as
 * well as HTML. User text only ever reaches the output through escapeText and escapeAttr.
 */
import type { DOMOutputSpec } from 'prosemirror-model';

const VOID = new Set(['br', 'hr', 'img', 'col', 'meta', 'link', 'wbr']);
const NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
// Characters XML 1.0 forbids anywhere, even escaped (C0 controls except tab, LF and CR; lone surrogates; U+FFFE/U+FFFF).
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text made safe to place between tags. */
export function escapeText(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text made safe to place inside a double-quoted attribute value. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;').replace(/\r/g, '&#13;');
}

/** An element's attributes as text (leading space included); attributes with odd names or no value are left out. */
export function attrsText(attrs: Record<string, unknown> | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false || !NAME.test(name)) continue;
    out += ` ${name}="${escapeAttr(String(value))}"`;
  }
  return out;
}

/** An element from a tag, attributes and already-serialized content. */
export function element(tag: string, attrs: Record<string, unknown> | undefined, inner: string): string {
  if (!NAME.test(tag)) throw new RangeError(`Not an element name: ${tag}`);
  return VOID.has(tag) && inner === '' ? `<${tag}${attrsText(attrs)} />` : `<${tag}${attrsText(attrs)}>${inner}</${tag}>`;
}

/** What comes before and after the content hole ("0") of a spec; `hole` is false for specs without one. */
export interface SpecParts {
  before: string;
  after: string;
  hole: boolean;
}

const isAttrs = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Serializes a DOMOutputSpec, split at its content hole. */
export function specParts(spec: DOMOutputSpec): SpecParts {
  if (typeof spec === 'string') return { before: escapeText(spec), after: '', hole: false };
  if (!Array.isArray(spec)) throw new RangeError('Export serializes array DOMOutputSpecs only.');
  const [tagSpec, ...rest] = spec as readonly unknown[];
  const tag = String(tagSpec).split(' ').pop()!;
  if (!NAME.test(tag)) throw new RangeError(`Not an element name: ${tag}`);
  const attrs = isAttrs(rest[0]) ? (rest.shift() as Record<string, unknown>) : undefined;
  if (rest.length === 0 && VOID.has(tag)) return { before: `<${tag}${attrsText(attrs)} />`, after: '', hole: false };
  let before = `<${tag}${attrsText(attrs)}>`;
  let after = '';
  let hole = false;
  for (const child of rest) {
    if (child === 0) {
      if (hole) throw new RangeError('A DOMOutputSpec has two content holes.');
      hole = true;
      continue;
    }
    const part = specParts(child as DOMOutputSpec);
    if (part.hole) {
      if (hole) throw new RangeError('A DOMOutputSpec has two content holes.');
      before += part.before;
      after += part.after;
      hole = true;
    } else if (hole) after += part.before;
    else before += part.before;
  }
  return hole ? { before, after: `${after}</${tag}>`, hole } : { before: `${before}</${tag}>`, after: '', hole };
}
