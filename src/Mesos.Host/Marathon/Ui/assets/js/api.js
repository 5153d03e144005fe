// Marathon's v2 REST API, relative to the page, so that the UI works behind a proxy's path prefix too.

/** A refusal of the API: its status and body (`{message}`, and `details` for a 422, `deployments` for a 409). */
export class ApiError extends Error {
  constructor(method, path, status, body, text) {
    super(`${method} /${path}: ${status} ${body && body.message ? body.message : text}`);
    this.status = status;
    this.body = body;
  }
}

export async function request(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(method, path, response.status, json, text);
  return json;
}

export const get = path => request('GET', path);

/** v2/apps/group/web for /group/web: each name of the id escaped on its own. */
export function appPath(id) {
  return `v2/apps${id.split('/').map(encodeURIComponent).join('/')}`;
}

/** The app page's route for an id. */
export function appRoute(id) {
  return `#/apps/${encodeURIComponent(id)}`;
}
