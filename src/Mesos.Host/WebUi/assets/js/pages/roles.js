import { h, fill, table, link } from '../dom.js';
import { get, poller } from '../api.js';
import { resources, round } from '../format.js';
import { to } from '../router.js';

// Roles: weights, quota (guarantee, limit, and what the role consumes), and what its frameworks are
// allocated and offered, from /master/roles, refreshed as tasks and frameworks change.

export function mount(main, { store }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', null, 'Roles'), error, body);

  const poll = poller(async () => {
    let roles;
    try {
      roles = (await get('master/roles')).roles || [];
      error.textContent = '';
    } catch (e) {
      error.textContent = e.message;
      return;
    }
    fill(body, table(['Role', 'Weight', 'Frameworks', 'Allocated', 'Offered', 'Reserved', 'Quota guarantee', 'Quota limit', 'Quota consumed'],
      roles.map(r => [
        h('span', { 'data-role': r.name }, r.name),
        round(r.weight),
        r.frameworks.length ? r.frameworks.map((id, i) => [i ? ', ' : '', link(to.framework(id), store.frameworks.get(id)?.name || id)]) : 'none',
        resources(r.allocated),
        resources(r.offered),
        resources(r.reserved),
        resources(r.quota.guarantee),
        resources(r.quota.limit),
        resources(r.quota.consumed),
      ])));
  }, 5000);

  return {
    update(changed) {
      if (changed.has('tasks') || changed.has('frameworks')) poll.kick();
    },
    unmount() {
      poll.stop();
    },
  };
}
