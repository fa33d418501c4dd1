/**
 * The keyboard shortcuts that open search from anywhere in the app:
 * - Control+Shift+F (Command+Shift+F on a Mac) everywhere, the editor included;
 * - Control+K (Command+K) everywhere except inside the editor, where Control+K makes a link as it
 *   does in Word, Google Docs and Confluence (people type it without thinking);
 * - "/" when focus is not somewhere that takes typing.
 * Listened for on window in the capture phase, so other widgets never see the key first.
 */

/** The shortcuts as aria-keyshortcuts says them. */
export const SEARCH_SHORTCUTS = 'Control+Shift+F Meta+Shift+F Control+K Meta+K /';

/** The shortcuts as the Search button's title says them. */
export function searchShortcutsText(mac: boolean): string {
  const mod = mac ? 'Command' : 'Control';
  return `${mod}+Shift+F anywhere; ${mod}+K or / outside the text`;
}

/** Whether typing "/" here would type a character (a field, a select, the editor). */
function takesTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
  return false;
}

/** Whether the key was pressed inside the page's editor (where Control+K makes a link). */
const inEditor = (target: EventTarget | null) => target instanceof Element && target.closest('.ProseMirror') !== null;

/** Calls `open` on the search shortcuts; returns a function that stops listening. */
export function listenForSearchShortcut(open: () => void): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const mod = (event.ctrlKey || event.metaKey) && !event.altKey;
    const key = event.key.toLowerCase();
    const modShiftF = mod && event.shiftKey && key === 'f';
    const modK = mod && !event.shiftKey && key === 'k' && !inEditor(event.target);
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !takesTyping(event.target);
    if (!modShiftF && !modK && !slash) return;
    // Inside an open dialog other than search (a modal elsewhere) the key belongs to that dialog.
    const target = event.target instanceof Element ? event.target : null;
    const dialog = target?.closest('dialog');
    if (dialog && !dialog.classList.contains('search-dialog')) return;
    event.preventDefault();
    event.stopPropagation();
    open();
  };
  window.addEventListener('keydown', onKeyDown, { capture: true });
  return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
}
