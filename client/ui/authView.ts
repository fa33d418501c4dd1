/** The signed-out home: sign in and sign up side by side. */
import { h } from '../dom.js';
import { api } from '../api.js';
import type { UserView } from '../../shared/api.js';
import { limits } from '../../shared/limits.js';
import { errorRegion, field, onSubmit } from './forms.js';
import type { View } from './view.js';

/** Builds the sign-in / sign-up screen; `onSignedIn` receives the user. */
export function authView(onSignedIn: (user: UserView) => void): View {
  const signInErrors = errorRegion();
  const signInEmail = field('Email', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const signInPassword = field('Password', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const signIn = h(
    'form',
    { class: 'card', 'aria-labelledby': 'signin-heading', novalidate: true },
    h('h2', { id: 'signin-heading' }, 'Sign in'),
    signInEmail.el,
    signInPassword.el,
    signInErrors.el,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  onSubmit(signIn, signInErrors, async () => {
    const { user } = await api.signIn({ email: signInEmail.input.value, password: signInPassword.input.value });
    onSignedIn(user);
  });

  const signUpErrors = errorRegion();
  const name = field('Name', { name: 'name', autocomplete: 'name', required: true, maxlength: limits.nameChars });
  const email = field('Email', { type: 'email', name: 'email', autocomplete: 'email', required: true });
  const password = field('Password', {
    type: 'password',
    name: 'password',
    autocomplete: 'new-password',
    required: true,
    hint: `At least ${limits.passwordMinChars} characters.`,
  });
  const signUp = h(
    'form',
    { class: 'card', 'aria-labelledby': 'signup-heading', novalidate: true },
    h('h2', { id: 'signup-heading' }, 'Create an account'),
    name.el,
    email.el,
    password.el,
    signUpErrors.el,
    h('button', { type: 'submit', class: 'primary' }, 'Sign up'),
  );
  onSubmit(signUp, signUpErrors, async () => {
    const { user } = await api.signUp({ name: name.input.value, email: email.input.value, password: password.input.value });
    onSignedIn(user);
  });

  const el = h(
    'div',
    { class: 'auth' },
    h('h1', {}, 'Quire'),
    h('p', { class: 'lede' }, 'Write briefing papers together: many authors, one numbered paper.'),
    h('div', { class: 'auth-forms' }, signIn, signUp),
  );
  return { el, destroy: () => {} };
}
