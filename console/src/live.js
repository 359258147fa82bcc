import { session } from './session.js';
import { poll } from './poll.js';

const STREAM = '/api/v1/runs/status-changes';
const RETRY_STREAM_MS = 15000;

/**
 * Keeps a page current with the run status changes the orchestrator streams as server-sent
 * events. The browser's EventSource cannot send the Authorization header the gateway needs, so
 * the stream is read with fetch. While the stream is down (the gateway refused it, a proxy cut
 * it), the page polls instead and the stream is tried again every 15 s.
 *
 * @param onChange called with each change ({runId, workflowId, status, at})
 * @param refresh reloads the page's data: once when the stream opens (changes before it are not
 *     streamed) and on each poll while it is down
 * @param onMode called with 'stream' or 'polling' when the way of keeping current changes
 * @returns stops everything
 */
export function liveRunChanges({ onChange, refresh, onMode, pollMs = 3000 }) {
  let stopped = false;
  let stopPolling = null;
  let controller = null;
  let retry = null;

  const startPolling = () => {
    if (stopPolling || stopped) return;
    onMode('polling');
    stopPolling = poll(refresh, pollMs);
  };
  const stopPollingNow = () => {
    stopPolling?.();
    stopPolling = null;
  };

  const connect = async () => {
    if (stopped) return;
    controller = new AbortController();
    try {
      const response = await fetch(STREAM, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.apiKey()}` },
        signal: controller.signal,
      });
      if (response.status === 401) window.dispatchEvent(new CustomEvent('flowmesh:unauthorized'));
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      stopPollingNow();
      onMode('stream');
      await refresh();
      await readEvents(response.body, (name, data) => {
        if (name === 'run-status') onChange(JSON.parse(data));
      });
    } catch {
      // Refused, cut or aborted: fall back below.
    }
    if (stopped) return;
    startPolling();
    retry = setTimeout(connect, RETRY_STREAM_MS);
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    controller?.abort();
    stopPollingNow();
  };
}

/** Reads a text/event-stream body, calling onEvent(name, data) per event; comments are skipped. */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
      if (line === '') {
        if (data.length) onEvent(name, data.join('\n'));
        name = 'message';
        data = [];
      } else if (line.startsWith('event:')) {
        name = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
}
