// The launch queue: each app waiting for instances, its backoff, and why the last offers were not used for it
// (from /v2/queue?embed=lastUnusedOffers): which offers, from which agents, refused for what.
import { appPath, appRoute, request } from '../api.js';
import { button, facts, fill, h, table, time } from '../dom.js';
import { reasonText } from '../status.js';

function resources(offer) {
  // Mesos' flat form: cpus, mem and disk as numbers, ports as ranges in a string ("[31000-32000]").
  const r = offer.resources || {};
  return [`cpus ${r.cpus ?? 0}`, `mem ${r.mem ?? 0}`, `disk ${r.disk ?? 0}`, r.ports ? `ports ${r.ports}` : null].filter(Boolean).join(', ');
}

function entry(item, ctx) {
  const delayed = !item.delay.overdue && item.delay.timeLeftSeconds > 0;
  const summary = item.processedOffersSummary;
  const refused = summary.rejectSummaryLastOffers.filter(r => r.declined > 0);
  const offers = item.lastUnusedOffers || [];
  return h('section', { class: 'queued', 'data-app': item.app.id },
    h('h3', null, h('a', { href: appRoute(item.app.id) }, item.app.id)),
    facts([
      ['Waiting', [`${item.count} instance(s), since `, time(item.since)]],
      ['Backoff', delayed ? [`${item.delay.timeLeftSeconds} s left `, button('Reset delay', 'reset-delay', () => ctx.act(() => request('DELETE', `v2/queue${appPath(item.app.id).slice('v2/apps'.length)}/delay`)))] : 'none'],
      ['Offers', `${summary.processedOffersCount} processed, ${summary.unusedOffersCount} unused`],
    ]),
    h('h4', null, 'Why offers were refused'),
    h('ul', { class: 'reasons' }, refused.length
      ? refused.map(r => h('li', { 'data-reason': r.reason }, h('strong', null, reasonText(r.reason)), `: ${r.declined} of ${r.processed} offers`))
      : h('li', { class: 'muted' }, 'No offer refused yet')),
    h('h4', null, 'Last unused offers'),
    table('offers', ['Agent', 'Resources', 'Attributes', 'Refused for', 'At'], offers.map(o => h('tr', { 'data-offer': o.offer.id },
      h('td', { class: 'host' }, o.offer.hostname),
      h('td', null, resources(o.offer)),
      h('td', { class: 'attributes' }, (o.offer.attributes || []).map(a => `${a.name}:${a.text}`).join('; ') || '—'),
      h('td', { class: 'refused' }, o.reason.map(reasonText).join(', ')),
      h('td', null, time(o.timestamp)))), 'None'));
}

export function mount(el, ctx) {
  const body = h('div');
  fill(el, h('h2', null, 'Queue'), h('p', { class: 'muted' }, 'Apps waiting for instances to be launched, and why the offers they saw did not fit.'), body);
  return {
    async refresh(shared) {
      fill(body, shared.queue.length ? shared.queue.map(item => entry(item, ctx)) : h('p', { class: 'muted' }, 'Nothing is waiting to be launched.'));
    },
  };
}
