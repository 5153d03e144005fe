// Requests to the master (relative URLs, so the UI works at / and at /master/ alike) and to agents.

/** A v1 operator call: POST api/v1 {"type": TYPE, ...} in JSON. */
export async function call(type, body = {}) {
  const response = await fetch('api/v1', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ type, ...body }),
  });
  if (!response.ok) throw new Error(`${type} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** GET of one of the master's v0 endpoints (master/state, master/roles, metrics/snapshot, ...). */
export async function get(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

let jsonpCounter = 0;

/**
 * GET of an agent's endpoint, which is on another origin: as Mesos' own UI does, through JSONP
 * (`?jsonp=callback`, which every agent GET endpoint honours), so that no agent needs CORS headers.
 */
export function jsonp(url, params = {}, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const name = `__mesosJsonp${++jsonpCounter}`;
    const query = new URLSearchParams({ ...params, jsonp: name });
    const script = document.createElement('script');
    const done = () => {
      clearTimeout(timer);
      delete window[name];
      script.remove();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${url} did not answer`));
    }, timeoutMs);
    window[name] = data => {
      done();
      resolve(data);
    };
    script.onerror = () => {
      done();
      reject(new Error(`${url} could not be read`));
    };
    script.src = `${url}${url.includes('?') ? '&' : '?'}${query}`;
    document.head.append(script);
  });
}

/** The agent's address from its pid (slave(1)@10.0.0.1:5051), as a protocol-relative base URL. */
export function agentBase(agent) {
  const at = agent.pid ? agent.pid.indexOf('@') : -1;
  const address = at >= 0 ? agent.pid.slice(at + 1) : `${agent.hostname}:${agent.port}`;
  return `//${address}`;
}

/**
 * Runs `load` now and every `intervalMs` while the page that asked keeps it, and again soon after
 * `kick()`, never two at a time. Pages poll what the event stream does not carry (offers, roles,
 * metrics); `stop()` ends it when the page goes.
 */
export function poller(load, intervalMs) {
  let timer = 0;
  let running = false;
  let again = false;
  let stopped = false;
  const run = async () => {
    clearTimeout(timer);
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await load();
    } catch (e) {
      // The page shows its own error; polling goes on.
    } finally {
      running = false;
    }
    if (stopped) return;
    if (again) {
      again = false;
      timer = setTimeout(run, 200);
    } else {
      timer = setTimeout(run, intervalMs);
    }
  };
  run();
  let kickTimer = 0;
  return {
    kick() {
      clearTimeout(kickTimer);
      kickTimer = setTimeout(run, 300);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(kickTimer);
    },
  };
}
