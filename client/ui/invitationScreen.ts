/**
 * The screen an invitation link opens (/invite/<token>): which paper, which role, until when.
 * Someone signed in joins with one button; anyone else signs in or creates an account right
 * here and joins at once. A link that expired, was revoked or is used up says so; someone
 * already a member is told so and sent to the paper.
 */
import { h, replaceChildren } from '../dom.js';
import { api } from '../api.js';
import { paperHref } from '../router.js';
import type { UserView } from '../../shared/api.js';
import type { InvitationPreview } from '../../shared/invitations.js';
import { ROLE_DESCRIPTIONS } from '../../shared/roles.js';
import { authView } from './authView.js';
import { errorRegion, messageOf } from './forms.js';
import type { View } from './view.js';

export interface InvitationScreenOptions {
  token: string;
  user: UserView | null;
  /** Makes a person who just signed in (or up) here the app's signed-in user. */
  signedIn(user: UserView): Promise<void>;
  navigate(path: string): void;
}

const longDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** Builds the invitation screen for a token. */
export function invitationScreen(options: InvitationScreenOptions): View {
  const el = h('div', { class: 'invitation-screen page-message' }, h('p', {}, 'Opening the invitation…'));
  let destroyed = false;
  let user = options.user;
  const errors = errorRegion();

  const failed = (message: string) =>
    replaceChildren(el, h('h1', {}, 'This invitation cannot be used'), h('p', { role: 'alert' }, message), h('p', {}, h('a', { href: '/' }, user ? 'Go to my papers' : 'Go to the sign-in page')));

  const accept = async () => {
    errors.clear();
    const accepted = await api.acceptInvitation(options.token);
    if (destroyed) return;
    if (!accepted.alreadyMember) {
      options.navigate(paperHref(accepted.paperId));
      return;
    }
    const link = h('a', { href: paperHref(accepted.paperId) }, 'Go to the paper');
    replaceChildren(el, h('h1', {}, 'You are already a member'), h('p', { role: 'status' }, `You are already a member of this paper, as ${accepted.role}. The invitation did not change your role.`), h('p', {}, link));
    link.focus();
  };

  const render = (preview: InvitationPreview) => {
    const intro = [
      h('h1', {}, `Join “${preview.paperTitle}”`),
      h('p', { class: 'lede' }, `${preview.invitedBy} invites you to join this paper as ${preview.role === 'author' || preview.role === 'editor' ? 'an' : 'a'} ${preview.role}.`),
      h('p', { class: 'hint' }, `${ROLE_DESCRIPTIONS[preview.role]}. The invitation works until ${longDate(preview.expiresAt)}.`),
    ];
    if (user) {
      const join = h('button', { type: 'button', class: 'primary' }, `Join as ${preview.role}`);
      join.addEventListener('click', () => {
        join.disabled = true;
        accept()
          .catch((err) => errors.show(messageOf(err)))
          .finally(() => (join.disabled = false));
      });
      replaceChildren(el, ...intro, h('p', {}, `You are signed in as ${user.name}.`), join, errors.el);
      return;
    }
    // Signed out: the usual sign-in and sign-up forms; joining follows straight after.
    const auth = authView((signedInUser) => {
      user = signedInUser;
      void options
        .signedIn(signedInUser)
        .then(accept)
        .catch((err) => !destroyed && failed(messageOf(err)));
    });
    const forms = auth.el.querySelector('.auth-forms') ?? auth.el;
    replaceChildren(el, ...intro, h('p', {}, 'Sign in, or create an account, to join.'), errors.el, forms);
  };

  api.previewInvitation(options.token).then(
    ({ invitation }) => !destroyed && render(invitation),
    (err) => !destroyed && failed(messageOf(err)),
  );
  return {
    el,
    destroy: () => {
      destroyed = true;
    },
  };
}
