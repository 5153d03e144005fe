import { h, fill, table, link, panel } from '../dom.js';
import { get, poller } from '../api.js';
import { resources, round, time, ago, percent } from '../format.js';
import { to } from '../router.js';

// Why a framework gets no offers: what the master and its allocator say of it (/master/offer-diagnosis),
// turned into plain reasons first, with the figures behind them below.

const amounts = map => resources(map);

/** The reasons, most decisive first: [text, severity] with severity 'bad' (it blocks offers) or 'info'. */
export function reasons(d) {
  const out = [];
  if (!d.connected) out.push(['It is disconnected: the master offers nothing to a framework until it subscribes again.', 'bad']);
  if (d.allocation_paused) out.push(['Allocation is paused while the master waits for its agents to come back after a failover.', 'bad']);
  const suppressed = d.roles.filter(r => r.suppressed).map(r => r.role);
  if (suppressed.length && suppressed.length === d.roles.length) {
    out.push([`It suppressed offers for all its roles (${suppressed.join(', ')}): it gets none until it sends REVIVE.`, 'bad']);
  } else if (suppressed.length) {
    out.push([`It suppressed offers for ${suppressed.join(', ')}: nothing is offered to it under ${suppressed.length === 1 ? 'that role' : 'those roles'} until it sends REVIVE.`, 'bad']);
  }
  for (const role of d.roles) {
    for (const [name, limit] of Object.entries(role.quota.limit || {})) {
      const consumed = (role.quota.consumed || {})[name] || 0;
      if (consumed >= limit) out.push([`Role ${role.role} reached its quota limit of ${name}: it consumes ${round(consumed)} of ${round(limit)}, so no more unreserved ${name} is offered to it.`, 'bad']);
    }
  }
  if (d.filters.length) {
    const agents = new Set(d.filters.map(f => f.slave_id));
    const last = Math.max(...d.filters.map(f => f.expires));
    out.push([`It declined offers and asked not to see them again: ${d.filters.length} offer filter${d.filters.length === 1 ? '' : 's'} on ${agents.size} agent${agents.size === 1 ? '' : 's'}, the last until ${time(last)}.`, 'bad']);
  }
  const free = d.free_unreserved || {};
  const enough = (d.min_allocatable_resources || []).some(alt => Object.entries(alt).every(([name, min]) => (free[name] || 0) >= min));
  if ((d.min_allocatable_resources || []).length && !enough) {
    out.push([`Nothing is free to offer: every agent's unreserved resources are allocated or offered (free: ${amounts(free)}), less than the smallest offer the master makes (${d.min_allocatable_resources.map(amounts).join(' or ')}).`, 'bad']);
  }
  if (d.offers.length) {
    out.push([`It holds ${d.offers.length} outstanding offer${d.offers.length === 1 ? '' : 's'}: the master waits for it to accept or decline ${d.offers.length === 1 ? 'it' : 'them'}.`, 'info']);
  }
  for (const role of d.roles) {
    out.push([`In role ${role.role} (weight ${round(role.weight)}) its role holds a dominant share of ${percent(role.share, 1)} of the cluster, this framework ${percent(role.framework_share, 1)}; the allocator offers first to the roles with the lowest share divided by weight.`, 'info']);
  }
  if (!out.some(([, severity]) => severity === 'bad') && !d.offers.length) {
    out.push(['Nothing stops offers to it: it is offered what is free at the next allocation round.', 'info']);
  }
  return out;
}

export function mount(main, { store, params }) {
  const id = params.id;
  const heading = h('h1', null, `Why is ${id} waiting?`);
  const body = h('div', null, h('p', { class: 'muted' }, 'Asking the master…'));
  fill(main, h('div', { class: 'crumbs' }, link(to.frameworks(), 'Frameworks'), ' / ', link(to.framework(id), id), ' / waiting'), heading, body);

  const poll = poller(async () => {
    let d;
    try {
      d = await get(`master/offer-diagnosis?framework_id=${encodeURIComponent(id)}`);
    } catch (e) {
      fill(body, h('p', { class: 'error', role: 'alert' }, e.message.includes('404') ? 'No subscribed framework has this id: a completed framework waits for nothing.' : e.message));
      return;
    }
    draw(d);
  }, 3000);

  function draw(d) {
    const f = store.frameworks.get(id);
    if (f) heading.textContent = `Why is ${f.name || id} waiting?`;
    const agentName = agentId => {
      const agent = store.agents.get(agentId);
      return agent ? link(to.agent(agentId), agent.hostname) : agentId;
    };
    fill(body,
      panel('Reasons', h('ul', { class: 'reasons', 'data-reasons': '' },
        reasons(d).map(([text, severity]) => h('li', { class: severity }, text)))),
      h('h2', null, 'Roles'),
      table(['Role', 'Weight', 'Role share', 'Share / weight', 'Framework share', 'Suppressed', 'Allocated to it', 'Quota guarantee', 'Quota limit', 'Consumed'],
        d.roles.map(r => [r.role, round(r.weight), percent(r.share, 1), round(r.share / r.weight, 4), percent(r.framework_share, 1),
          r.suppressed ? 'yes' : 'no', amounts(r.allocated), amounts(r.quota.guarantee), amounts(r.quota.limit), amounts(r.quota.consumed)])),
      h('h2', null, 'Active offer filters'),
      table(['Agent', 'Role', 'Refused', 'Until'], d.filters.map(x => [agentName(x.slave_id), x.role, amounts(x.resources), time(x.expires)])),
      h('h2', null, 'Offers declined lately'),
      table(['Offer', 'Agent', 'Role', 'Resources', 'Declined', 'Refuse seconds'],
        d.recent_declines.slice().reverse().map(x => [h('span', { class: 'mono' }, x.offer_id), agentName(x.slave_id), x.role, amounts(x.resources),
          ago(x.time), String(x.refuse_seconds)])),
      h('h2', null, 'Offers it holds'),
      table(['Offer', 'Agent', 'Role', 'Resources'], d.offers.map(x => [h('span', { class: 'mono' }, x.id), agentName(x.slave_id), x.role, amounts(x.resources)])),
      h('p', { class: 'muted' }, `Free on all agents, unreserved: ${amounts(d.free_unreserved)}.`));
  }

  return {
    update(changed) {
      if (changed.has('tasks') || changed.has('frameworks')) poll.kick();
    },
    unmount() {
      poll.stop();
    },
  };
}
