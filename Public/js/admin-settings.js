// The admin's settings page: the reminder plan sessions get when they are started without one.
import { api } from './api.js';
import { h, mount, say, sayProblem } from './dom.js';
import { reminderControls } from './reminders.js';

/** Draws the settings page into `app`. */
export async function settingsPage(app) {
  const message = h('p', { class: 'message' });
  let settings;
  try {
    settings = await api('GET', '/api/v1/settings');
  } catch (error) {
    mount(app, h('section', { class: 'card' }, h('h1', {}, 'Settings'), message));
    return sayProblem(message, error);
  }
  const reminders = reminderControls(settings.reminders, 'Remind customers by default');
  const form = h('form', { class: 'card', 'data-test': 'settings' }, h('h1', {}, 'Settings'),
    h('h2', {}, 'Default reminders'),
    h('p', { class: 'hint' }, 'For sessions started without a plan of their own. Reminders go on the session\'s channel with a fresh link while something waits for the customer, and stop on completion, cancel or expiry.'),
    reminders.node, message, h('button', { type: 'submit', class: 'primary' }, 'Save'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('PUT', '/api/v1/settings', { json: { reminders: reminders.value() } });
      say(message, 'Saved.');
    } catch (error) {
      sayProblem(message, error);
    }
  });
  mount(app, form);
}
