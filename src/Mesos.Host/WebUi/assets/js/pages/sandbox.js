import { h, fill, table, link } from '../dom.js';
import { jsonp, agentBase } from '../api.js';
import { bytes, time } from '../format.js';
import { to, href } from '../router.js';

// A sandbox on an agent, through the agent's /files endpoints as Mesos documents them: browse a
// directory (GET /files/browse?path=), read a file from an offset (GET /files/read?path=&offset=&length=,
// answering {data, offset}) with a live tail, and download it (GET /files/download?path=).

const CHUNK = 64 * 1024;
const TAIL_MS = 1000;

export function mount(main, { store, params, query }) {
  const agentId = params.agentId;
  const heading = h('h1', null, 'Sandbox');
  const crumbs = h('div', { class: 'crumbs' });
  const listing = h('div', null, h('p', { class: 'muted' }, 'Reading the directory…'));
  const viewer = h('section', { 'aria-label': 'File' });
  fill(main, crumbs, heading, listing, viewer);

  let state = { path: '', file: '' };
  let entries = [];
  let tail = null;
  let listed = '';

  const base = () => {
    const agent = store.agents.get(agentId);
    return agent ? agentBase(agent) : null;
  };

  function read(q) {
    state = { path: q.get('path') || '', file: q.get('file') || '', framework: q.get('framework') || '', task: q.get('task') || '' };
    drawCrumbs();
    if (listed !== state.path) browse();
    else view();
  }

  function drawCrumbs() {
    const parts = [link(to.agents(), 'Agents'), ' / ', link(to.agent(agentId), store.agents.get(agentId)?.hostname || agentId)];
    if (state.task) parts.push(' / ', link(to.task(state.framework, state.task), `task ${state.task}`));
    fill(crumbs, parts);
    heading.textContent = state.file ? `${state.file} in the sandbox` : 'Sandbox';
  }

  const here = extra => href(['agents', agentId, 'browse'], { path: state.path, framework: state.framework, task: state.task, ...extra });

  async function browse() {
    const url = base();
    if (!url) {
      fill(listing, h('p', { class: 'muted' }, store.ready ? 'The master does not know this agent.' : 'Loading…'));
      return;
    }
    listed = state.path;
    try {
      entries = await jsonp(`${url}/files/browse`, { path: state.path });
    } catch (e) {
      listed = '';
      fill(listing, h('p', { class: 'error', role: 'alert' }, `The agent's files could not be read: ${e.message}`));
      return;
    }
    entries.sort((a, b) => (a.mode.startsWith('d') === b.mode.startsWith('d') ? a.path.localeCompare(b.path) : a.mode.startsWith('d') ? -1 : 1));
    const name = entry => entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const parent = state.path.replace(/\/[^/]*\/?$/, '');
    fill(listing,
      h('p', { class: 'mono' }, state.path),
      table(['Name', 'Size', 'Modified', 'Mode', ''], [
        ...(state.task ? [] : [[link(href(['agents', agentId, 'browse'], { path: parent }), '..'), '', '', '', '']]),
        ...entries.map(entry => {
          const directory = entry.mode.startsWith('d');
          // The agent shows a symlink that stays in the sandbox as what it points to: one still
          // listed as a link leads out (or nowhere), and the agent would refuse to follow it.
          if (entry.mode.startsWith('l')) {
            return [h('span', { title: 'A link out of the sandbox, which the agent does not follow' }, `${name(entry)} ↗`), '', time(entry.mtime), h('span', { class: 'mono' }, entry.mode), ''];
          }
          return [
            directory
              ? link(href(['agents', agentId, 'browse'], { path: entry.path, framework: state.framework, task: state.task }), `${name(entry)}/`)
              : link(here({ file: name(entry) }), name(entry)),
            directory ? '' : bytes(entry.size),
            time(entry.mtime),
            h('span', { class: 'mono' }, entry.mode),
            directory ? '' : h('a', { href: `${url}/files/download?${new URLSearchParams({ path: entry.path })}`, download: name(entry) }, 'Download'),
          ];
        }),
      ]));
    view();
  }

  function view() {
    if (tail) tail.stop();
    tail = null;
    if (!state.file) {
      fill(viewer);
      return;
    }
    const entry = entries.find(e => e.path.endsWith(`/${state.file}`) && !e.mode.startsWith('d'));
    const url = base();
    const pre = h('pre', { class: 'pre', tabindex: '0', 'aria-label': `${state.file}, last part, following new output`, 'data-file': state.file });
    const note = h('p', { class: 'muted', 'aria-live': 'polite' });
    fill(viewer, h('h2', null, state.file), note, pre);
    if (!entry || !url) {
      note.textContent = 'No such file in this directory.';
      return;
    }
    tail = follow(url, entry.path, Math.max(0, entry.size - CHUNK), pre, note);
  }

  read(query);
  return {
    query: read,
    update(changed) {
      if (changed.has('agents') && !listed) browse();
    },
    unmount() {
      if (tail) tail.stop();
    },
  };
}

/** Reads the file from `offset` on and keeps reading what is appended, as `tail -f` does. */
function follow(url, path, offset, pre, note) {
  let stopped = false;
  let timer = 0;
  let position = offset;
  note.textContent = offset > 0 ? `Showing the end of the file, from byte ${offset}.` : '';
  const step = async () => {
    if (stopped) return;
    try {
      const chunk = await jsonp(`${url}/files/read`, { path, offset: String(position), length: String(CHUNK) });
      if (stopped) return;
      if (chunk.data && chunk.data.length) {
        const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        pre.append(chunk.data);
        position = chunk.offset + new TextEncoder().encode(chunk.data).length;
        if (atBottom) pre.scrollTop = pre.scrollHeight;
        timer = setTimeout(step, 0);
        return;
      }
    } catch (e) {
      note.textContent = `Reading stopped: ${e.message}`;
      return;
    }
    timer = setTimeout(step, TAIL_MS);
  };
  step();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
