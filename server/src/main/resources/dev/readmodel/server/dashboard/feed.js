// The operations feed ({base}/feed): SSE read with fetch(), since EventSource cannot send the Authorization
// header, parsed here as the HTML standard parses it, and opened again after a drop with a growing delay.
// The operations feed does not resume: after a drop the page starts from the current status again, and the
// commits sent meanwhile are not in its list of recent commits.
import {BASE, ProblemError, problemOf} from './http.js';

/**
 * Opens the feed with {@code token}: {@code onEvent(event, data)} for every message, {@code onState(text, kind)}
 * as the connection changes (kind: live, down or none). Returns {close()}.
 */
export function openFeed(token, onEvent, onState) {
  let retryMs = 1000;
  let closed = false;
  let controller = null;

  // SSE as the HTML standard parses it: fields up to a blank line, data lines joined, comments ignored
  async function read(stream, signal) {
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = 'message';
    let data = [];
    while (!signal.aborted) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (data.length) {
            onEvent(event, data.join('\n'));
          }
          event = 'message';
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') {
            event = text;
          } else if (field === 'data') {
            data.push(text);
          }
        }
      }
      retryMs = 1000; // data flowed: the next drop starts the backoff again
    }
  }

  async function connect() {
    const current = new AbortController();
    controller = current;
    onState('Connecting…');
    const headers = {'Authorization': 'Bearer ' + token, 'Accept': 'text/event-stream'};
    try {
      const response = await fetch(BASE + '/feed', {headers, signal: current.signal, cache: 'no-store'});
      if (!response.ok) {
        const problem = new ProblemError(response.status, await problemOf(response));
        if (response.status === 401 || response.status === 403) {
          onState('Refused: ' + problem.message, 'down'); // the token will not do: no retry
          return;
        }
        throw problem;
      }
      onState('Live: connected to the operations feed', 'live');
      await read(response.body, current.signal);
      throw new Error('the server ended the feed');
    } catch (e) {
      if (closed || current.signal.aborted) {
        return;
      }
      const wait = retryMs;
      retryMs = Math.min(retryMs * 2, 30000);
      onState('Disconnected (' + e.message + '); reconnecting in ' + Math.round(wait / 1000) + ' s', 'down');
      setTimeout(() => {
        if (!closed && controller === current) {
          connect();
        }
      }, wait);
    }
  }

  connect();
  return {
    close() {
      closed = true;
      if (controller) {
        controller.abort();
      }
    }
  };
}
