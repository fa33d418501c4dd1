/**
 * Node attributes as Yjs stores them and as a diff compares them. y-prosemirror keeps a node's
 * attributes as the attributes of its Y.XmlElement; overwriting one leaves the older value in the
 * chain of map items (reached through `left`), so each version's value is the newest item that
 * version shows.
 */
import type * as Y from 'yjs';
import type { NodeType } from 'prosemirror-model';
import { isVisibleIn, type Version } from './versions.js';

/** One node attribute as a version sees it: its value and the item that set it. */
export interface AttrSetter {
  value: unknown;
  item: Y.Item;
}

/** The attributes of an element as one version shows them. */
export function elementAttrs(el: Y.XmlElement, v: Version): Map<string, AttrSetter> {
  const out = new Map<string, AttrSetter>();
  for (const [key, latest] of el._map) {
    let item: Y.Item | null = latest;
    while (item && !isVisibleIn(v, item.id.client, item.id.clock)) item = item.left;
    if (!item) continue;
    const content = item.content.getContent();
    if (content.length > 0) out.set(key, { value: content[content.length - 1], item });
  }
  return out;
}

/** The diff schema's own block attributes, never read from Yjs. */
const CHANGE_ATTRS = new Set(['change', 'changeUser', 'changeBefore']);
/** Attributes not compared: a column's width is layout, not content. */
const IGNORED = new Set(['colwidth', ...CHANGE_ATTRS]);

/** The node attributes of this type from a version's element attributes (unknown ones dropped, defaults filled by ProseMirror). */
export function nodeAttrs(type: NodeType, attrs: Map<string, AttrSetter>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(type.spec.attrs ?? {})) {
    if (CHANGE_ATTRS.has(name)) continue;
    const a = attrs.get(name);
    if (a && a.value !== null && a.value !== undefined) out[name] = a.value;
  }
  return out;
}

/** The names of the compared attributes whose values differ between two versions of one element. */
export function changedAttrs(type: NodeType, older: Map<string, AttrSetter>, newer: Map<string, AttrSetter>): string[] {
  const changed: string[] = [];
  for (const [name, spec] of Object.entries(type.spec.attrs ?? {})) {
    if (IGNORED.has(name)) continue;
    const fallback = spec.default === undefined ? null : spec.default;
    const was = older.get(name)?.value ?? fallback;
    const now = newer.get(name)?.value ?? fallback;
    if (JSON.stringify(was) !== JSON.stringify(now)) changed.push(name);
  }
  return changed;
}

const NAMES: Record<string, string> = {
  paragraph: 'paragraph',
  blockquote: 'quotation',
  horizontal_rule: 'horizontal rule',
  bullet_list: 'bulleted list',
  ordered_list: 'numbered list',
  list_item: 'list item',
  table: 'table',
  table_row: 'table row',
  table_cell: 'table cell',
  table_header: 'table header cell',
};

/** A node in words, as the "before" of a changed block: "heading 2", "numbered list from 3", "bulleted list". */
export function describeNode(typeName: string, attrs: Record<string, unknown>): string {
  if (typeName === 'heading') return `heading ${String(attrs.level ?? 1)}`;
  if (typeName === 'ordered_list' && attrs.order !== undefined && attrs.order !== 1) return `numbered list from ${String(attrs.order)}`;
  if ((typeName === 'table_cell' || typeName === 'table_header') && (Number(attrs.colspan ?? 1) > 1 || Number(attrs.rowspan ?? 1) > 1)) {
    return `${NAMES[typeName]} spanning ${String(attrs.colspan ?? 1)} by ${String(attrs.rowspan ?? 1)}`;
  }
  return NAMES[typeName] ?? typeName.replace(/_/g, ' ');
}
