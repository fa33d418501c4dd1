/**
 * The application shell: header, main landmark and the view for the current route. It knows who
 * is signed in and owns the one view on screen; a paper's view survives moving between its pages
 * so its live connection is not rebuilt on every click.
 */
import { h, replaceChildren } from '../dom.js';
import { api, ApiRequestError } from '../api.js';
import { Router, type Route } from '../router.js';
import { forgetCachedApi, forgetLocalPages, unsavedLocalPages } from '../offline.js';
import { SESSION_ENDED_EVENT } from '../socket.js';
import type { UserView } from '../../shared/api.js';
import { appHeader } from './header.js';
import { authView } from './authView.js';
import { papersView } from './papersView.js';
import { PaperScreen } from './paperScreen.js';
import { invitationScreen } from './invitationScreen.js';
import { messageOf } from './forms.js';
import { accountView } from './account.js';
import { auditView } from './audit.js';
import { dashboardView } from './dashboard.js';
import type { View } from './view.js';

export class App {
  private user: UserView | null = null;
  private view: View | null = null;
  private paper: PaperScreen | null = null;
  private readonly header = appHeader(() => void this.signOut());
  private readonly main = h('main', { id: 'main', tabindex: '-1' });
  private readonly router = new Router((route) => this.show(route));

  constructor(root: HTMLElement) {
    replaceChildren(root, this.header.el, this.main);
    // Signed out in another tab, or the session expired: what is on screen can no longer be kept up to date.
    window.addEventListener(SESSION_ENDED_EVENT, (event) => void this.sessionEnded(String((event as CustomEvent).detail ?? '')));
  }

  private async sessionEnded(message: string) {
    if (!this.user) return;
    await forgetCachedApi().catch(() => undefined);
    this.setUser(null);
    this.show(this.router.current());
    this.main.prepend(h('p', { role: 'alert', class: 'banner' }, message));
  }

  /** Finds out who is signed in, then shows the current route. */
  async start(): Promise<void> {
    try {
      this.setUser((await api.me()).user);
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.status === 401)) {
        this.setView({ el: h('p', { role: 'alert', class: 'page-message' }, messageOf(err)), destroy: () => {} });
        return;
      }
      this.setUser(null);
    }
    this.show(this.router.current());
  }

  private setUser(user: UserView | null) {
    this.user = user;
    this.header.setUser(user);
  }

  private show(route: Route) {
    // An invitation link works signed in or out: its screen offers sign-in and sign-up itself.
    if (route.name === 'invite') {
      this.setView(invitationScreen({ token: route.token, user: this.user, signedIn: (user) => this.adoptUser(user), navigate: (path) => this.router.navigate(path) }));
      document.title = 'Invitation – Quire';
      return;
    }
    if (!this.user) {
      this.setView(authView((user) => void this.signedIn(user)));
      document.title = 'Sign in – Quire';
      return;
    }
    if (route.name === 'paper') {
      if (this.paper && this.paper.paperId === route.paperId && this.view === this.paper) {
        this.paper.showPage(route.pageId);
        return;
      }
      this.paper = new PaperScreen({ paperId: route.paperId, user: this.user, navigate: (path) => this.router.navigate(path) });
      this.setView(this.paper);
      this.paper.showPage(route.pageId);
      return;
    }
    if (route.name === 'account') {
      this.setView(accountView({ user: this.user, onDeleted: () => void this.signedOutAfterDeletion() }));
      document.title = 'Your account – Quire';
      return;
    }
    if (route.name === 'audit') {
      this.setView(auditView(route.paperId));
      return;
    }
    if (route.name === 'dashboard') {
      this.setView(dashboardView(route.paperId, this.user.id));
      return;
    }
    if (route.name === 'home') {
      this.setView(papersView((path) => this.router.navigate(path)));
      document.title = 'My papers – Quire';
      return;
    }
    this.setView({ el: h('div', { class: 'page-message' }, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Go to my papers'))), destroy: () => {} });
    document.title = 'Not found – Quire';
  }

  private setView(view: View) {
    if (this.view && this.view !== view) this.view.destroy();
    if (this.view === this.paper && view !== this.paper) this.paper = null;
    const changed = this.view !== null && this.view !== view;
    this.view = view;
    replaceChildren(this.main, view.el);
    // Move focus to the new screen so keyboard and screen-reader users start at its content.
    if (changed && !this.main.contains(document.activeElement)) this.main.focus({ preventScroll: true });
  }

  /** Makes someone who signed in outside the sign-in screen (on an invitation) the current user. */
  private async adoptUser(user: UserView) {
    await forgetCachedApi().catch(() => undefined);
    this.setUser(user);
  }

  private async signedIn(user: UserView) {
    // A new session starts with no API responses cached for someone else (before it caches its own).
    await forgetCachedApi().catch(() => undefined);
    this.setUser(user);
    this.router.navigate(location.pathname === '/' ? '/' : location.pathname, { replace: true });
  }

  /** The account was deleted: its session is gone, so forget what was cached and show the sign-in screen. */
  private async signedOutAfterDeletion() {
    await forgetCachedApi().catch(() => undefined);
    this.setUser(null);
    this.router.navigate('/');
    await forgetLocalPages().catch(() => undefined);
  }

  private async signOut() {
    const unsaved = unsavedLocalPages();
    if (
      unsaved > 0 &&
      !window.confirm(
        `${unsaved === 1 ? 'One page has' : `${unsaved} pages have`} changes that have not reached Quire's server yet. Signing out removes them from this device, so they would be lost. Sign out anyway?`,
      )
    ) {
      return;
    }
    try {
      await api.signOut();
    } catch (err) {
      if (!(err instanceof ApiRequestError && err.status === 401)) {
        window.alert(messageOf(err));
        return;
      }
    }
    await forgetCachedApi();
    this.setUser(null);
    this.router.navigate('/');
    // After the page screen has closed its copy: on a shared desktop the next person must not find the text.
    await forgetLocalPages().catch(() => undefined);
  }
}
