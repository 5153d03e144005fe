import { h, fill, link } from '../dom.js';
import { VirtualTable } from '../vtable.js';
import { call } from '../api.js';
import { mem, round, time } from '../format.js';
import { to } from '../router.js';

// Every agent the master knows, with what it holds and what of it is allocated.

export function agentState(agent) {
  return agent.removed ? 'unreachable' : agent.active ? 'active' : 'deactivated';
}

export function attributeText(attributes) {
  return attributes.map(a => {
    if (a.scalar) return `${a.name}:${a.scalar.value}`;
    if (a.text) return `${a.name}:${a.text.value}`;
    if (a.ranges) return `${a.name}:[${a.ranges.range.map(r => `${r.begin}-${r.end}`).join(',')}]`;
    if (a.set) return `${a.name}:{${a.set.item.join(',')}}`;
    return a.name;
  }).join('; ');
}

const used = (agent, name, show) => `${show(agent.allocated[name] || 0)} / ${show(agent.total[name] || 0)}`;

export function mount(main, { store }) {
  const filter = h('input', { type: 'search', placeholder: 'host, id or attribute', 'aria-label': 'Filter agents' });
  const table = new VirtualTable({
    label: 'Agents',
    href: a => to.agent(a.id),
    sortBy: { column: 'Host' },
    columns: [
      { title: 'Host', width: 'minmax(9em, 2fr)', render: a => link(to.agent(a.id), a.hostname), sort: a => a.hostname },
      { title: 'ID', width: 'minmax(8em, 2fr)', render: a => a.id, sort: a => a.id, optional: true },
      { title: 'State', width: '7em', render: a => agentState(a), sort: a => agentState(a) },
      { title: 'CPUs', width: '7em', render: a => used(a, 'cpus', round), sort: a => a.allocated.cpus || 0 },
      { title: 'GPUs', width: '5em', render: a => used(a, 'gpus', round), sort: a => a.allocated.gpus || 0, optional: true },
      { title: 'Mem', width: '10em', render: a => used(a, 'mem', mem), sort: a => a.allocated.mem || 0 },
      { title: 'Disk', width: '10em', render: a => used(a, 'disk', mem), sort: a => a.allocated.disk || 0, optional: true },
      { title: 'Attributes', width: 'minmax(6em, 1.5fr)', render: a => attributeText(a.attributes), optional: true },
      { title: 'Version', width: '5em', render: a => a.version, sort: a => a.version, optional: true },
      { title: 'Registered', width: '11.5em', render: a => time(a.registeredTime), sort: a => a.registeredTime || 0, optional: true },
    ],
  });
  fill(main, h('h1', null, 'Agents'),
    h('p', { class: 'muted' }, 'Allocated / total of each resource.'),
    h('div', { class: 'toolbar' }, h('label', null, 'Filter', filter)),
    table.element);

  const draw = () => {
    const text = filter.value.trim().toLowerCase();
    const rows = [];
    for (const a of store.agents.values()) {
      if (!text || a.hostname.toLowerCase().includes(text) || a.id.toLowerCase().includes(text)
        || attributeText(a.attributes).toLowerCase().includes(text)) rows.push(a);
    }
    table.setRows(rows);
  };
  filter.addEventListener('input', draw);
  draw();
  // Until the event stream's whole state arrives, the agents read alone; should that fail, the stream brings them all the same.
  if (!store.ready) call('GET_AGENTS').then(r => store.preloadAgents((r.get_agents && r.get_agents.agents) || []), () => {});
  return {
    update(changed) {
      if (changed.has('agents')) draw();
    },
    unmount() {
      table.destroy();
    },
  };
}
