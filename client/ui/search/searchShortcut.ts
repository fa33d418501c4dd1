/**
 * The keyboard shortcuts that open search from anywhere in the app: Control+K (Command+K on a Mac),
 * even inside the editor, and "/" when focus is not somewhere that takes typing. Listened for on
 * window in the capture phase, so the editor and other widgets never see the key first.
 */

/** The shortcut as aria-keyshortcuts and a title say it. */
export const SEARCH_SHORTCUTS = 'Control+K Meta+K /';

/** Whether typing "/" here would type a character (a field, a select, the editor). */
function takesTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
  return false;
}

/** Calls `open` on the search shortcuts; returns a function that stops listening. */
export function listenForSearchShortcut(open: () => void): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const modK = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !takesTyping(event.target);
    if (!modK && !slash) return;
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
