// One application: what it runs, its tasks with their agents and states, its deployments and versions, and the
// actions on it (scale, restart, suspend, destroy, edit). Suspend is a scale to 0, as in Marathon's UI.
import { ApiError, appPath, appRoute, get, request } from '../api.js';
import { button, facts, fill, h, table, time } from '../dom.js';
import { appStatus, healthText, stateName } from '../status.js';

const force = yes => (yes ? '?force=true' : '');

/** The first master's web UI, which has a page for every agent and task. */
function masterUi(info) {
  const master = ((info.marathon_config && info.marathon_config.master) || '').split(',')[0].trim();
  return master ? `http://${master}/` : null;
}

function command(app) {
  if (app.cmd) return h('code', null, app.cmd);
  if (app.args && app.args.length) return h('code', null, app.args.join(' '));
  return null;
}

function taskRow(task, app, info) {
  const ui = masterUi(info);
  const agent = ui ? h('a', { href: `${ui}#/agents/${encodeURIComponent(task.slaveId)}` }, task.host) : task.host;
  const id = ui && info.frameworkId ? h('a', { href: `${ui}#/frameworks/${encodeURIComponent(info.frameworkId)}/tasks/${encodeURIComponent(task.id)}` }, task.id) : task.id;
  const checked = task.healthCheckResults && task.healthCheckResults.length ? task.healthCheckResults[0].alive : null;
  return h('tr', { 'data-task': task.id },
    h('td', { class: 'task-id' }, id),
    h('td', { class: 'host' }, agent),
    h('td', { class: 'state' }, h('span', { class: `badge state-${stateName(task.state).toLowerCase()}` }, stateName(task.state))),
    h('td', { class: 'task-health' }, checked === null ? '—' : checked ? 'healthy' : 'unhealthy'),
    h('td', { class: 'ports' }, (task.ports || []).join(', ') || '—'),
    h('td', { class: 'started' }, time(task.startedAt || task.stagedAt)),
    // A scale makes a new version without changing what tasks run: only a task older than the last change of config is old.
    h('td', { class: 'version' }, new Date(task.version) >= new Date(app.versionInfo.lastConfigChangeAt) ? 'current' : ['old config, ', time(task.version)]));
}

function deploymentItem(deployment, id) {
  const mine = deployment.currentActions.filter(a => a.app === id);
  return h('li', { 'data-deployment': deployment.id },
    h('code', null, deployment.id), ': ',
    mine.map(a => `${a.action}${a.waiting ? `, ${a.waiting}` : ''}`).join('; '));
}

export function mount(el, ctx, id) {
  const title = h('h2', null, id, ' ', h('span', { class: 'badge app-status' }));
  const instances = h('input', { id: 'scale-instances', type: 'number', min: '0', step: '1', 'aria-label': 'Instances' });
  const confirm = h('span', { class: 'confirm', hidden: true });
  const details = h('div');
  const deployments = h('ul', { class: 'app-deployments' });
  const tasks = h('div');
  const versions = h('ul', { class: 'versions' });
  const shown = new Map();
  let info = { marathon_config: {} };
  let scaled = false;

  const scale = n => ctx.act(yes => request('PUT', appPath(id) + force(yes), { instances: n }));
  const actions = h('div', { class: 'actions' },
    h('label', { for: 'scale-instances' }, 'Instances'), instances,
    button('Scale', 'scale', () => {
      const n = Number(instances.value);
      if (!Number.isInteger(n) || n < 0) ctx.show(`Instances must be a whole number of 0 or more, not '${instances.value}'`);
      else scale(n);
    }),
    button('Restart', 'restart', () => ctx.act(yes => request('POST', `${appPath(id)}/restart${force(yes)}`))),
    button('Suspend', 'suspend', () => scale(0)),
    h('a', { class: 'button edit', href: `${appRoute(id)}/edit` }, 'Edit'),
    button('Destroy', 'destroy danger', () => {
      fill(confirm, `Destroy ${id} and kill its tasks? `,
        button('Destroy', 'confirm-destroy danger', () => ctx.act(async yes => {
          await request('DELETE', appPath(id) + force(yes));
          ctx.go('#/apps');
        })), ' ',
        button('Cancel', 'cancel', () => {
          confirm.hidden = true;
        }));
      confirm.hidden = false;
    }),
    confirm);
  const page = h('div', { class: 'app-page' }, actions, details,
    h('h3', null, 'Deployments'), deployments,
    h('h3', null, 'Tasks'), tasks,
    h('h3', null, 'Versions'), versions);
  fill(el, h('p', null, h('a', { href: '#/apps' }, '← Applications')), title, page);

  // An older version's definition, put as the app's: a deployment back to it.
  const apply = v => ctx.act(async yes => {
    const definition = await get(`${appPath(id)}/versions/${encodeURIComponent(v)}`);
    delete definition.version;
    delete definition.versionInfo;
    await request('PUT', appPath(id) + force(yes), definition);
  });

  function drawVersions(list, current) {
    fill(versions, list.map(v => h('li', { 'data-version': v },
      time(v), v === current ? h('span', { class: 'badge' }, 'current') : null, ' ',
      button(shown.has(v) ? 'Hide' : 'Show', 'show', async () => {
        if (shown.has(v)) shown.delete(v);
        else shown.set(v, await get(`${appPath(id)}/versions/${encodeURIComponent(v)}`));
        drawVersions(list, current);
      }),
      v === current ? null : button('Apply', 'apply', () => apply(v)),
      shown.has(v) ? h('pre', { class: 'json' }, JSON.stringify(shown.get(v), null, 2)) : null)));
  }

  return {
    async refresh(shared) {
      let app;
      try {
        [{ app }, info] = await Promise.all([get(appPath(id)), get('v2/info')]);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e;
        fill(page, h('p', { class: 'muted gone' }, `App ${id} does not exist.`));
        return;
      }
      const queued = shared.queue.find(entry => entry.app.id === id);
      const status = appStatus(app, queued);
      const badge = title.querySelector('.app-status');
      badge.textContent = status;
      badge.className = `badge app-status status-${status.toLowerCase()}`;
      if (!scaled) {
        instances.value = String(app.instances);
        scaled = true;
      }
      fill(details, facts([
        ['Command', command(app)],
        ['Image', app.container && app.container.docker ? app.container.docker.image : null],
        ['CPUs', String(app.cpus)],
        ['Memory', `${app.mem} MiB`],
        ['Disk', `${app.disk} MiB`],
        ['Instances', `${app.tasksRunning} running, ${app.tasksStaged} staged, of ${app.instances}`],
        ['Health', healthText(app)],
        ['Constraints', (app.constraints || []).map(c => c.join(' ')).join('; ')],
        ['Version', time(app.version)],
        ['Last config change', time(app.versionInfo.lastConfigChangeAt)],
        ['Last scaling', time(app.versionInfo.lastScalingAt)],
      ]));
      const mine = shared.deployments.filter(d => d.affectedApps.includes(id));
      fill(deployments, mine.length ? mine.map(d => deploymentItem(d, id)) : h('li', { class: 'muted' }, 'None'));
      fill(tasks, table('tasks', ['Task', 'Agent', 'State', 'Health', 'Ports', 'Started', 'Version'],
        app.tasks.map(task => taskRow(task, app, info)), 'No tasks'));
      const { versions: list } = await get(`${appPath(id)}/versions`);
      drawVersions(list, app.version);
    },
  };
}
