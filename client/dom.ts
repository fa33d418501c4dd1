/**
 * A tiny element builder so views stay plain DOM without a framework: `h('button', {type:
 * 'button', onclick}, 'Save')`. Attributes go through setAttribute (so aria-* and for= work);
 * keys starting with "on" become listeners. Text children are always text nodes, never HTML.
 * Under the Content Security Policy some attributes can only be mistakes, so they throw at once:
 * a string "on..." handler, a style attribute, and a URL attribute with an unsafe protocol.
 */
import { safeHref } from '../shared/schema.js';

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element with attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) {
      // A string here would become an inline handler, which the CSP blocks and we never want.
      if (typeof value !== 'function') throw new RangeError(`h(): ${key} must be a function, not ${typeof value}.`);
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === 'style') {
      throw new RangeError('h(): set styles with a class or element.style (CSSOM); the CSP blocks style attributes.');
    } else if ((key === 'href' || key === 'src' || key === 'action' || key === 'formaction') && !safeHref(value)) {
      throw new RangeError(`h(): unsafe ${key} ${JSON.stringify(String(value))}.`);
    } else if (key === 'value' && 'value' in el) {
      (el as HTMLInputElement).value = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays flattened, falsy skipped, strings as text). */
export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let idCounter = 0;
/** A document-unique id for label/for and aria-describedby pairs. */
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
