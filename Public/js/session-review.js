// The agent's side of a shared review in the console: the same board the customer sees, their
// notes and the agent's, and Close.
import { api } from './api.js';
import { h, mount, sayProblem } from './dom.js';
import { reviewBoard } from './review.js';

/** Draws review `iid` of the session at `base` into `panel`; answers the redraw the stream calls. */
export async function reviewPanel({ panel, base, iid, reload, back }) {
  const note = h('p', { class: 'message' });
  const draw = async (initial = false) => {
    // A refresh only redraws the review while it is still what the panel shows.
    if (!initial && !panel.querySelector(`[data-review="${CSS.escape(iid)}"]`)) return;
    const i = await api('GET', `${base}/interactions/${iid}`);
    mount(panel, h('div', { 'data-review': iid },
      h('button', { type: 'button', class: 'link', onclick: back }, '← Tools'),
      h('h2', {}, i.title), note,
      i.status === 'completed' ? h('p', {}, 'This review is closed.') : h('button', { type: 'button', onclick: async () => {
        try {
          await api('POST', `${base}/interactions/${iid}/close`);
          draw();
          reload();
        } catch (error) {
          sayProblem(note, error);
        }
      } }, 'Close review'),
      reviewBoard({
        pages: i.review.pages, notes: i.review.notes, width: 360,
        pageUrl: (n, px) => `${base}/interactions/${iid}/pages/${n}?width=${px}`,
        onAdd: async (n) => {
          await api('POST', `${base}/interactions/${iid}/notes`, { json: n });
          draw();
        },
      })));
  };
  await draw(true);
  return () => draw();
}
