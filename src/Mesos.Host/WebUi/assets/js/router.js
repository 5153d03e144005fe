// Routes live in the URL's fragment (#/agents/ID), as in Mesos' UI: links are plain links, the back
// button works, and the master serves one page.

/** The current route: its path segments (decoded) and its query. */
export function current() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  const segments = path.split('/').filter(Boolean).map(s => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { segments, query: new URLSearchParams(query) };
}

/** '#/a/b?x=1' from segments and query values; empty values are left out. */
export function href(segments, query) {
  const path = `#/${segments.map(s => encodeURIComponent(s)).join('/')}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export const to = {
  overview: () => '#/',
  agents: () => '#/agents',
  agent: id => href(['agents', id]),
  frameworks: () => '#/frameworks',
  framework: id => href(['frameworks', id]),
  waiting: id => href(['frameworks', id, 'waiting']),
  tasks: query => href(['tasks'], query),
  task: (frameworkId, taskId) => href(['frameworks', frameworkId, 'tasks', taskId]),
  browse: (agentId, path, task) => href(['agents', agentId, 'browse'], { path, ...(task || {}) }),
  offers: () => '#/offers',
  roles: () => '#/roles',
};
