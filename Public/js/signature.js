// A signature pad: draw with a finger, pen or mouse (pointer events), or type the name. The
// drawing is kept as vector strokes, smoothed, in points relative to the field's top-left
// corner: `{"strokes": [[[x, y], ...], ...]}`; typing gives `{"typed": "..."}`.
import { h, field, dialog } from './dom.js';

/** Asks for a signature for `f` (its rect gives the proportions); answers the value or undefined. */
export function askSignature(f, name = '') {
  return dialog(f.kind === 'initials' ? 'Your initials' : 'Your signature', (close) => {
    const ratio = f.rect.height / f.rect.width;
    const cssWidth = Math.min(window.innerWidth - 64, 520);
    const canvas = h('canvas', { class: 'pad', 'aria-label': 'Draw here with your finger or mouse', 'data-test': 'signature-pad' });
    const dpr = window.devicePixelRatio || 1;
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssWidth * ratio}px`;
    canvas.width = Math.round(cssWidth * dpr);
    canvas.height = Math.round(cssWidth * ratio * dpr);
    const ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    ctx.lineWidth = 2;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    const strokes = [];
    let current = null;

    canvas.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      canvas.setPointerCapture(e.pointerId);
      current = [point(e)];
      strokes.push(current);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!current) return;
      // Coalesced events keep fast strokes from turning into straight segments.
      const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
      for (const c of events.length ? events : [e]) current.push(point(c));
      draw();
    });
    const end = () => {
      current = null;
      draw();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);

    function point(e) {
      const box = canvas.getBoundingClientRect();
      return [e.clientX - box.left, e.clientY - box.top];
    }

    function draw() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      for (const stroke of strokes.map(smooth)) {
        ctx.beginPath();
        stroke.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        if (stroke.length === 1) ctx.lineTo(stroke[0][0] + 0.5, stroke[0][1]);
        ctx.stroke();
      }
    }

    const typed = h('input', { name: 'typed', value: name, autocomplete: 'name' });
    const drawPanel = h('div', {}, canvas, h('div', { class: 'row' },
      h('button', { type: 'button', onclick: () => {
        strokes.length = 0;
        draw();
      } }, 'Clear'),
      h('button', { type: 'button', class: 'primary', 'data-test': 'signature-done', onclick: () => {
        if (!strokes.length) return;
        // Canvas pixels to points of the field: the pad is the field, scaled to cssWidth.
        const k = f.rect.width / cssWidth;
        close({ strokes: strokes.map(smooth).map((s) => s.map(([x, y]) => [round(x * k), round(y * k)])) });
      } }, 'Use this signature')));
    const typePanel = h('div', { hidden: true }, field('Type your name', typed), h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', onclick: () => typed.value.trim() && close({ typed: typed.value.trim() }) }, 'Use this name')));
    const toggle = (drawing) => () => {
      drawPanel.hidden = !drawing;
      typePanel.hidden = drawing;
    };
    return h('div', { class: 'signature' },
      h('div', { class: 'row' }, h('button', { type: 'button', onclick: toggle(true) }, 'Draw'), h('button', { type: 'button', onclick: toggle(false) }, 'Type')),
      drawPanel, typePanel, h('button', { type: 'button', class: 'link', onclick: () => close() }, 'Cancel'));
  });
}

const round = (n) => Math.round(n * 10) / 10;

/** A moving average over three points, keeping the ends, so jitter from the pointer is smoothed. */
function smooth(stroke) {
  if (stroke.length < 3) return stroke;
  return stroke.map((p, i) => {
    if (i === 0 || i === stroke.length - 1) return p;
    const [a, b, c] = [stroke[i - 1], p, stroke[i + 1]];
    return [(a[0] + 2 * b[0] + c[0]) / 4, (a[1] + 2 * b[1] + c[1]) / 4];
  });
}
