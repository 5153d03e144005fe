// The applications: each with its status, resources, running instances against the wanted count, and health.
import { appRoute, get } from '../api.js';
import { fill, h, table } from '../dom.js';
import { appStatus, health, healthText } from '../status.js';

function healthBar(app) {
  const counts = health(app);
  if (counts === null) return h('span', { class: 'muted' }, healthText(app));
  const total = Math.max(1, counts.healthy + counts.unhealthy + counts.unknown);
  const part = (n, className) => (n > 0 ? h('span', { class: className, style: `width: ${(100 * n) / total}%` }) : null);
  return [h('span', { class: 'bar', 'aria-hidden': 'true' }, part(counts.healthy, 'healthy'), part(counts.unhealthy, 'unhealthy'), part(counts.unknown, 'unknown')),
    h('span', { class: 'bar-text' }, healthText(app))];
}

function row(app, queued) {
  const status = appStatus(app, queued);
  return h('tr', { 'data-app': app.id },
    h('td', { class: 'id' }, h('a', { href: appRoute(app.id) }, app.id)),
    h('td', { class: 'status' }, h('span', { class: `badge status-${status.toLowerCase()}` }, status)),
    h('td', { class: 'cpus num' }, String(app.cpus)),
    h('td', { class: 'mem num' }, `${app.mem} MiB`),
    h('td', { class: 'instances num' }, `${app.tasksRunning} of ${app.instances}`),
    h('td', { class: 'health' }, healthBar(app)));
}

export function mount(el) {
  const body = h('div');
  fill(el, h('h2', null, 'Applications'), body);
  return {
    async refresh(shared) {
      const { apps } = await get('v2/apps');
      const queued = new Map(shared.queue.map(entry => [entry.app.id, entry]));
      apps.sort((a, b) => a.id.localeCompare(b.id));
      fill(body, table('apps', ['ID', 'Status', 'CPUs', 'Memory', 'Running instances', 'Health'], apps.map(app => row(app, queued.get(app.id))),
        'No applications yet: create one with the button above, or POST it to /v2/apps.'));
    },
  };
}
