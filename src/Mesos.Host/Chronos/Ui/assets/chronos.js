// Chronos' page: reads /v1/scheduler/jobs every 2 s, shows each job's next run, last success and last
// failure in the job's own time zone, and draws which jobs run after which. Run now is PUT
// /v1/scheduler/job/{name}; enable and disable save the job again with `disabled` changed, as Chronos' UI does.
const REFRESH_MS = 2000;
const SVG = 'http://www.w3.org/2000/svg';
let jobs = [];

const live = document.getElementById('live');
const message = document.getElementById('message');

function show(text) {
  message.textContent = text;
  message.hidden = !text;
}

/** An ISO instant as wall-clock time in the job's zone: 2030-01-01 02:00:00 Asia/Tokyo. */
function inZone(iso, zone) {
  if (!iso) return '—';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '—';
  const tz = zone || 'UTC';
  try {
    const text = new Intl.DateTimeFormat('sv-SE', {
      timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).format(instant);
    return `${text} ${tz}`;
  } catch {
    return `${iso} (unknown zone ${tz})`;
  }
}

function when(job) {
  if (job.parents && job.parents.length) return `after ${job.parents.join(', ')}`;
  return job.cron ? `cron ${job.cron}` : job.schedule;
}

function cell(row, className, text) {
  const td = row.insertCell();
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function button(label, className, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  b.addEventListener('click', action);
  return b;
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

async function act(work) {
  try {
    await work();
    show('');
  } catch (e) {
    show(e.message);
  }
  await load();
}

function runNow(job) {
  return act(() => call('PUT', `v1/scheduler/job/${encodeURIComponent(job.name)}`));
}

function toggle(job) {
  const kind = job.parents && job.parents.length ? 'dependency' : 'iso8601';
  return act(() => call('POST', `v1/scheduler/${kind}`, { ...job, disabled: !job.disabled }));
}

function renderJobs() {
  const body = document.querySelector('#jobs tbody');
  body.replaceChildren();
  for (const job of jobs) {
    const row = body.insertRow();
    row.dataset.job = job.name;
    const name = cell(row, 'name', job.name);
    if (job.disabled) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = 'disabled';
      name.append(badge);
    }
    cell(row, 'when', when(job));
    cell(row, 'next', job.disabled ? '—' : inZone(job.nextRun, job.scheduleTimeZone));
    cell(row, 'last-success', inZone(job.lastSuccess, job.scheduleTimeZone));
    cell(row, 'last-failure', inZone(job.lastError, job.scheduleTimeZone));
    cell(row, 'runs', `${job.successCount} ok, ${job.errorCount} failed`);
    const actions = cell(row, 'actions', '');
    actions.append(button('Run now', 'run', () => runNow(job)), ' ',
      button(job.disabled ? 'Enable' : 'Disable', 'toggle', () => toggle(job)));
  }
  document.getElementById('no-jobs').hidden = jobs.length > 0;
}

/** Columns by depth: a job stands one column right of its deepest parent. */
function depths() {
  const byName = new Map(jobs.map(j => [j.name, j]));
  const depth = new Map();
  const of = (name, seen) => {
    if (depth.has(name)) return depth.get(name);
    const job = byName.get(name);
    const parents = (job && job.parents) || [];
    const d = parents.length === 0 || seen.has(name) ? 0 : 1 + Math.max(...parents.map(p => of(p, new Set([...seen, name]))));
    depth.set(name, d);
    return d;
  };
  for (const job of jobs) of(job.name, new Set());
  return depth;
}

function svg(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

function renderGraph() {
  const graph = document.getElementById('graph');
  const depth = depths();
  const rows = new Map();
  const place = new Map();
  for (const job of jobs) {
    const column = depth.get(job.name);
    const row = rows.get(column) || 0;
    rows.set(column, row + 1);
    place.set(job.name, { x: 16 + column * 200, y: 16 + row * 40 });
  }
  const width = 16 + (Math.max(0, ...depth.values()) + 1) * 200;
  const height = 16 + Math.max(1, ...rows.values()) * 40;
  graph.replaceChildren();
  graph.setAttribute('width', width);
  graph.setAttribute('height', height);
  graph.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#5b6571' }));
  const defs = svg('defs', {});
  defs.append(marker);
  graph.append(defs);
  for (const job of jobs) {
    for (const parent of job.parents || []) {
      const from = place.get(parent);
      const to = place.get(job.name);
      if (!from || !to) continue;
      graph.append(svg('line', { x1: from.x + 160, y1: from.y + 13, x2: to.x, y2: to.y + 13, 'data-edge': `${parent}->${job.name}` }));
    }
  }
  for (const job of jobs) {
    const { x, y } = place.get(job.name);
    const node = svg('g', { 'data-node': job.name, class: job.disabled ? 'disabled' : '' });
    node.append(svg('rect', { x, y, width: 160, height: 26, rx: 4 }));
    const label = svg('text', { x: x + 8, y: y + 17 });
    label.textContent = job.name.length > 22 ? `${job.name.slice(0, 21)}…` : job.name;
    const title = svg('title', {});
    title.textContent = job.name;
    node.append(label, title);
    graph.append(node);
  }
}

async function load() {
  try {
    const response = await fetch('v1/scheduler/jobs');
    if (!response.ok) throw new Error(`GET /v1/scheduler/jobs: ${response.status}`);
    jobs = await response.json();
    renderJobs();
    renderGraph();
    live.textContent = 'live';
    live.className = 'live';
  } catch {
    live.textContent = 'disconnected';
    live.className = 'live is-down';
  }
}

load();
setInterval(load, REFRESH_MS);
