import { h, link } from '../dom.js';
import { VirtualTable } from '../vtable.js';
import { stateName, stateClass, mem, round, time } from '../format.js';
import { to } from '../router.js';
import { lastStatusTime } from '../store.js';

/** A virtualised table of tasks, as the tasks, framework and agent pages show them. */
export function taskTable(store, { label, without = [] }) {
  const framework = t => store.frameworks.get(t.frameworkId);
  const agent = t => store.agents.get(t.agentId);
  const columns = [
    { title: 'Task', width: 'minmax(8em, 2fr)', render: t => link(to.task(t.frameworkId, t.id), t.id), sort: t => t.id },
    { title: 'Name', width: 'minmax(6em, 1.5fr)', render: t => t.name, sort: t => t.name, optional: true },
    { title: 'State', width: '8.5em', render: t => h('span', { class: stateClass(t.state) }, stateName(t.state)), sort: t => t.state },
    { key: 'framework', title: 'Framework', width: 'minmax(6em, 1.5fr)', optional: true,
      render: t => (framework(t) ? link(to.framework(t.frameworkId), framework(t).name || t.frameworkId) : t.frameworkId),
      sort: t => (framework(t) ? framework(t).name : t.frameworkId) },
    { key: 'agent', title: 'Agent', width: 'minmax(6em, 1.5fr)', optional: true,
      render: t => (agent(t) ? link(to.agent(t.agentId), agent(t).hostname) : t.agentId),
      sort: t => (agent(t) ? agent(t).hostname : t.agentId) },
    { title: 'CPUs', width: '4.5em', render: t => round(t.res.cpus || 0), sort: t => t.res.cpus || 0, optional: true },
    { title: 'Mem', width: '6.5em', render: t => mem(t.res.mem || 0), sort: t => t.res.mem || 0, optional: true },
    { title: 'Updated', width: '11.5em', render: t => time(lastStatusTime(t)), sort: t => lastStatusTime(t) },
  ].filter(c => !without.includes(c.key));
  return new VirtualTable({
    label,
    columns,
    href: t => to.task(t.frameworkId, t.id),
    sortBy: { column: 'Updated', desc: true },
    empty: 'No tasks',
  });
}
