/**
 * The words the history screens use for a revision: its title ("after reviewer round 1" or
 * "Version 7"), its size of change, who contributed, and its time (relative, with the exact time
 * in a <time> element's title).
 */
import { h } from '../../dom.js';
import type { RevisionView } from '../../../shared/history.js';
import { relativeTime } from '../relativeTime.js';

/** "Version 7" */
export const versionNumber = (revision: RevisionView) => `Version ${revision.number}`;

/** The name given to a revision, or "Version 7" for an unnamed one. */
export function versionTitle(revision: RevisionView): string {
  return revision.name ?? versionNumber(revision);
}

/** "Version 7, after reviewer round 1" or "Version 7": how a revision is named in a list of choices. */
export function versionChoice(revision: RevisionView): string {
  return revision.name ? `${versionNumber(revision)}, ${revision.name}` : versionNumber(revision);
}

/** "+120 / −30 words", with the same said in words for screen readers. */
export function wordChange(added: number, removed: number): HTMLElement {
  const said = `${added} ${added === 1 ? 'word' : 'words'} added, ${removed} removed`;
  return h('span', { class: 'word-change' }, h('span', { 'aria-hidden': 'true' }, h('span', { class: 'words-added' }, `+${added}`), ' / ', h('span', { class: 'words-removed' }, `−${removed}`), ' words'), h('span', { class: 'visually-hidden' }, said));
}

/** Who changed the text in a revision ("Ada Lovelace and Bob Smith"), or who restored it. */
export function contributorsText(revision: RevisionView): string {
  const names = revision.contributors.map((p) => p.name);
  if (names.length === 0) return revision.createdBy ? `By ${revision.createdBy.name}` : 'No text changes';
  if (names.length === 1) return `By ${names[0]}`;
  return `By ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The exact local date and time of an ISO time, for titles. */
export function exactTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A <time> showing "5 minutes ago" with the exact time as its title (and machine-readable datetime). */
export function timeElement(iso: string): HTMLElement {
  return h('time', { datetime: iso, title: exactTime(iso) }, relativeTime(iso));
}
