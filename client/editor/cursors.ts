/**
 * Other people's carets and selections in the editor. Awareness states come from other clients,
 * so they are untrusted: names become text nodes and colours must be plain #rrggbb. Colours are
 * set through CSSOM (element.style), never a style attribute, so the Content Security Policy's
 * style-src 'self' (no 'unsafe-inline') allows them; y-prosemirror's default builders use
 * setAttribute('style', ...), which that policy blocks.
 */
import type { DecorationAttrs } from 'prosemirror-view';

const COLOR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOR = '#4b5563';
const MAX_NAME = 100;

/** The awareness `user` field each client publishes. */
export interface CursorUser {
  name?: unknown;
  color?: unknown;
}

/** A safe #rrggbb colour for an awareness state (grey when missing or malformed). */
export function cursorColor(user: CursorUser): string {
  return typeof user.color === 'string' && COLOR.test(user.color) ? user.color : FALLBACK_COLOR;
}

/** A display name for an awareness state, cut to a sane length. */
export function cursorName(user: CursorUser): string {
  return typeof user.name === 'string' && user.name.trim() ? user.name.slice(0, MAX_NAME) : 'Someone';
}

/** Another person's caret with their name on their colour, built from DOM nodes only. */
export function cursorBuilder(user: CursorUser): HTMLElement {
  const color = cursorColor(user);
  const caret = document.createElement('span');
  caret.className = 'ProseMirror-yjs-cursor';
  caret.style.setProperty('border-color', color);
  const label = document.createElement('div');
  label.style.setProperty('background-color', color);
  label.textContent = cursorName(user);
  // Word joiners keep the caret from breaking a line on its own.
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/**
 * The attributes of another person's selection highlight. ProseMirror applies a decoration's
 * `style` through `style.cssText` (CSSOM), which CSP allows; the colour is validated first so an
 * awareness state cannot smuggle in other declarations.
 */
export function selectionBuilder(user: CursorUser): DecorationAttrs {
  return { class: 'ProseMirror-yjs-selection', style: `background-color: ${cursorColor(user)}40` };
}
