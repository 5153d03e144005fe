// Marathon's page: routes in the URL's fragment (#/apps, #/apps/%2Fweb, #/apps/%2Fweb/edit, #/new,
// #/deployments, #/queue), each a view mounted once per route and refreshed every 2 s and after every action.
import { ApiError, get } from './api.js';
import { button, fill } from './dom.js';
import * as appsView from './views/apps.js';
import * as appView from './views/app.js';
import * as deploymentsView from './views/deployments.js';
import * as editorView from './views/editor.js';
import * as queueView from './views/queue.js';

const REFRESH_MS = 2000;
const view = document.getElementById('view');
const live = document.getElementById('live');
const message = document.getElementById('message');
let mounted = { key: null, view: null };
let refreshing = Promise.resolve();

function show(text, ...actions) {
  fill(message, text, actions.length ? ' ' : null, actions);
  message.hidden = !text;
}

function setLive(up) {
  live.textContent = up ? 'live' : 'disconnected';
  live.className = up ? 'live' : 'live is-down';
}

/** What the views share with the page: acting, navigating, reporting. */
const ctx = {
  show,
  // Mounted at once, not on the hashchange event, so that the refresh after an action already draws the new route.
  go(hash) {
    location.hash = hash;
    navigate();
  },
  refresh,
  /**
   * Runs an action of the user's, given whether to force it; a 409 (the app is locked by a deployment) offers to
   * force it, as Marathon's UI does. The page is refreshed after, whatever came of it.
   */
  async act(work) {
    try {
      await work(false);
      show('');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) show(e.message, button('Force', 'force', () => ctx.act(() => work(true))));
      else show(e.message);
    }
    await refresh();
  },
};

function route() {
  const [section = 'apps', id, sub] = location.hash.replace(/^#\/?/, '').split('/').map(s => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  if (section === 'apps' && id) return sub === 'edit' ? [`edit ${id}`, 'apps', () => editorView.mount(view, ctx, id)] : [`app ${id}`, 'apps', () => appView.mount(view, ctx, id)];
  if (section === 'new') return ['new', 'apps', () => editorView.mount(view, ctx, null)];
  if (section === 'deployments') return ['deployments', 'deployments', () => deploymentsView.mount(view, ctx)];
  if (section === 'queue') return ['queue', 'queue', () => queueView.mount(view, ctx)];
  return ['apps', 'apps', () => appsView.mount(view, ctx)];
}

/** Mounts the view of the current route unless it is mounted already; says whether it mounted one. */
function navigate() {
  const [key, section, mount] = route();
  if (key === mounted.key) return false;
  show('');
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('is-current', link.dataset.section === section);
  mounted = { key, view: mount() };
  return true;
}

function count(id, n) {
  document.getElementById(id).textContent = n > 0 ? String(n) : '';
}

/** One refresh at a time, in order, so that an older answer never draws over a newer one. */
function refresh() {
  refreshing = refreshing.then(async () => {
    let shared;
    try {
      const [deployments, queue] = await Promise.all([get('v2/deployments'), get('v2/queue?embed=lastUnusedOffers')]);
      shared = { deployments, queue: queue.queue };
      setLive(true);
    } catch {
      setLive(false);
      return;
    }
    count('deployments-count', shared.deployments.length);
    count('queue-count', shared.queue.length);
    try {
      await mounted.view.refresh(shared);
    } catch (e) {
      if (e instanceof ApiError) show(e.message);
      else setLive(false);
    }
  });
  return refreshing;
}

async function tick() {
  await refresh();
  setTimeout(tick, REFRESH_MS);
}

window.addEventListener('hashchange', () => {
  if (navigate()) refresh();
});
navigate();
tick();
