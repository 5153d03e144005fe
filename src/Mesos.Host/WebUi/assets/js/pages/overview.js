import { h, fill, facts, panel, table, link } from '../dom.js';
import { call, get, poller } from '../api.js';
import { TASK_STATES, stateName, stateClass, isFailure, time, ago, mem, round, reason } from '../format.js';
import { to } from '../router.js';
import { lastStatusTime } from '../store.js';

// The cluster at a glance: who leads, how full it is, what runs, and what failed lately.
// Until the event stream's first event (the whole state: megabytes at ten thousand agents) has arrived,
// the counts and bars come from the master's metrics, a few kilobytes read at once.

const RESOURCES = [['cpus', round], ['gpus', round], ['mem', mem], ['disk', mem]];

export function mount(main, { store }) {
  let master = null;
  let cluster = '';
  let offered = {};
  let metrics = {};
  const heading = h('h1', null, 'Cluster');
  const about = h('div');
  const bars = h('div', { class: 'bars' });
  const agentCounts = h('div', { class: 'counts' });
  const frameworkCounts = h('div', { class: 'counts' });
  const taskCounts = h('div', { class: 'counts' });
  const failures = h('div');
  const error = h('p', { class: 'error', role: 'alert' });

  fill(main, heading, error,
    h('div', { class: 'grid' },
      panel('Master', about),
      panel('Resources', bars,
        h('div', { class: 'legend', 'aria-hidden': 'true' },
          h('span', null, h('i', { class: 'allocated' }), 'allocated'), h('span', null, h('i', { class: 'offered' }), 'offered'),
          h('span', null, h('i', { class: 'idle' }), 'idle'))),
      panel('Agents', agentCounts),
      panel('Frameworks', frameworkCounts)),
    panel('Tasks', taskCounts),
    h('h2', null, 'Recent task failures'), failures);

  (async () => {
    try {
      const [response, flags] = await Promise.all([call('GET_MASTER'), get('flags')]);
      master = response.get_master;
      cluster = (flags.flags && flags.flags.cluster) || '';
      drawAbout();
    } catch (e) {
      error.textContent = e.message;
    }
  })();

  const poll = poller(async () => {
    const [roles, snapshot] = await Promise.all([get('master/roles'), get('metrics/snapshot')]);
    offered = {};
    for (const role of roles.roles || []) {
      for (const [name, value] of Object.entries(role.offered || {})) if (typeof value === 'number') offered[name] = (offered[name] || 0) + value;
    }
    metrics = snapshot;
    drawBars();
    drawAgents();
    if (early()) {
      drawFrameworks();
      drawTasks();
    }
  }, 5000);

  function drawAbout() {
    heading.textContent = cluster ? `Cluster ${cluster}` : 'Cluster';
    document.title = `${heading.textContent} · Mesos`;
    if (!master) return;
    const info = master.master_info;
    const address = info.address ? `${info.address.hostname || info.address.ip}:${info.address.port}` : `${info.hostname}:${info.port}`;
    fill(about, facts([
      ['Cluster', cluster || '(unnamed)'],
      ['Version', info.version],
      ['Leader', address],
      ['Leader pid', h('span', { class: 'mono' }, info.pid)],
      ['Started', `${time(master.start_time)} (${ago(master.start_time)})`],
      ['Elected', time(master.elected_time)],
    ]));
  }

  // The metrics stand in for the store until it holds the cluster's state.
  const early = () => !store.ready && typeof metrics['master/elected'] === 'number';
  const metric = name => metrics[`master/${name}`] || 0;

  function totals() {
    if (!early()) return store.totals();
    const total = {};
    const allocated = {};
    for (const [name] of RESOURCES) {
      total[name] = metric(`${name}_total`);
      allocated[name] = metric(`${name}_used`);
    }
    return { total, allocated };
  }

  function drawBars() {
    const { total, allocated } = totals();
    fill(bars, RESOURCES.map(([name, show]) => {
      const t = total[name] || 0;
      const a = Math.min(t, allocated[name] || 0);
      const o = Math.min(t - a, offered[name] || 0);
      const idle = Math.max(0, t - a - o);
      const pct = x => (t > 0 ? `${(100 * x) / t}%` : '0');
      return h('div', { class: 'resource', 'data-resource': name },
        h('div', { class: 'bar-label' },
          h('b', null, name),
          h('span', null, `${show(a)} allocated · ${show(o)} offered · ${show(idle)} idle · ${show(t)} total`)),
        h('div', { class: 'bar', role: 'img', 'aria-label': `${name}: ${show(a)} allocated, ${show(o)} offered, ${show(idle)} idle of ${show(t)}` },
          h('span', { class: 'allocated', style: { width: pct(a) } }),
          h('span', { class: 'offered', style: { width: pct(o) } })));
    }));
  }

  function drawAgents() {
    let active = 0, deactivated = 0, unreachable = 0;
    for (const agent of store.agents.values()) {
      if (agent.removed) unreachable++;
      else if (agent.active) active++;
      else deactivated++;
    }
    // The master counts agents that stopped answering since it started; the stream only sees removals.
    if (early()) {
      active = metric('slaves_active');
      deactivated = metric('slaves_inactive');
      unreachable = metric('slaves_unreachable');
    } else if (typeof metrics['master/slaves_unreachable'] === 'number') {
      unreachable = metrics['master/slaves_unreachable'];
      deactivated = Math.max(0, store.agents.size - active - unreachable);
    }
    fill(agentCounts,
      count(active, 'active', to.agents()), count(deactivated, 'deactivated', to.agents()), count(unreachable, 'unreachable', to.agents()));
  }

  function drawFrameworks() {
    let active = 0, inactive = 0, completed = 0;
    for (const f of store.frameworks.values()) {
      if (f.completed) completed++;
      else if (f.active) active++;
      else inactive++;
    }
    if (early()) {
      active = metric('frameworks_active');
      inactive = metric('frameworks_inactive');
    }
    fill(frameworkCounts, count(active, 'active', to.frameworks()), count(inactive, 'inactive', to.frameworks()), count(completed, 'completed', to.frameworks()));
  }

  function drawTasks() {
    const counted = early() ? s => metric(`tasks_${s.slice('TASK_'.length).toLowerCase()}`) : s => store.stateCounts.get(s) || 0;
    const shown = TASK_STATES.filter(s => counted(s) > 0 || ['TASK_STAGING', 'TASK_RUNNING', 'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST'].includes(s));
    fill(taskCounts, shown.map(s => h('a', { class: 'count', href: to.tasks({ state: s }), 'data-state': s },
      h('b', null, String(counted(s))), ' ', h('span', { class: stateClass(s) }, stateName(s)))));
  }

  function drawFailures() {
    if (!store.ready) {
      fill(failures, h('p', { class: 'muted', 'data-loading': '' }, 'Loading the cluster\'s tasks…'));
      return;
    }
    const failed = [];
    for (const task of store.tasks.values()) if (isFailure(task.state)) failed.push(task);
    failed.sort((a, b) => lastStatusTime(b) - lastStatusTime(a));
    const rows = failed.slice(0, 10).map(task => {
      const last = task.statuses[task.statuses.length - 1] || {};
      const framework = store.frameworks.get(task.frameworkId);
      const agent = store.agents.get(task.agentId);
      return [
        link(to.task(task.frameworkId, task.id), task.name || task.id),
        h('span', { class: stateClass(task.state) }, stateName(task.state)),
        reason(last.reason) || '—',
        last.message || '—',
        framework ? link(to.framework(framework.id), framework.name) : task.frameworkId,
        agent ? link(to.agent(agent.id), agent.hostname) : task.agentId,
        time(lastStatusTime(task)),
      ];
    });
    fill(failures, table(['Task', 'State', 'Reason', 'Message', 'Framework', 'Agent', 'When'], rows));
  }

  function count(n, label, href) {
    return h('a', { class: 'count', href, 'data-count': label }, h('b', null, String(n)), ' ', label);
  }

  const drawAll = () => {
    drawAbout();
    drawBars();
    drawAgents();
    drawFrameworks();
    drawTasks();
    drawFailures();
  };
  drawAll();

  // Failures and counts scan every task: at most a few times a second, whatever the event rate.
  let throttle = 0;
  return {
    update(changed) {
      if (changed.has('agents')) {
        drawBars();
        drawAgents();
        poll.kick();
      }
      if (changed.has('frameworks')) drawFrameworks();
      if (changed.has('tasks') && !throttle) {
        throttle = setTimeout(() => {
          throttle = 0;
          drawTasks();
          drawFailures();
          drawBars();
        }, 250);
        poll.kick();
      }
    },
    unmount() {
      clearTimeout(throttle);
      poll.stop();
    },
  };
}
