import { h, fill, facts, panel, table, link } from '../dom.js';
import { jsonp, agentBase, poller } from '../api.js';
import { stateName, stateClass, time, reason, source, resources } from '../format.js';
import { to } from '../router.js';

// One task: what it is, where it runs, its health, its status history, and a link to its sandbox.

/** The task's sandbox directory, from its agent's /state: its executor's, or tasks/<id> under a DEFAULT executor's. */
export function sandboxOf(agentState, frameworkId, taskId, executorId) {
  for (const f of [...(agentState.frameworks || []), ...(agentState.completed_frameworks || [])]) {
    if (f.id !== frameworkId) continue;
    for (const e of [...(f.executors || []), ...(f.completed_executors || [])]) {
      const tasks = [...(e.tasks || []), ...(e.queued_tasks || []), ...(e.completed_tasks || [])];
      if (e.id !== (executorId || taskId) && !tasks.some(t => t.id === taskId)) continue;
      return e.type === 'DEFAULT' ? `${e.directory}/tasks/${taskId}` : e.directory;
    }
  }
  return null;
}

function health(status) {
  if (!status || status.healthy === undefined) return 'no health check';
  return status.healthy ? 'healthy' : 'unhealthy';
}

function addresses(status) {
  const infos = (status && status.container_status && status.container_status.network_infos) || [];
  return infos.flatMap(n => (n.ip_addresses || []).map(a => a.ip_address)).filter(Boolean).join(', ');
}

export function mount(main, { store, params }) {
  const { frameworkId, taskId } = params;
  let sandbox;
  let sandboxError = '';
  const heading = h('h1', null, `Task ${taskId}`);
  const about = h('div');
  const sandboxBox = h('div');
  const history = h('div');
  fill(main,
    h('div', { class: 'crumbs' }, link(to.tasks(), 'Tasks'), ' / ', link(to.framework(frameworkId), frameworkId), ' / ', taskId),
    heading,
    h('div', { class: 'grid' }, panel('Task', about), panel('Sandbox', sandboxBox)),
    h('h2', null, 'Status history'), history);

  const findSandbox = poller(async () => {
    const task = store.task(frameworkId, taskId);
    const agent = task && store.agents.get(task.agentId);
    if (!agent || sandbox) return;
    try {
      sandbox = sandboxOf(await jsonp(`${agentBase(agent)}/state`), frameworkId, taskId, task.executorId) || undefined;
      sandboxError = sandbox ? '' : 'The agent no longer has this task\'s sandbox.';
    } catch (e) {
      sandboxError = `The agent could not be read: ${e.message}`;
    }
    drawSandbox();
  }, 5000);

  function drawAbout() {
    const task = store.task(frameworkId, taskId);
    if (!task) {
      fill(about, h('p', { class: 'muted' }, store.ready ? 'The master does not know this task (it may have been forgotten).' : 'Loading…'));
      fill(history);
      return;
    }
    const framework = store.frameworks.get(frameworkId);
    const agent = store.agents.get(task.agentId);
    const last = task.statuses[task.statuses.length - 1];
    heading.textContent = `Task ${task.name && task.name !== task.id ? `${task.name} (${task.id})` : task.id}`;
    const labels = (task.raw.labels && task.raw.labels.labels) || [];
    fill(about, facts([
      ['ID', task.id],
      ['Name', task.name],
      ['State', h('span', { class: stateClass(task.state), 'data-task-state': task.state }, stateName(task.state))],
      ['Framework', framework ? link(to.framework(frameworkId), framework.name || frameworkId) : frameworkId],
      ['Agent', agent ? link(to.agent(agent.id), agent.hostname) : task.agentId],
      ['Executor', task.executorId || '(command executor)'],
      ['Resources', resources(task.res)],
      ['Health', health(last)],
      ['IP addresses', addresses(last) || undefined],
      ['Labels', labels.length ? labels.map(l => `${l.key}=${l.value || ''}`).join(', ') : undefined],
    ]));
    fill(history, table(['State', 'Time', 'Reason', 'Message', 'Source', 'Health'],
      task.statuses.map(s => [
        h('span', { class: stateClass(s.state) }, stateName(s.state)),
        time(s.timestamp), reason(s.reason) || '—', s.message || '—', source(s.source) || '—', health(s),
      ])));
  }

  function drawSandbox() {
    const task = store.task(frameworkId, taskId);
    if (sandbox) {
      const files = name => link(to.browse(task.agentId, sandbox, { framework: frameworkId, task: taskId, file: name }), name);
      fill(sandboxBox,
        h('p', null, link(to.browse(task.agentId, sandbox, { framework: frameworkId, task: taskId }), 'Browse the sandbox')),
        h('p', null, 'Read ', files('stdout'), ' or ', files('stderr'), '.'),
        h('p', { class: 'muted mono' }, sandbox));
    } else {
      fill(sandboxBox, h('p', { class: sandboxError ? 'error' : 'muted' }, sandboxError || 'Finding the sandbox on the agent…'));
    }
  }

  drawAbout();
  drawSandbox();
  return {
    update(changed) {
      if (changed.has('tasks') || changed.has('agents') || changed.has('frameworks')) drawAbout();
      if (changed.has('tasks') || changed.has('agents')) findSandbox.kick();
    },
    unmount() {
      findSandbox.stop();
    },
  };
}
