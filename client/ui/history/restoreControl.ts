/**
 * "Restore" with a confirm step, shown in the history list and in a version's read-only view.
 * The first press asks; only "Yes, restore version 3" restores, so a stray click or Enter
 * changes nothing. Restoring never loses text: the page as it was stays in the history.
 */
import { h, replaceChildren } from '../../dom.js';
import type { RevisionView } from '../../../shared/history.js';
import { versionNumber } from './revisionText.js';

/**
 * A restore button for one revision that asks before calling `restore` (which shows its own
 * errors). `long` shows "Restore version 3" as the button's text; otherwise it reads "Restore"
 * and is named "Restore version 3" for screen readers, as in a list of versions.
 */
export function restoreControl(revision: RevisionView, restore: () => Promise<void>, long = false): HTMLElement {
  const el = h('div', { class: 'restore-control' });
  const number = versionNumber(revision).toLowerCase();
  const start = long
    ? h('button', { type: 'button', onclick: () => ask() }, `Restore ${number}`)
    : h('button', { type: 'button', class: 'small', 'aria-label': `Restore ${number}`, onclick: () => ask() }, 'Restore');
  const ask = () => {
    const yes = h('button', { type: 'button', class: 'small primary', onclick: () => void confirm(yes, no) }, `Yes, restore ${number}`);
    const no = h('button', { type: 'button', class: 'small', onclick: () => back() }, 'Cancel');
    replaceChildren(el, h('p', { class: 'restore-question' }, `Restore ${number} as a new version? The current text stays in the history.`), h('div', { class: 'restore-buttons' }, yes, no));
    yes.focus();
  };
  const back = () => {
    replaceChildren(el, start);
    start.focus();
  };
  const confirm = async (yes: HTMLButtonElement, no: HTMLButtonElement) => {
    yes.disabled = true;
    no.disabled = true;
    try {
      await restore();
    } finally {
      if (el.isConnected) back();
    }
  };
  el.append(start);
  return el;
}
