// Page previews from the server with fields drawn over them at their rects (points from the
// displayed page's top-left, scaled by preview width / page width), as the console's send form
// and the customer page show them.
import { h } from './dom.js';

/**
 * `pages` in points, `pageUrl(n, px)`, `width` in CSS pixels; `box(field)` answers the element
 * drawn over a field (it is positioned here), or null to leave the field out.
 */
export function pagePreviews({ pages, pageUrl, width, fields, box }) {
  const px = Math.min(2400, Math.max(64, Math.round(width * (window.devicePixelRatio || 1))));
  return h('div', { class: 'previews' }, pages.map((size, i) => {
    const n = i + 1;
    const s = width / size.width;
    const page = h('div', { class: 'page', 'data-page': n }, h('img', { src: pageUrl(n, px), alt: `Page ${n} of ${pages.length}`, loading: 'lazy' }));
    page.style.width = `${width}px`;
    page.style.height = `${size.height * s}px`;
    for (const f of fields.filter((f) => f.page === n && f.rect)) {
      const el = box(f);
      if (!el) continue;
      el.style.left = `${f.rect.x * s}px`;
      el.style.top = `${f.rect.y * s}px`;
      el.style.width = `${f.rect.width * s}px`;
      el.style.height = `${f.rect.height * s}px`;
      page.append(el);
    }
    return page;
  }));
}
