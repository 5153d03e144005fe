// The deployments in progress: which apps each changes, what each current action waits for, and the two ways
// to end one early: roll it back (a deployment to the versions before it) or stop it where it is.
import { appRoute, request } from '../api.js';
import { button, fill, h, table, time } from '../dom.js';

function row(deployment, ctx) {
  const end = forced => ctx.act(() => request('DELETE', `v2/deployments/${encodeURIComponent(deployment.id)}${forced ? '?force=true' : ''}`));
  return h('tr', { 'data-deployment': deployment.id },
    h('td', { class: 'deployment-id' }, h('code', null, deployment.id)),
    h('td', { class: 'affected' }, deployment.affectedApps.map((id, i) => [i ? ', ' : null, h('a', { href: appRoute(id) }, id)])),
    h('td', { class: 'current' }, h('ul', { class: 'plain' }, deployment.currentActions.map(a =>
      h('li', null, h('strong', null, a.action), ' ', a.app, a.waiting ? h('span', { class: 'waiting' }, ` ${a.waiting}`) : null)))),
    h('td', { class: 'step num' }, `${deployment.currentStep} of ${deployment.totalSteps}`),
    h('td', { class: 'version' }, time(deployment.version)),
    h('td', { class: 'row-actions' }, button('Roll back', 'rollback', () => end(false)), ' ', button('Stop', 'stop', () => end(true))));
}

export function mount(el, ctx) {
  const body = h('div');
  fill(el, h('h2', null, 'Deployments'),
    h('p', { class: 'muted' }, 'Roll back deploys the versions the apps had before; Stop leaves them as they are now.'), body);
  return {
    async refresh(shared) {
      fill(body, table('deployments', ['ID', 'Apps', 'Current actions', 'Step', 'Started', ''], shared.deployments.map(d => row(d, ctx)), 'No deployment in progress'));
    },
  };
}
