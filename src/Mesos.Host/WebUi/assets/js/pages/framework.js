import { h, fill, facts, panel, table, link } from '../dom.js';
import { call, poller } from '../api.js';
import { resources, scalars, time } from '../format.js';
import { to } from '../router.js';
import { frameworkState } from './frameworks.js';
import { taskTable } from './tasktable.js';

// One framework: who it is, its roles and capabilities, what it holds and is offered, its tasks.

export function mount(main, { store, params }) {
  const id = params.id;
  let detail = null;
  const heading = h('h1', null, `Framework ${id}`);
  const about = h('div');
  const resourceBox = h('div');
  const offerBox = h('div');
  const tasks = taskTable(store, { label: 'Tasks of this framework', without: ['framework'] });
  fill(main,
    h('div', { class: 'crumbs' }, link(to.frameworks(), 'Frameworks'), ' / ', id),
    heading,
    h('p', null, link(to.waiting(id), 'Why is it waiting? Its shares, quota, suppressed roles, filters and declined offers')),
    h('div', { class: 'grid' }, panel('Framework', about), panel('Resources', resourceBox)),
    h('h2', null, 'Outstanding offers'), offerBox,
    h('h2', null, 'Tasks'), tasks.element);

  // Offers are not in the event stream: GET_FRAMEWORKS has them (and no tasks, which the stream gives).
  const poll = poller(async () => {
    const answer = (await call('GET_FRAMEWORKS')).get_frameworks;
    detail = [...(answer.frameworks || []), ...(answer.completed_frameworks || [])].find(f => f.framework_info.id.value === id) || null;
    drawResources();
    drawOffers();
  }, 5000);

  function drawAbout() {
    const f = store.frameworks.get(id);
    if (!f) {
      fill(about, h('p', { class: 'muted' }, store.ready ? 'The master does not know this framework.' : 'Loading…'));
      return;
    }
    heading.textContent = `Framework ${f.name || id}`;
    const info = f.info;
    fill(about, facts([
      ['ID', f.id],
      ['Name', info.name],
      ['State', frameworkState(f)],
      ['User', info.user],
      ['Principal', info.principal || ''],
      ['Roles', f.roles.join(', ')],
      ['Capabilities', (info.capabilities || []).map(c => c.type).join(', ') || 'none'],
      ['Hostname', info.hostname || ''],
      ['Web UI', info.webui_url ? h('a', { href: info.webui_url, rel: 'noopener noreferrer' }, info.webui_url) : ''],
      ['Failover timeout', `${info.failover_timeout || 0} s`],
      ['Checkpoint', info.checkpoint ? 'yes' : 'no'],
      ['Registered', time(f.registeredTime)],
      ['Re-registered', f.reregisteredTime ? time(f.reregisteredTime) : undefined],
      ['Unregistered', f.unregisteredTime ? time(f.unregisteredTime) : undefined],
    ]));
  }

  function drawResources() {
    const f = store.frameworks.get(id);
    fill(resourceBox, facts([
      ['Allocated', resources(f ? f.allocated : {})],
      ['Offered', detail ? resources(scalars(detail.offered_resources)) : '…'],
    ]));
  }

  function drawOffers() {
    const offers = detail ? detail.offers || [] : [];
    fill(offerBox, table(['Offer', 'Agent', 'Role', 'Resources'], offers.map(o => {
      const agent = store.agents.get(o.agent_id.value);
      return [
        h('span', { class: 'mono' }, o.id.value),
        agent ? link(to.agent(agent.id), agent.hostname) : o.agent_id.value,
        o.allocation_info ? o.allocation_info.role : '',
        resources(scalars(o.resources)),
      ];
    })));
  }

  const drawTasks = () => tasks.setRows(store.tasksOf(store.tasksByFramework, id));
  drawAbout();
  drawResources();
  drawOffers();
  drawTasks();
  return {
    update(changed) {
      if (changed.has('frameworks')) {
        drawAbout();
        drawResources();
      }
      if (changed.has('tasks')) {
        drawTasks();
        poll.kick();
      }
    },
    unmount() {
      poll.stop();
      tasks.destroy();
    },
  };
}
