// How values are shown: resources, times, states.

const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);
const FAILED = new Set(['TASK_FAILED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);

export const TASK_STATES = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_FINISHED', 'TASK_KILLED',
  'TASK_FAILED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED', 'TASK_UNREACHABLE', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR', 'TASK_UNKNOWN'];

export const isTerminal = state => TERMINAL.has(state);
export const isFailure = state => FAILED.has(state);

/** TASK_RUNNING → Running */
export function stateName(state) {
  if (!state) return '';
  const s = state.replace(/^TASK_/, '').replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function stateClass(state) {
  if (state === 'TASK_FINISHED') return 'state ok';
  if (state === 'TASK_RUNNING' || state === 'TASK_STARTING' || state === 'TASK_STAGING') return 'state run';
  if (FAILED.has(state)) return 'state bad';
  return 'state warn';
}

/** Megabytes as Mesos counts them, shown in the largest unit that keeps a number ≥ 1. */
export function mem(mb) {
  if (mb === undefined || mb === null || Number.isNaN(mb)) return '—';
  if (mb >= 1024 * 1024) return `${round(mb / 1024 / 1024)} TB`;
  if (mb >= 1024) return `${round(mb / 1024)} GB`;
  return `${round(mb)} MB`;
}

export function round(x, digits = 2) {
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
}

export function cpus(x) {
  return x === undefined || x === null ? '—' : round(x);
}

/** "cpus 1.5, mem 128 MB, disk 1 GB" from a scalar map. */
export function resources(map) {
  if (!map) return '—';
  const parts = [];
  for (const name of ['cpus', 'gpus', 'mem', 'disk']) {
    if (map[name]) parts.push(`${name} ${name === 'mem' || name === 'disk' ? mem(map[name]) : round(map[name])}`);
  }
  for (const [name, value] of Object.entries(map)) {
    if (['cpus', 'gpus', 'mem', 'disk'].includes(name) || typeof value !== 'number') continue;
    if (value) parts.push(`${name} ${round(value)}`);
  }
  if (map.ports) parts.push(`ports ${map.ports}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** Sums the scalars of a list of Mesos Resource objects by name; ranges (ports) kept in text form. */
export function scalars(list) {
  const map = {};
  for (const r of list || []) {
    if (r.type === 'SCALAR' || r.scalar) map[r.name] = (map[r.name] || 0) + (r.scalar ? r.scalar.value : 0);
    else if (r.ranges) {
      const text = r.ranges.range.map(x => x.begin === x.end ? `${x.begin}` : `${x.begin}-${x.end}`).join(',');
      map[r.name] = map[r.name] ? `${map[r.name]},${text}` : `[${text}`;
    }
  }
  for (const [name, value] of Object.entries(map)) if (typeof value === 'string' && value.startsWith('[')) map[name] = value + ']';
  return map;
}

/** Seconds since the epoch → local date and time. */
export function time(seconds) {
  if (!seconds) return '—';
  const d = new Date(seconds * 1000);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "3 min ago" */
export function ago(seconds, now = Date.now() / 1000) {
  if (!seconds) return '—';
  const d = Math.max(0, now - seconds);
  if (d < 60) return `${Math.floor(d)} s ago`;
  if (d < 3600) return `${Math.floor(d / 60)} min ago`;
  if (d < 86400) return `${Math.floor(d / 3600)} h ago`;
  return `${Math.floor(d / 86400)} d ago`;
}

/** TimeInfo {nanoseconds} → seconds. */
export const timeInfo = t => (t && t.nanoseconds ? t.nanoseconds / 1e9 : undefined);

export function percent(part, whole) {
  return whole > 0 ? `${round(100 * part / whole, 1)}%` : '—';
}

/** "Reason executor terminated" from REASON_EXECUTOR_TERMINATED. */
export function reason(r) {
  return r ? r.replace(/^REASON_/, '').replace(/_/g, ' ').toLowerCase() : '';
}

export function source(s) {
  return s ? s.replace(/^SOURCE_/, '').toLowerCase() : '';
}

export function bytes(n) {
  if (n === undefined || n === null) return '—';
  if (n >= 1 << 30) return `${round(n / (1 << 30))} GiB`;
  if (n >= 1 << 20) return `${round(n / (1 << 20))} MiB`;
  if (n >= 1 << 10) return `${round(n / (1 << 10))} KiB`;
  return `${n} B`;
}
