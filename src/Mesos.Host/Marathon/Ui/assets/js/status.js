// What the lists show of an app, as Marathon's own UI words it.

/** Suspended, Delayed, Deploying, Waiting or Running: the first that holds. */
export function appStatus(app, queued) {
  if (app.instances === 0 && app.tasksRunning === 0) return 'Suspended';
  if (queued && !queued.delay.overdue && queued.delay.timeLeftSeconds > 0) return 'Delayed';
  if (app.deployments.length > 0) return 'Deploying';
  if (queued) return 'Waiting';
  return 'Running';
}

/** Healthy, unhealthy and unknown instances, or null when the app has no health checks. */
export function health(app) {
  if (!app.healthChecks || app.healthChecks.length === 0) return null;
  const unknown = Math.max(0, app.tasksRunning - app.tasksHealthy - app.tasksUnhealthy);
  return { healthy: app.tasksHealthy, unhealthy: app.tasksUnhealthy, unknown };
}

export function healthText(app) {
  const counts = health(app);
  if (counts === null) return 'no health checks';
  const parts = [`${counts.healthy} healthy`];
  if (counts.unhealthy > 0) parts.push(`${counts.unhealthy} unhealthy`);
  if (counts.unknown > 0) parts.push(`${counts.unknown} unknown`);
  return parts.join(', ');
}

/** RUNNING for TASK_RUNNING. */
export function stateName(state) {
  return (state || '').replace(/^TASK_/, '');
}

/** Why offers were refused, in words; a reason this page does not know is shown by its name. */
const REASONS = {
  UnfulfilledRole: 'role not accepted',
  UnfulfilledConstraint: 'constraints not met',
  InsufficientCpus: 'not enough cpus',
  InsufficientMemory: 'not enough memory',
  InsufficientDisk: 'not enough disk',
  InsufficientPorts: 'not enough ports',
};

export function reasonText(reason) {
  return REASONS[reason] || reason;
}
