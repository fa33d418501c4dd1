/** The banner: Quire's name, Search (and its shortcuts), the notification bell, who is signed in (a link to "Your account"), and "Sign out". */
import { h, replaceChildren } from '../dom.js';
import type { UserView } from '../../shared/api.js';
import { NotificationBell } from './notifications.js';
import { searchLauncher } from './search/searchLauncher.js';

/** The header element and a way to show who is signed in (null: nobody). */
export function appHeader(onSignOut: () => void): { el: HTMLElement; setUser(user: UserView | null): void } {
  const account = h('div', { class: 'account' });
  const el = h(
    'header',
    { class: 'app-header' },
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to main content'),
    h('a', { class: 'brand', href: '/' }, 'Quire'),
    account,
  );
  let bell: NotificationBell | null = null;
  let search: ReturnType<typeof searchLauncher> | null = null;
  return {
    el,
    setUser(user) {
      // A new bell for each person signed in: its connection and count are theirs.
      bell?.destroy();
      bell = null;
      search?.destroy();
      search = null;
      if (!user) {
        replaceChildren(account);
        return;
      }
      bell = new NotificationBell();
      search = searchLauncher();
      replaceChildren(
        account,
        search.el,
        bell.el,
        h('span', { class: 'signed-in' }, 'Signed in as ', h('strong', {}, user.name)),
        h('a', { class: 'account-link', href: '/account' }, 'Your account'),
        h('button', { type: 'button', onclick: onSignOut }, 'Sign out'),
      );
    },
  };
}
