// The code screen of a session that asks for a one-time code: six digits, the wrong-code
// message with the tries left, and a new code on request (a few per quarter hour). Nothing of
// the session shows until the code is right; `onVerified` then draws the page.
import { api } from './api.js';
import { h, mount, field, say } from './dom.js';

export function codeScreen(app, status, onVerified) {
  const input = h('input', {
    name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9 ]{6,7}', maxlength: '7', required: true, 'data-test': 'code-input',
  });
  const message = h('p', { class: 'message' });
  const resend = h('button', { type: 'button', 'data-test': 'code-resend', onclick: askAgain }, 'Send me a new code');
  const left = h('small', { class: 'hint', 'data-test': 'resends-left' });
  const form = h('form', { class: 'code-form' }, field('Code', input), message,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', 'data-test': 'code-submit' }, 'Continue'), resend), left);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/v1/customer/verify', { json: { code: input.value } });
      onVerified();
    } catch (error) {
      // Wrong: the tries left; void or expired: a new code is the way on.
      say(message, error.message, 'error');
      input.select();
    }
  });
  mount(app, h('section', { class: 'card code-screen' },
    h('h1', {}, 'Enter your code'),
    h('p', {}, 'To keep your documents safe, we sent a 6-digit code to your phone or email. It works for 10 minutes.'),
    form));
  showResends(status);
  setTimeout(() => input.focus());

  async function askAgain() {
    try {
      showResends(await api('POST', '/api/v1/customer/verify/resend'));
      say(message, 'A new code is on its way. The one before no longer works.');
      input.value = '';
      input.focus();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  function showResends(s) {
    resend.disabled = s.resendsLeft === 0;
    left.textContent = s.resendsLeft === 0 ? 'You have asked for new codes 3 times: wait a few minutes before asking again.'
      : `You can ask for ${s.resendsLeft} more new ${s.resendsLeft === 1 ? 'code' : 'codes'} in the next 15 minutes.`;
  }
}
