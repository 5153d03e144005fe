import { h, fill } from '../dom.js';
import { TASK_STATES, stateName, isTerminal } from '../format.js';
import { to } from '../router.js';
import { taskTable } from './tasktable.js';

// Every task the master knows, filtered by state, framework, agent and name. The filters live in the
// URL (#/tasks?state=TASK_FAILED&framework=ID), so a filtered list can be linked to.

export function mount(main, { store, query }) {
  const state = h('select', { 'aria-label': 'State', name: 'state' },
    h('option', { value: '' }, 'any'), h('option', { value: 'active' }, 'active (not ended)'), h('option', { value: 'ended' }, 'ended'),
    TASK_STATES.map(s => h('option', { value: s }, stateName(s))));
  const framework = h('select', { 'aria-label': 'Framework', name: 'framework' });
  const agent = h('input', { type: 'search', name: 'agent', placeholder: 'host or id', 'aria-label': 'Agent' });
  const name = h('input', { type: 'search', name: 'name', placeholder: 'id or name', 'aria-label': 'Task name' });
  const table = taskTable(store, { label: 'Tasks' });
  fill(main, h('h1', null, 'Tasks'),
    h('form', { class: 'toolbar', role: 'search', onsubmit: e => e.preventDefault() },
      h('label', null, 'State', state), h('label', null, 'Framework', framework), h('label', null, 'Agent', agent), h('label', null, 'Name', name)),
    table.element);

  const read = q => {
    state.value = q.get('state') || '';
    fillFrameworks(q.get('framework') || '');
    agent.value = q.get('agent') || '';
    name.value = q.get('name') || '';
  };

  function fillFrameworks(selected) {
    const options = [...store.frameworks.values()].sort((a, b) => (a.name || '').localeCompare(b.name || ''));
    if (selected && !store.frameworks.has(selected)) options.unshift({ id: selected, name: selected });
    fill(framework, h('option', { value: '' }, 'any'), options.map(f => h('option', { value: f.id }, `${f.name || f.id} (${f.id.slice(-4)})`)));
    framework.value = selected;
  }

  function draw() {
    const s = state.value;
    const fid = framework.value;
    const agentText = agent.value.trim().toLowerCase();
    const nameText = name.value.trim().toLowerCase();
    let agents = null;
    if (agentText) {
      agents = new Set();
      for (const a of store.agents.values()) if (a.id.toLowerCase().includes(agentText) || a.hostname.toLowerCase().includes(agentText)) agents.add(a.id);
    }
    const source = fid ? store.tasksOf(store.tasksByFramework, fid) : store.tasks.values();
    const rows = [];
    for (const t of source) {
      if (s === 'active' ? isTerminal(t.state) : s === 'ended' ? !isTerminal(t.state) : s && t.state !== s) continue;
      if (agents && !agents.has(t.agentId)) continue;
      if (nameText && !t.id.toLowerCase().includes(nameText) && !t.name.toLowerCase().includes(nameText)) continue;
      rows.push(t);
    }
    table.setRows(rows);
  }

  const changed = () => {
    history.replaceState(null, '', to.tasks({ state: state.value, framework: framework.value, agent: agent.value.trim(), name: name.value.trim() }));
    draw();
  };
  for (const input of [state, framework]) input.addEventListener('change', changed);
  for (const input of [agent, name]) input.addEventListener('input', changed);
  read(query);
  draw();

  // A burst of task updates redraws at most four times a second: filtering 100,000 tasks takes a few ms.
  let throttle = 0;
  return {
    query(q) {
      read(q);
      draw();
    },
    update(what) {
      if (what.has('frameworks')) fillFrameworks(framework.value);
      if ((what.has('tasks') || what.has('agents')) && !throttle) {
        throttle = setTimeout(() => {
          throttle = 0;
          draw();
        }, 250);
      }
    },
    unmount() {
      clearTimeout(throttle);
      table.destroy();
    },
  };
}
