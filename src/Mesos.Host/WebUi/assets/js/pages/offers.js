import { h, fill, link } from '../dom.js';
import { VirtualTable } from '../vtable.js';
import { call, poller } from '../api.js';
import { mem, round, scalars } from '../format.js';
import { to } from '../router.js';

// Outstanding offers: made to a framework and not yet accepted, declined, rescinded or timed out.
// The event stream does not carry offers, so this page asks GET_FRAMEWORKS every few seconds.

export function mount(main, { store }) {
  let offers = [];
  const error = h('p', { class: 'error', role: 'alert' });
  const table = new VirtualTable({
    label: 'Outstanding offers',
    href: o => to.framework(o.frameworkId),
    sortBy: { column: 'Framework' },
    empty: 'No outstanding offers',
    columns: [
      { title: 'Offer', width: 'minmax(8em, 2fr)', render: o => o.id, sort: o => o.id, optional: true },
      { title: 'Framework', width: 'minmax(7em, 1.5fr)', render: o => link(to.framework(o.frameworkId), o.frameworkName), sort: o => o.frameworkName },
      { title: 'Agent', width: 'minmax(7em, 1.5fr)', render: o => link(to.agent(o.agentId), o.host), sort: o => o.host },
      { title: 'Role', width: 'minmax(4em, 1fr)', render: o => o.role, sort: o => o.role, optional: true },
      { title: 'CPUs', width: '5em', render: o => round(o.res.cpus || 0), sort: o => o.res.cpus || 0 },
      { title: 'Mem', width: '7em', render: o => mem(o.res.mem || 0), sort: o => o.res.mem || 0 },
      { title: 'Disk', width: '7em', render: o => mem(o.res.disk || 0), sort: o => o.res.disk || 0, optional: true },
      { title: 'Ports', width: 'minmax(6em, 1fr)', render: o => o.res.ports || '', optional: true },
    ],
  });
  fill(main, h('h1', null, 'Offers'), h('p', { class: 'muted' }, 'Outstanding offers, refreshed every few seconds.'), error, table.element);

  const poll = poller(async () => {
    try {
      const answer = (await call('GET_FRAMEWORKS')).get_frameworks;
      offers = (answer.frameworks || []).flatMap(f => (f.offers || []).map(o => ({
        id: o.id.value,
        frameworkId: f.framework_info.id.value,
        frameworkName: f.framework_info.name || f.framework_info.id.value,
        agentId: o.agent_id.value,
        host: o.hostname || o.agent_id.value,
        role: o.allocation_info ? o.allocation_info.role : '',
        res: scalars(o.resources),
      })));
      error.textContent = '';
    } catch (e) {
      error.textContent = e.message;
    }
    table.setRows(offers);
  }, 5000);

  return {
    update(changed) {
      if (changed.has('tasks') || changed.has('frameworks') || changed.has('agents')) poll.kick();
    },
    unmount() {
      poll.stop();
      table.destroy();
    },
  };
}
