import { h, fill, facts, panel, table, link } from '../dom.js';
import { get, jsonp, agentBase, poller } from '../api.js';
import { mem, round, time, isTerminal, resources } from '../format.js';
import { to } from '../router.js';
import { agentState, attributeText } from './agents.js';
import { taskTable } from './tasktable.js';

// One agent: what it is, what it holds against what is allocated, its frameworks, executors (read from
// the agent itself, with their sandboxes) and tasks.

const RESOURCES = [['cpus', round], ['gpus', round], ['mem', mem], ['disk', mem]];

export function mount(main, { store, params }) {
  const id = params.id;
  let offered = null;
  let agentState_ = null;
  let agentError = '';
  const heading = h('h1', null, `Agent ${id}`);
  const about = h('div');
  const resourceBox = h('div');
  const frameworkBox = h('div');
  const executorBox = h('div');
  const tasks = taskTable(store, { label: 'Tasks on this agent', without: ['agent'] });
  fill(main,
    h('div', { class: 'crumbs' }, link(to.agents(), 'Agents'), ' / ', id),
    heading,
    h('div', { class: 'grid' }, panel('Agent', about), panel('Resources', resourceBox)),
    h('h2', null, 'Frameworks'), frameworkBox,
    h('h2', null, 'Executors'), executorBox,
    h('h2', null, 'Tasks'), tasks.element);

  const poll = poller(async () => {
    const answer = await get(`master/slaves?slave_id=${encodeURIComponent(id)}`);
    offered = answer.slaves && answer.slaves[0] ? answer.slaves[0].offered_resources : null;
    drawResources();
  }, 5000);

  // The agent's own view: its executors with their sandbox directories.
  const readAgent = poller(async () => {
    const agent = store.agents.get(id);
    if (!agent) return;
    try {
      agentState_ = await jsonp(`${agentBase(agent)}/state`);
      agentError = '';
    } catch (e) {
      agentError = e.message;
    }
    drawExecutors();
  }, 10000);

  function drawAbout() {
    const agent = store.agents.get(id);
    if (!agent) {
      fill(about, h('p', { class: 'muted' }, store.ready ? 'The master does not know this agent.' : 'Loading…'));
      return;
    }
    heading.textContent = `Agent ${agent.hostname}`;
    fill(about, facts([
      ['ID', agent.id],
      ['Host', `${agent.hostname}:${agent.port}`],
      ['Pid', h('span', { class: 'mono' }, agent.pid)],
      ['State', agentState(agent)],
      ['Version', agent.version],
      ['Registered', time(agent.registeredTime)],
      ['Attributes', attributeText(agent.attributes) || 'none'],
    ]));
  }

  function drawResources() {
    const agent = store.agents.get(id);
    if (!agent) return fill(resourceBox);
    const rows = RESOURCES.filter(([name]) => agent.total[name] !== undefined || name !== 'gpus').map(([name, show]) => [
      name, show(agent.allocated[name] || 0), offered ? show(offered[name] || 0) : '…', show(agent.total[name] || 0),
    ]);
    fill(resourceBox, table(['Resource', 'Allocated', 'Offered', 'Total'], rows),
      h('p', { class: 'muted' }, 'Allocated: what the tasks and executors on this agent were given.'));
    return undefined;
  }

  function drawFrameworks() {
    const byFramework = new Map();
    for (const task of store.tasksOf(store.tasksByAgent, id)) {
      const entry = byFramework.get(task.frameworkId) || { active: 0, done: 0, res: {} };
      if (isTerminal(task.state)) entry.done++;
      else {
        entry.active++;
        for (const [k, v] of Object.entries(task.res)) if (typeof v === 'number') entry.res[k] = (entry.res[k] || 0) + v;
      }
      byFramework.set(task.frameworkId, entry);
    }
    const rows = [...byFramework].map(([frameworkId, e]) => {
      const f = store.frameworks.get(frameworkId);
      return [f ? link(to.framework(frameworkId), f.name || frameworkId) : frameworkId, String(e.active), String(e.done), resources(e.res)];
    });
    fill(frameworkBox, table(['Framework', 'Active tasks', 'Ended tasks', 'Allocated'], rows));
  }

  function drawExecutors() {
    if (!agentState_) {
      fill(executorBox, h('p', { class: agentError ? 'error' : 'muted' }, agentError ? `The agent could not be read: ${agentError}` : 'Reading the agent…'));
      return;
    }
    const rows = [];
    for (const f of [...(agentState_.frameworks || []), ...(agentState_.completed_frameworks || [])]) {
      for (const [list, ended] of [[f.executors || [], false], [f.completed_executors || [], true]]) {
        for (const e of list) {
          const taskCount = (e.tasks || []).length + (e.queued_tasks || []).length;
          rows.push([
            e.id,
            store.frameworks.get(f.id) ? link(to.framework(f.id), f.name || f.id) : f.name || f.id,
            ended ? 'ended' : `${taskCount} task${taskCount === 1 ? '' : 's'}`,
            resources(e.resources),
            e.directory ? link(to.browse(id, e.directory), 'Sandbox') : '—',
          ]);
        }
      }
    }
    fill(executorBox, table(['Executor', 'Framework', 'Tasks', 'Resources', 'Sandbox'], rows));
  }

  const drawTasks = () => tasks.setRows(store.tasksOf(store.tasksByAgent, id));
  drawAbout();
  drawResources();
  drawFrameworks();
  drawExecutors();
  drawTasks();
  return {
    update(changed) {
      if (changed.has('agents')) {
        drawAbout();
        drawResources();
        readAgent.kick();
      }
      if (changed.has('tasks') || changed.has('frameworks')) {
        drawFrameworks();
        drawTasks();
        if (changed.has('tasks')) {
          poll.kick();
          readAgent.kick();
        }
      }
    },
    unmount() {
      poll.stop();
      readAgent.stop();
      tasks.destroy();
    },
  };
}
