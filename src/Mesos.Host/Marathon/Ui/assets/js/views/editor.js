// The JSON editor: creates an app (POST /v2/apps) or changes one (PUT /v2/apps/{id}, a rolling deployment, or a
// scale when only the count changes). A 422's details are shown next to the fields they name and listed below.
import { ApiError, appPath, appRoute, get, request } from '../api.js';
import { button, fill, h } from '../dom.js';
import { lineOf, linesOfPaths } from '../jsonpaths.js';

const TEMPLATE = { id: '/my-app', cmd: 'sleep 1000', cpus: 0.1, mem: 32, instances: 1 };
// What Marathon writes about an app besides its definition: left out of the text to edit.
const STATUS_FIELDS = ['version', 'versionInfo', 'tasksStaged', 'tasksRunning', 'tasksHealthy', 'tasksUnhealthy', 'deployments', 'tasks', 'lastTaskFailure'];

export function mount(el, ctx, id) {
  const text = h('textarea', {
    id: 'app-json', spellcheck: 'false', wrap: 'off', autocomplete: 'off', 'aria-label': 'The app as JSON', 'aria-describedby': 'editor-errors',
  });
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const notes = h('div', { class: 'notes', 'aria-hidden': 'true' });
  const errors = h('ul', { id: 'editor-errors', class: 'errors' });
  let marks = [];

  // The gutter's numbers and the notes follow the text's lines as it scrolls, so a note stays beside its field.
  function layout() {
    const bad = new Set(marks.map(m => m.line));
    fill(gutter, text.value.split('\n').map((_, n) => h('div', { class: bad.has(n) ? 'bad' : null }, String(n + 1))));
    gutter.scrollTop = text.scrollTop;
    notes.style.transform = `translateY(${-text.scrollTop}px)`;
  }

  function mark(details) {
    const lines = linesOfPaths(text.value);
    marks = details.map(d => ({ path: d.path, errors: d.errors, line: lineOf(lines, d.path) })).sort((a, b) => a.line - b.line);
    fill(notes, marks.map(m => h('div', { class: 'note', 'data-path': m.path, 'data-line': m.line, style: `--line: ${m.line}` }, `${m.path}: ${m.errors.join('; ')}`)));
    fill(errors, marks.map(m => h('li', { 'data-path': m.path }, `line ${m.line + 1}, ${m.path}: ${m.errors.join('; ')}`)));
    layout();
  }

  function clear(message) {
    marks = [];
    fill(notes);
    fill(errors, message ? h('li', null, message) : null);
    layout();
  }

  async function save(force) {
    try {
      JSON.parse(text.value);
    } catch (e) {
      clear(`Not JSON: ${e.message}`);
      return;
    }
    clear();
    try {
      const answer = id === null ? await request('POST', 'v2/apps', text.value) : await request('PUT', appPath(id) + (force ? '?force=true' : ''), text.value);
      ctx.go(appRoute(id === null ? answer.id : id));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.body && Array.isArray(e.body.details)) mark(e.body.details);
      else if (e instanceof ApiError && e.status === 409 && id !== null) ctx.show(e.message, button('Force', 'force', () => save(true)));
      else ctx.show(e.message);
    }
  }

  text.addEventListener('input', layout);
  text.addEventListener('scroll', layout);
  fill(el,
    h('p', null, h('a', { href: id === null ? '#/apps' : appRoute(id) }, id === null ? '← Applications' : `← ${id}`)),
    h('h2', null, id === null ? 'Create an app' : `Edit ${id}`),
    h('p', { class: 'muted' }, 'The app as Marathon takes it: id, cmd or args, cpus, mem, instances, container, env, constraints, healthChecks, ...'),
    h('div', { class: 'editor' }, gutter, text, notes),
    errors,
    h('div', { class: 'actions' }, button(id === null ? 'Create' : 'Save', 'submit primary', () => save(false))));

  if (id === null) {
    text.value = JSON.stringify(TEMPLATE, null, 2);
    layout();
  } else {
    get(appPath(id)).then(({ app }) => {
      for (const field of STATUS_FIELDS) delete app[field];
      text.value = JSON.stringify(app, null, 2);
      layout();
    }, e => ctx.show(e.message));
  }
  // Nothing to refresh: what is being typed must not be overwritten.
  return { refresh: async () => {} };
}
