/**
 * The client's routes over the history API. Links with an href starting with "/" are followed
 * without a reload; the App listens for route changes and swaps views.
 */
export type Route =
  | { name: 'home' }
  | { name: 'paper'; paperId: string; pageId: string | null }
  | { name: 'invite'; token: string }
  | { name: 'account' }
  | { name: 'audit'; paperId: string }
  | { name: 'dashboard'; paperId: string }
  | { name: 'notFound' };

/** Turns a path into a route (a query or fragment after it is ignored). */
export function parseRoute(path: string): Route {
  const pathname = path.split(/[?#]/)[0];
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const invite = /^\/invite\/([^/]+)\/?$/.exec(pathname);
  if (invite) return { name: 'invite', token: decodeURIComponent(invite[1]) };
  if (/^\/account\/?$/.test(pathname)) return { name: 'account' };
  const audit = /^\/papers\/([^/]+)\/audit\/?$/.exec(pathname);
  if (audit) return { name: 'audit', paperId: decodeURIComponent(audit[1]) };
  const dashboard = /^\/papers\/([^/]+)\/dashboard\/?$/.exec(pathname);
  if (dashboard) return { name: 'dashboard', paperId: decodeURIComponent(dashboard[1]) };
  const paper = /^\/papers\/([^/]+)\/?$/.exec(pathname);
  if (paper) return { name: 'paper', paperId: decodeURIComponent(paper[1]), pageId: null };
  const page = /^\/papers\/([^/]+)\/pages\/([^/]+)\/?$/.exec(pathname);
  if (page) return { name: 'paper', paperId: decodeURIComponent(page[1]), pageId: decodeURIComponent(page[2]) };
  return { name: 'notFound' };
}

/** The path of a paper's overview. */
export const paperHref = (paperId: string) => `/papers/${encodeURIComponent(paperId)}`;
/** The path of one page of a paper; with a thread id, the comments panel opens on that thread. */
export const pageHref = (paperId: string, pageId: string, threadId?: string | null) =>
  `${paperHref(paperId)}/pages/${encodeURIComponent(pageId)}${threadId ? `?thread=${encodeURIComponent(threadId)}` : ''}`;
/** The comment thread the current address asks to open (pageHref's threadId), or null. */
export const threadInLocation = (): string | null => new URLSearchParams(location.search).get('thread');
/** The path of a paper's audit trail. */
export const auditHref = (paperId: string) => `${paperHref(paperId)}/audit`;
/** The path of a paper's dashboard (every chapter's status and progress). */
export const dashboardHref = (paperId: string) => `${paperHref(paperId)}/dashboard`;

/** Watches history and in-app link clicks; calls `onChange` with each new route. */
export class Router {
  private readonly onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    // A download link (an export's file) is fetched by the browser, never routed in the app.
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
    if (!link.getAttribute('href')?.startsWith('/')) return;
    event.preventDefault();
    this.navigate(link.pathname + link.search);
  };
  private readonly onPop = () => this.onChange(parseRoute(location.pathname));

  constructor(private readonly onChange: (route: Route) => void) {
    document.addEventListener('click', this.onClick);
    window.addEventListener('popstate', this.onPop);
  }

  /** Goes to a path (pushing history unless `replace`) and announces the route. */
  navigate(path: string, { replace = false } = {}): void {
    if (path !== location.pathname + location.search) {
      if (replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    this.onChange(parseRoute(path));
  }

  /** The route of the current location. */
  current(): Route {
    return parseRoute(location.pathname);
  }
}
