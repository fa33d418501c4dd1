/**
 * Text formatting as Yjs stores it and as a diff shows it. y-prosemirror keeps each mark of a text
 * run as a Yjs format attribute named after the mark (with a hash suffix for marks that may overlap)
 * whose value is the mark's attributes, and null where the mark ends. Walking a Y.XmlText in order
 * and applying the format items a version shows gives the formatting of each piece of text in that
 * version; this module turns such attributes into ProseMirror marks of the diff schema and says in
 * words what the older formatting was.
 */
import type * as Y from 'yjs';
import type { Mark } from 'prosemirror-model';
import { diffSchema } from '../../../shared/diffSchema.js';

/** One format attribute as a version sees it at some point of a text: its value and the item that set it. */
export interface FormatSetter {
  value: unknown;
  item: Y.Item;
}

/** The format attributes in force at a point of a text, by attribute name. */
export type Formatting = Map<string, FormatSetter>;

const CHANGE_MARKS = new Set(['insertion', 'deletion', 'format_change']);

/** The mark name of a y-prosemirror attribute name (drops the hash of overlapping marks). */
function markName(attr: string): string {
  return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(attr)?.[1] ?? attr;
}

/** JSON with sorted keys, so that equal attribute objects compare equal. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== null && obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
    .join(',')}}`;
}

/** The marks in force, by mark name, each as stable JSON of its attributes (marks not in the schema are left out). */
function activeMarks(f: Formatting): Map<string, { attrs: Record<string, unknown>; key: string }> {
  const out = new Map<string, { attrs: Record<string, unknown>; key: string }>();
  for (const [attr, setter] of f) {
    if (setter.value === null || setter.value === undefined) continue;
    const name = markName(attr);
    if (!diffSchema.marks[name] || CHANGE_MARKS.has(name)) continue;
    const attrs = typeof setter.value === 'object' ? (setter.value as Record<string, unknown>) : {};
    out.set(name, { attrs, key: stableJson(attrs) });
  }
  return out;
}

/** The formatting marks of text under these attributes. Marks whose attributes the schema refuses are left out. */
export function formattingMarks(f: Formatting): Mark[] {
  const marks: Mark[] = [];
  for (const [name, { attrs }] of activeMarks(f)) {
    try {
      const mark = diffSchema.marks[name].create(attrs);
      diffSchema.text('x', [mark]).check();
      marks.push(mark);
    } catch {
      // A mark with attributes the schema no longer accepts: show the text without it.
    }
  }
  return marks;
}

const PRESENT: Record<string, string> = { bold: 'bold', italic: 'italic', underline: 'underlined', strike: 'struck through' };

/** A mark in words, as the older version had it ("bold", "link to https://...") or did not ("not bold", "no link"). */
function phrase(name: string, attrs: Record<string, unknown> | null): string {
  if (name === 'link') return attrs ? `link to ${String(attrs.href)}` : 'no link';
  const word = PRESENT[name] ?? name.replace(/_/g, ' ');
  return attrs ? word : `not ${word}`;
}

/**
 * If the two formattings differ, a short description of the older one relative to the newer
 * ("not bold, italic") and the attribute names that differ; null if they are the same.
 */
export function formattingChange(older: Formatting, newer: Formatting): { before: string; attrs: string[] } | null {
  const a = activeMarks(older);
  const b = activeMarks(newer);
  const differing = new Set<string>();
  const phrases: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(name);
    if (was?.key === b.get(name)?.key) continue;
    differing.add(name);
    phrases.push(phrase(name, was ? was.attrs : null));
  }
  if (phrases.length === 0) return null;
  const attrs = [...new Set([...older.keys(), ...newer.keys()])].filter((attr) => differing.has(markName(attr)));
  return { before: phrases.sort().join(', '), attrs };
}
