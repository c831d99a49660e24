// The page a password reset link opens: choose a new password, then log in with it.
import { api } from './api.js';
import { h, mount, field, say } from './dom.js';

const token = new URLSearchParams(location.search).get('token') || '';
const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: '8', required: true });
const message = h('p', { class: 'message' });
const form = h('form', { class: 'card narrow' }, h('h1', {}, 'Choose a new password'),
  field('New password', password, 'At least 8 characters, not a common one.'), message,
  h('button', { type: 'submit', class: 'primary' }, 'Save password'));
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await api('POST', '/api/v1/auth/password-reset/confirm', { json: { token, password: password.value } });
    mount(form, h('h1', {}, 'Password changed'), h('p', {}, h('a', { href: '/' }, 'Log in with your new password')));
  } catch (error) {
    say(message, [error.message, ...error.errors.map((p) => p.reason)].join(' — '), 'error');
  }
});
mount(document.getElementById('app'), token ? form : h('p', {}, 'Open the link from the reset email.'));
