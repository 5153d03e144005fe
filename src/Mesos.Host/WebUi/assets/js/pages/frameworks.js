import { h, fill, link } from '../dom.js';
import { VirtualTable } from '../vtable.js';
import { mem, round, time, isTerminal } from '../format.js';
import { to } from '../router.js';

// Frameworks: active (connected), inactive (disconnected, within their failover timeout) and completed.

export function frameworkState(f) {
  return f.completed ? 'completed' : f.active ? 'active' : 'inactive';
}

export function mount(main, { store, query }) {
  const show = h('select', { 'aria-label': 'Show frameworks' },
    ['all', 'active', 'inactive', 'completed'].map(s => h('option', { value: s }, s)));
  show.value = query.get('state') || 'all';
  const filter = h('input', { type: 'search', placeholder: 'name, id, role or principal', 'aria-label': 'Filter frameworks' });
  let activeTasks = new Map();
  const table = new VirtualTable({
    label: 'Frameworks',
    href: f => to.framework(f.id),
    sortBy: { column: 'Registered', desc: true },
    columns: [
      { title: 'Name', width: 'minmax(8em, 2fr)', render: f => link(to.framework(f.id), f.name || f.id), sort: f => f.name },
      { title: 'ID', width: 'minmax(8em, 2fr)', render: f => f.id, sort: f => f.id, optional: true },
      { title: 'State', width: '7em', render: f => frameworkState(f), sort: f => frameworkState(f) },
      { title: 'Roles', width: 'minmax(5em, 1fr)', render: f => f.roles.join(', '), sort: f => f.roles.join(','), optional: true },
      { title: 'Principal', width: 'minmax(5em, 1fr)', render: f => f.info.principal || '', optional: true },
      { title: 'Tasks', width: '5em', render: f => String(activeTasks.get(f.id) || 0), sort: f => activeTasks.get(f.id) || 0 },
      { title: 'CPUs', width: '5em', render: f => round(f.allocated.cpus || 0), sort: f => f.allocated.cpus || 0 },
      { title: 'Mem', width: '7em', render: f => mem(f.allocated.mem || 0), sort: f => f.allocated.mem || 0, optional: true },
      { title: 'Registered', width: '11.5em', render: f => time(f.registeredTime), sort: f => f.registeredTime || 0, optional: true },
    ],
  });
  fill(main, h('h1', null, 'Frameworks'),
    h('div', { class: 'toolbar' }, h('label', null, 'Show', show), h('label', null, 'Filter', filter)),
    table.element);

  const draw = () => {
    activeTasks = new Map();
    for (const [id, keys] of store.tasksByFramework) {
      let n = 0;
      for (const key of keys) if (!isTerminal(store.tasks.get(key).state)) n++;
      activeTasks.set(id, n);
    }
    const text = filter.value.trim().toLowerCase();
    const rows = [];
    for (const f of store.frameworks.values()) {
      if (show.value !== 'all' && frameworkState(f) !== show.value) continue;
      if (text && ![f.name, f.id, f.info.principal || '', ...f.roles].some(x => (x || '').toLowerCase().includes(text))) continue;
      rows.push(f);
    }
    table.setRows(rows);
  };
  show.addEventListener('change', draw);
  filter.addEventListener('input', draw);
  draw();
  let throttle = 0;
  return {
    update(changed) {
      if (changed.has('frameworks')) draw();
      else if (changed.has('tasks') && !throttle) throttle = setTimeout(() => { throttle = 0; draw(); }, 250);
    },
    unmount() {
      clearTimeout(throttle);
      table.destroy();
    },
  };
}
