import { isTerminal, scalars, timeInfo } from './format.js';

// The cluster as the operator event stream tells it: agents, frameworks, tasks and executors, with
// indexes the pages read (tasks by framework and by agent, counts by state, what each agent and framework
// is allocated). Every event changes only what it names; listeners hear once per animation frame which
// kinds of things changed, so a burst of updates costs one render.

const taskKey = (frameworkId, taskId) => `${frameworkId}\u0000${taskId}`;

function addScalars(into, map, sign) {
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'number') continue;
    into[name] = (into[name] || 0) + sign * value;
    if (Math.abs(into[name]) < 1e-9) into[name] = 0;
  }
}

export class Store {
  constructor() {
    this.listeners = new Set();
    this.changed = new Set();
    this.frame = 0;
    this.status = 'connecting';
    this.lastEvent = 0;
    this.reset();
  }

  reset() {
    this.ready = false;
    this.agents = new Map();
    this.frameworks = new Map();
    this.tasks = new Map();
    this.executors = [];
    this.tasksByFramework = new Map();
    this.tasksByAgent = new Map();
    this.stateCounts = new Map();
    this.versions = { agents: 0, frameworks: 0, tasks: 0 };
  }

  /** Calls `listener(changedKinds)` after changes, at most once per frame; returns the unsubscribe. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  touch(kind) {
    this.changed.add(kind);
    if (kind in this.versions) this.versions[kind]++;
    if (this.frame) return;
    const flush = () => {
      this.frame = 0;
      const changed = this.changed;
      this.changed = new Set();
      for (const listener of [...this.listeners]) listener(changed);
    };
    // A hidden tab gets no animation frames: then a timer flushes, so the page is current when shown.
    this.frame = document.hidden ? setTimeout(flush, 250) : requestAnimationFrame(flush);
  }

  setStatus(status) {
    this.status = status;
    this.touch('status');
  }

  apply(event) {
    this.lastEvent = Date.now();
    switch (event.type) {
      case 'SUBSCRIBED': return this.load(event.subscribed.get_state);
      case 'TASK_ADDED': return this.addTask(event.task_added.task);
      case 'TASK_UPDATED': return this.updateTask(event.task_updated);
      case 'FRAMEWORK_ADDED': return this.putFramework(event.framework_added.framework, false);
      case 'FRAMEWORK_UPDATED': return this.putFramework(event.framework_updated.framework, false);
      case 'FRAMEWORK_REMOVED': return this.removeFramework(event.framework_removed.framework_info);
      case 'AGENT_ADDED': return this.putAgent(event.agent_added.agent);
      case 'AGENT_REMOVED': return this.removeAgent(event.agent_removed.agent_id.value);
      default: return undefined; // HEARTBEAT, and events this page does not show
    }
  }

  load(state) {
    this.reset();
    const agents = (state.get_agents && state.get_agents.agents) || [];
    for (const agent of agents) this.putAgent(agent);
    const frameworks = state.get_frameworks || {};
    for (const f of frameworks.frameworks || []) this.putFramework(f, false);
    for (const f of frameworks.completed_frameworks || []) this.putFramework(f, true);
    this.executors = ((state.get_executors && state.get_executors.executors) || []).map(e => ({
      agentId: e.agent_id.value, info: e.executor_info, res: scalars(e.executor_info.resources),
    }));
    for (const e of this.executors) {
      const agent = this.agents.get(e.agentId);
      if (agent) addScalars(agent.allocated, e.res, 1);
      const framework = e.info.framework_id && this.frameworks.get(e.info.framework_id.value);
      if (framework) addScalars(framework.allocated, e.res, 1);
    }
    const tasks = state.get_tasks || {};
    for (const list of ['pending_tasks', 'tasks', 'unreachable_tasks', 'completed_tasks']) {
      for (const task of tasks[list] || []) this.addTask(task);
    }
    this.ready = true;
    this.touch('agents');
    this.touch('frameworks');
    this.touch('tasks');
  }

  /**
   * Agents read on their own (GET_AGENTS, what each is allocated included) while the whole state is still
   * coming: at ten thousand agents and a hundred thousand tasks they are a small part of it, and the agents
   * page draws them at once. The state replaces them when it arrives.
   */
  preloadAgents(agents) {
    if (this.ready) return;
    for (const a of agents) {
      this.putAgent(a);
      this.agents.get(a.agent_info.id.value).allocated = scalars(a.allocated_resources);
    }
  }

  putAgent(a) {
    const info = a.agent_info;
    const id = info.id.value;
    const previous = this.agents.get(id);
    const agent = {
      id,
      hostname: info.hostname,
      port: info.port,
      pid: a.pid,
      attributes: info.attributes || [],
      active: !!a.active,
      removed: false,
      version: a.version,
      registeredTime: timeInfo(a.registered_time),
      total: scalars(a.total_resources),
      offered: scalars(a.offered_resources),
      allocated: previous ? previous.allocated : {},
    };
    this.agents.set(id, agent);
    this.touch('agents');
  }

  removeAgent(id) {
    const agent = this.agents.get(id);
    if (!agent) return;
    agent.active = false;
    agent.removed = true;
    this.touch('agents');
  }

  putFramework(f, completed) {
    const info = f.framework_info;
    const id = info.id.value;
    const previous = this.frameworks.get(id);
    this.frameworks.set(id, {
      id,
      info,
      name: info.name,
      roles: info.roles && info.roles.length ? info.roles : [info.role || '*'],
      active: !!f.active,
      connected: !!f.connected,
      completed,
      registeredTime: timeInfo(f.registered_time),
      reregisteredTime: timeInfo(f.reregistered_time),
      unregisteredTime: timeInfo(f.unregistered_time),
      allocated: previous ? previous.allocated : {},
    });
    this.touch('frameworks');
  }

  removeFramework(info) {
    const framework = this.frameworks.get(info.id.value);
    if (!framework) return;
    framework.completed = true;
    framework.active = false;
    framework.connected = false;
    framework.unregisteredTime = Date.now() / 1000;
    this.touch('frameworks');
  }

  addTask(t) {
    const frameworkId = t.framework_id.value;
    const agentId = t.agent_id ? t.agent_id.value : '';
    const key = taskKey(frameworkId, t.task_id.value);
    const existing = this.tasks.get(key);
    if (existing) this.forgetTask(existing);
    const task = {
      key,
      id: t.task_id.value,
      name: t.name || '',
      frameworkId,
      agentId,
      executorId: t.executor_id ? t.executor_id.value : '',
      state: t.state,
      statuses: t.statuses ? [...t.statuses] : [],
      res: scalars(t.resources),
      raw: t,
    };
    this.tasks.set(key, task);
    this.index(this.tasksByFramework, frameworkId, key);
    if (agentId) this.index(this.tasksByAgent, agentId, key);
    this.count(task.state, 1);
    if (!isTerminal(task.state)) this.allocate(task, 1);
    this.touch('tasks');
  }

  updateTask({ framework_id: frameworkId, status, state }) {
    const task = this.tasks.get(taskKey(frameworkId.value, status.task_id.value));
    if (!task) return;
    const last = task.statuses[task.statuses.length - 1];
    if (last && last.state === status.state) task.statuses[task.statuses.length - 1] = status;
    else task.statuses.push(status);
    if (state !== task.state) {
      this.count(task.state, -1);
      this.count(state, 1);
      if (isTerminal(state) && !isTerminal(task.state)) this.allocate(task, -1);
      if (!isTerminal(state) && isTerminal(task.state)) this.allocate(task, 1);
      task.state = state;
    }
    this.touch('tasks');
  }

  forgetTask(task) {
    this.count(task.state, -1);
    if (!isTerminal(task.state)) this.allocate(task, -1);
    this.tasksByFramework.get(task.frameworkId)?.delete(task.key);
    this.tasksByAgent.get(task.agentId)?.delete(task.key);
  }

  allocate(task, sign) {
    const agent = this.agents.get(task.agentId);
    if (agent) addScalars(agent.allocated, task.res, sign);
    const framework = this.frameworks.get(task.frameworkId);
    if (framework) addScalars(framework.allocated, task.res, sign);
    this.touch('agents');
    this.touch('frameworks');
  }

  index(map, key, taskKeyValue) {
    let set = map.get(key);
    if (!set) map.set(key, set = new Set());
    set.add(taskKeyValue);
  }

  count(state, delta) {
    this.stateCounts.set(state, (this.stateCounts.get(state) || 0) + delta);
  }

  task(frameworkId, taskId) {
    return this.tasks.get(taskKey(frameworkId, taskId));
  }

  tasksOf(map, id) {
    const keys = map.get(id);
    return keys ? [...keys].map(k => this.tasks.get(k)).filter(Boolean) : [];
  }

  /** Totals of every reachable agent, and what is allocated of them. */
  totals() {
    const total = {};
    const allocated = {};
    for (const agent of this.agents.values()) {
      if (agent.removed) continue;
      addScalars(total, agent.total, 1);
      addScalars(allocated, agent.allocated, 1);
    }
    return { total, allocated };
  }
}

/** The time of a task's latest status, in seconds. */
export function lastStatusTime(task) {
  const last = task.statuses[task.statuses.length - 1];
  return last && last.timestamp ? last.timestamp : 0;
}
