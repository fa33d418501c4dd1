/**
 * The page header's "last edited by Y" asks the history extension to show that latest change.
 * The header and the extension do not know each other, so the request travels as a DOM event
 * that bubbles from the header to the document, naming the page.
 */

/** The event's name; its detail is `{ pageId }`. */
export const SHOW_LATEST_CHANGE = 'quire:show-latest-change';

export interface ShowLatestChangeDetail {
  pageId: string;
}

/** Asks, from an element on the page screen, to show the latest change of a page. */
export function requestLatestChange(from: Element, pageId: string): void {
  from.dispatchEvent(new CustomEvent<ShowLatestChangeDetail>(SHOW_LATEST_CHANGE, { bubbles: true, detail: { pageId } }));
}
