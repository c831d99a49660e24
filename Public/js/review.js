// A shared review board, the same for agent and customer: the document's pages with every note
// pinned where it was left (points from the page's top-left), and a click or tap on a page to
// pin a new one there.
import { h, field, dialog } from './dom.js';

/** `onAdd({page, x, y, text})` saves a note (throwing ApiError); `notes` as the API gives them. */
export function reviewBoard({ pages, pageUrl, notes, width, onAdd }) {
  const px = Math.min(2400, Math.max(64, Math.round(width * (window.devicePixelRatio || 1))));
  return h('div', { class: 'review' },
    h('p', { class: 'hint' }, 'Tap or click a place on a page to leave a note there.'),
    h('div', { class: 'previews' }, pages.map((size, i) => {
      const n = i + 1;
      const s = width / size.width;
      const page = h('div', { class: 'page', 'data-page': n }, h('img', { src: pageUrl(n, px), alt: `Page ${n} of ${pages.length}`, loading: 'lazy' }));
      page.style.width = `${width}px`;
      page.style.height = `${size.height * s}px`;
      notes.filter((note) => note.page === n).forEach((note) => {
        const pin = h('span', { class: `pin author-${note.author}`, title: `${note.author}: ${note.text}` }, String(notes.indexOf(note) + 1));
        pin.style.left = `${note.x * s}px`;
        pin.style.top = `${note.y * s}px`;
        page.append(pin);
      });
      page.addEventListener('click', (e) => {
        if (e.target.closest('.pin')) return;
        const box = page.getBoundingClientRect();
        const at = { page: n, x: Math.round(((e.clientX - box.left) / s) * 10) / 10, y: Math.round(((e.clientY - box.top) / s) * 10) / 10 };
        dialog('Leave a note', (close) => {
          const text = h('textarea', { name: 'text', rows: '3', required: true });
          const message = h('p', { class: 'message' });
          const form = h('form', {}, field(`Note on page ${n}`, text), message,
            h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Pin note'), h('button', { type: 'button', onclick: () => close() }, 'Cancel')));
          form.addEventListener('submit', async (event) => {
            event.preventDefault();
            try {
              await onAdd({ ...at, text: text.value.trim() });
              close(true);
            } catch (error) {
              message.textContent = [error.message, ...error.errors.map((p) => p.reason)].join(' — ');
              message.className = 'message error';
            }
          });
          setTimeout(() => text.focus());
          return form;
        });
      });
      return page;
    })),
    h('ol', { class: 'notes' }, notes.map((note) => h('li', {}, h('strong', {}, note.author === 'agent' ? 'Agent' : 'Customer'), `: ${note.text}`))));
}
