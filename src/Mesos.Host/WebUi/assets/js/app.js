import { Store } from './store.js';
import { openEventStream } from './stream.js';
import { current } from './router.js';
import { fill, h } from './dom.js';
import * as overview from './pages/overview.js';
import * as agents from './pages/agents.js';
import * as agent from './pages/agent.js';
import * as frameworks from './pages/frameworks.js';
import * as framework from './pages/framework.js';
import * as waiting from './pages/waiting.js';
import * as tasks from './pages/tasks.js';
import * as task from './pages/task.js';
import * as sandbox from './pages/sandbox.js';
import * as offers from './pages/offers.js';
import * as roles from './pages/roles.js';

// The UI's entry: one store fed by the operator event stream, and the page the route names, which
// hears of every change the store makes and redraws only what it shows.

const store = new Store();
const main = document.getElementById('main');
const live = document.getElementById('live');

function resolve({ segments }) {
  const [first, id, sub, subId] = segments;
  switch (first) {
    case undefined: return { tab: 'overview', page: overview };
    case 'agents':
      if (id === undefined) return { tab: 'agents', page: agents };
      if (sub === 'browse') return { tab: 'tasks', page: sandbox, params: { agentId: id } };
      return { tab: 'agents', page: agent, params: { id } };
    case 'frameworks':
      if (id === undefined) return { tab: 'frameworks', page: frameworks };
      if (sub === 'waiting') return { tab: 'frameworks', page: waiting, params: { id } };
      if (sub === 'tasks' && subId !== undefined) return { tab: 'tasks', page: task, params: { frameworkId: id, taskId: subId } };
      return { tab: 'frameworks', page: framework, params: { id } };
    case 'tasks': return { tab: 'tasks', page: tasks };
    case 'offers': return { tab: 'offers', page: offers };
    case 'roles': return { tab: 'roles', page: roles };
    default: return { tab: null, page: null };
  }
}

let mounted = null;
let mountedPath = null;

function route() {
  const where = current();
  const path = where.segments.join('/');
  const { tab, page, params } = resolve(where);
  for (const a of document.querySelectorAll('#tabs a')) {
    if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // The same page with another query (a filter) keeps its state: it reads the query itself.
  if (mounted && mountedPath === path && mounted.query) {
    mounted.query(where.query);
    return;
  }
  if (mounted && mounted.unmount) mounted.unmount();
  mounted = null;
  mountedPath = path;
  fill(main);
  if (!page) {
    fill(main, h('h1', null, 'Not found'), h('p', null, 'No page is at this address. ', h('a', { href: '#/' }, 'Overview')));
    document.title = 'Not found · Mesos';
    return;
  }
  mounted = page.mount(main, { store, params: params || {}, query: where.query });
  const heading = main.querySelector('h1');
  document.title = `${heading ? heading.textContent : 'Mesos'} · Mesos`;
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

store.subscribe(changed => {
  if (changed.has('status')) {
    const labels = { live: 'live', connecting: 'connecting', reconnecting: 'reconnecting…' };
    live.textContent = labels[store.status] || store.status;
    live.classList.toggle('is-live', store.status === 'live');
    live.classList.toggle('is-down', store.status === 'reconnecting');
  }
  if (mounted && mounted.update) mounted.update(changed);
});

window.addEventListener('hashchange', route);
openEventStream({ onEvent: e => store.apply(e), onStatus: s => store.setStatus(s) });
route();
