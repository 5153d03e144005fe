import { records } from './recordio.js';

// The master's operator event stream (POST api/v1 SUBSCRIBE): SUBSCRIBED with the whole state, then
// every change as it happens. Read with fetch() and a ReadableStream; when it ends or falls silent for
// three heartbeat intervals it is opened again, with a growing pause, and the state starts afresh.

export function openEventStream({ onEvent, onStatus }) {
  let stopped = false;
  let controller = null;
  let attempt = 0;
  let watchdog = 0;

  const resetWatchdog = seconds => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller && controller.abort(), seconds * 3000);
  };

  async function once() {
    controller = new AbortController();
    onStatus('connecting');
    const response = await fetch('api/v1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ type: 'SUBSCRIBE' }),
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`SUBSCRIBE answered ${response.status}`);
    let heartbeat = 15;
    resetWatchdog(heartbeat);
    for await (const record of records(response.body)) {
      const event = JSON.parse(record);
      if (event.type === 'SUBSCRIBED') {
        heartbeat = event.subscribed.heartbeat_interval_seconds || heartbeat;
        attempt = 0;
        onStatus('live');
      }
      resetWatchdog(heartbeat);
      onEvent(event);
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await once();
      } catch (e) {
        if (stopped) return;
      }
      clearTimeout(watchdog);
      if (stopped) return;
      onStatus('reconnecting');
      const pause = Math.min(30000, 1000 * 2 ** Math.min(attempt++, 5)) * (0.5 + Math.random() / 2);
      await new Promise(resolve => setTimeout(resolve, pause));
    }
  })();

  return () => {
    stopped = true;
    clearTimeout(watchdog);
    if (controller) controller.abort();
  };
}
