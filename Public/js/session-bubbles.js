// One bubble per interaction in a session's conversation: its status, what the customer
// declined or paid, the files to download (and the seal they carry), a review to open, and a
// group's steps inside it.
import { h, statusBadge } from './dom.js';
import { countersignDialog, forwardDialog, approvalLines } from './session-countersign.js';

const kindLabels = {
  document: 'Document', documentRequest: 'Document request', paymentRequest: 'Payment request', batch: 'Batch', workflow: 'Workflow', review: 'Shared review',
};

/**
 * The bubble of interaction `i` of the session at API path `base`; `openReview(id)` opens a
 * review, `approvals` are the session's approvals, `reload()` redraws after a countersignature
 * or a forward.
 */
export function bubble(i, context) {
  const { base, openReview, approvals, reload } = context;
  return h('li', { class: `bubble status-${i.status}`, 'data-id': i.id, 'data-status': i.status },
    h('div', { class: 'row spread' }, h('strong', {}, i.title), statusBadge(i.status)),
    h('small', { class: 'hint' }, kindLabels[i.kind] || i.kind),
    i.declineReason ? h('p', {}, `Declined: ${i.declineReason}`) : null,
    i.payment ? h('p', {}, `${i.payment.amount} ${i.payment.currency} — ${i.payment.state}${i.payment.failure ? ` (${i.payment.failure})` : ''}`) : null,
    downloads(i, base),
    i.status === 'awaitingCountersign' ? h('button', { type: 'button', class: 'primary', 'data-test': 'countersign', onclick: async () => {
      if (await countersignDialog(base, i)) reload();
    } }, 'Countersign') : null,
    i.kind === 'document' && i.status === 'completed' ? h('button', { type: 'button', 'data-test': 'forward', onclick: async () => {
      if (await forwardDialog(base, i)) reload();
    } }, 'Forward for approval') : null,
    approvalLines(approvals, i),
    i.kind === 'review' && i.status !== 'completed'
      ? h('button', { type: 'button', onclick: () => openReview(i.id) }, `Open review (${i.review.notes.length} note(s))`) : null,
    i.steps && i.steps.length ? h('ol', { class: 'steps' }, i.steps.map((step) => bubble(step, context))) : null);
}

function downloads(i, base) {
  const links = [];
  const link = (href, text) => h('a', { href, download: '', class: 'download' }, text);
  if (i.document && i.document.finished) links.push(link(`${base}/interactions/${i.id}/finished.pdf`, 'Download signed PDF'));
  // The certificate is issued at the finish (or, if that failed, at its first download), so
  // a completed document always offers it.
  if (i.document && i.document.finished && i.status === 'completed') {
    links.push(link(`${base}/interactions/${i.id}/certificate.pdf`, 'Certificate of completion'));
  }
  if (i.document && !i.document.finished) links.push(link(`${base}/interactions/${i.id}/original.pdf`, 'Original PDF'));
  if (i.request) {
    for (const u of i.request.uploads) links.push(link(`${base}/interactions/${i.id}/uploads/${u.id}`, u.fileName || u.type));
    if (i.request.assembled) links.push(link(`${base}/interactions/${i.id}/assembled.pdf`, 'All photos as PDF'));
  }
  return links.length ? [sealStatus(i), h('p', { class: 'row' }, links)] : null;
}

// Every finished document is sealed by the service; the chain it was sealed with is public,
// for anyone checking the PDF in their own reader. Whether a given copy is still intact is
// the verify page's question.
function sealStatus(i) {
  if (!(i.document && i.document.finished)) return null;
  return h('p', { class: 'seal', 'data-test': 'seal' }, 'Sealed (PAdES) · ',
    h('a', { href: '/api/v1/seal/certificate.pem', download: 'signet-seal-chain.pem' }, 'seal certificate chain'), ' · ',
    h('a', { href: '/verify/' }, 'verify a copy'));
}
