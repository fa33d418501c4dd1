/**
 * What opens search: the "Search" button for the app header and the keyboard shortcuts, and the
 * one search dialog they open (pressing the shortcut again while it is open returns to its box).
 * Made when someone signs in and destroyed when they sign out.
 */
import { h } from '../../dom.js';
import { SearchDialog } from './searchDialog.js';
import { listenForSearchShortcut, SEARCH_SHORTCUTS, searchShortcutsText } from './searchShortcut.js';

/** The header's Search button, with the shortcuts listening while it exists. */
export function searchLauncher(): { el: HTMLElement; destroy(): void } {
  let dialog: SearchDialog | null = null;
  const open = () => {
    if (dialog) return dialog.focus();
    dialog = new SearchDialog(() => {
      dialog = null;
    });
  };
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  const el = h(
    'button',
    { type: 'button', class: 'search-button', title: `Search (${searchShortcutsText(mac)})`, 'aria-keyshortcuts': SEARCH_SHORTCUTS, onclick: open },
    'Search',
  );
  const stop = listenForSearchShortcut(open);
  return {
    el,
    destroy() {
      stop();
      dialog?.close();
    },
  };
}
