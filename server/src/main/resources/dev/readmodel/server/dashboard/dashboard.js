// The operations dashboard. Reads the operations feed ({base}/feed, SSE) with fetch(), since EventSource cannot
// send the Authorization header, and calls the operations endpoints with the same bearer token. Every string
// from the server goes into the page as text (textContent), never as markup.
'use strict';

const BASE = document.documentElement.dataset.base || '';
const TOKEN_KEY = 'readmodel.operationsToken';
const WINDOW_MS = 5 * 60 * 1000; // the sparkline's span
const SAMPLE_MS = 2000;
const SVG = 'http://www.w3.org/2000/svg';

const cards = new Map(); // projection name -> card
let token = sessionStorage.getItem(TOKEN_KEY) || '';
let feed = null; // the AbortController of the running feed
let lastEventId = null;
let retryMs = 1000;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.entries(props || {}).forEach(([key, value]) => {
    if (key === 'class') {
      node.className = value;
    } else if (key === 'data') {
      Object.assign(node.dataset, value);
    } else {
      node[key] = value;
    }
  });
  children.forEach(child => node.append(child)); // strings become text nodes
  return node;
}

function number(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US', {maximumFractionDigits: 1}) : '–';
}

function say(text, error) {
  const message = document.getElementById('message');
  message.textContent = text;
  message.classList.toggle('error', Boolean(error));
  message.hidden = !text;
}

function connection(text, kind) {
  const line = document.getElementById('connection');
  line.textContent = text;
  line.className = 'connection ' + (kind || '');
}

// --- calls to the operations endpoints ---

class ProblemError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
  }
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

async function call(method, path, body) {
  const headers = {'Authorization': 'Bearer ' + token, 'Accept': 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(BASE + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store'});
  if (!response.ok) {
    throw new ProblemError(response.status, await problemOf(response));
  }
  return response.json();
}

function projectionPath(name) {
  return '/operations/projections/' + encodeURIComponent(name);
}

async function operate(card, label, method, suffix, body) {
  try {
    const answer = await call(method, projectionPath(card.name) + suffix, body);
    if (method !== 'GET') {
      say(label + ' of projection ' + card.name + ': accepted.');
    }
    return answer;
  } catch (e) {
    say(label + ' of projection ' + card.name + ' failed: ' + e.message, true);
    return null;
  }
}

// --- one card per projection ---

function figure(label) {
  const value = el('dd', {}, '–');
  return {node: el('div', {}, el('dt', {}, label), value), value};
}

function button(label, action, onClick) {
  const b = el('button', {type: 'button', data: {action}}, label);
  b.addEventListener('click', onClick);
  return b;
}

function createCard(name) {
  const card = {name, samples: [], eps: 0, watching: false, seenRunning: false};
  const names = ['checkpoint', 'head', 'lag', 'lagMillis', 'eventsPerSecond', 'eventsApplied'];
  const labels = ['Checkpoint', 'Head', 'Lag (events)', 'Lag (ms)', 'Events/s', 'Applied'];
  card.figures = {};
  const dl = el('dl', {class: 'figures'});
  names.forEach((key, i) => {
    const f = figure(labels[i]);
    f.value.classList.add(key);
    card.figures[key] = f.value;
    dl.append(f.node);
  });
  card.state = el('span', {class: 'state'}, '…');
  card.spark = document.createElementNS(SVG, 'svg');
  card.spark.setAttribute('class', 'spark');
  card.spark.setAttribute('viewBox', '0 0 300 40');
  card.spark.setAttribute('preserveAspectRatio', 'none');
  card.line = document.createElementNS(SVG, 'polyline');
  card.spark.append(card.line);
  card.sparkCaption = el('p', {class: 'caption'}, 'Events per second');
  card.error = el('div', {class: 'error', hidden: true});
  card.rebuildText = el('span', {class: 'rebuild-text'}, 'No rebuild running');
  card.percent = el('span', {class: 'rebuild-percent'}, '');
  card.progress = el('progress', {max: 100, value: 0});
  card.rebuild = el('div', {class: 'rebuild'}, card.rebuildText, ' ', card.percent, card.progress);
  card.cancel = button('Cancel rebuild', 'cancel', () => cancel(card));
  card.truncate = button('Rebuild (truncate)', 'rebuild-truncate', () => rebuild(card, 'truncate'));
  card.zero = button('Rebuild (zero-downtime)', 'rebuild-zero-downtime', () => rebuild(card, 'zero-downtime'));
  card.letters = el('div', {class: 'dead-letters', hidden: true});
  const buttons = el('div', {class: 'buttons'}, card.truncate, card.zero, card.cancel,
    button('Pause', 'pause', () => simple(card, 'Pause', '/pause')),
    button('Resume', 'resume', () => simple(card, 'Resume', '/resume')),
    button('Restart', 'restart', () => simple(card, 'Restart', '/restart')),
    button('Dead letters', 'dead-letters', () => deadLetters(card)),
    button('Replay dead letters', 'replay', () => replay(card)));
  card.node = el('article', {class: 'projection', data: {projection: name}},
    el('h2', {}, el('span', {class: 'name'}, name), card.state),
    dl, card.spark, card.sparkCaption, card.error, card.rebuild, buttons, card.letters);
  return card;
}

function showStatus(card, s) {
  card.status = s;
  card.state.textContent = s.state;
  card.state.className = 'state ' + s.state;
  card.figures.checkpoint.textContent = number(s.checkpoint);
  card.figures.head.textContent = number(s.head);
  card.figures.lag.textContent = number(s.lagEvents);
  card.figures.lagMillis.textContent = number(s.lagMillis);
  card.figures.eventsPerSecond.textContent = number(s.eventsPerSecond);
  card.figures.eventsApplied.textContent = number(s.eventsApplied);
  card.eps = s.eventsPerSecond || 0;
  sample(card);
  const e = s.lastError;
  card.error.hidden = !e;
  if (e) {
    card.error.textContent = (s.state === 'FAULTED' ? 'Faulted at position ' : 'Last error at position ') + e.position
      + ' (' + e.eventType + ', ' + (e.transient ? 'transient' : 'permanent') + ', ' + e.at + '): ' + e.message;
  }
  showRebuild(card, s.rebuild);
}

function showRebuild(card, marker) {
  const running = Boolean(marker && marker.running);
  card.cancel.disabled = !running;
  card.truncate.disabled = running;
  card.zero.disabled = running;
  if (marker) {
    card.seenRunning = card.seenRunning || running;
    setProgress(card, marker.fraction, marker.description);
  } else if (card.watching || card.seenRunning) {
    card.watching = false;
    card.seenRunning = false;
    outcome(card);
  } else if (card.markerShown) {
    setProgress(card, 0, 'No rebuild running'); // an interrupted one the live loop finished
    card.percent.textContent = '';
  }
  card.markerShown = Boolean(marker);
}

function setProgress(card, fraction, text) {
  const percent = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
  card.progress.value = percent;
  card.percent.textContent = percent + '%';
  card.rebuildText.textContent = text;
}

// a rebuild's marker is cleared after its last checkpoint: ask the server how the one started here ended
async function outcome(card) {
  try {
    const job = await call('GET', projectionPath(card.name) + '/rebuild');
    if (job.state === 'finished') {
      setProgress(card, 1, job.mode + ' rebuild finished: ' + number(job.result.eventsApplied) + ' events in '
        + number(job.result.elapsedMillis) + ' ms');
    } else if (job.state === 'failed') {
      setProgress(card, job.progress ? job.progress.fraction : 0, job.mode + ' rebuild failed: ' + job.error);
    } else if (job.state === 'cancelled') {
      setProgress(card, job.progress ? job.progress.fraction : 0, job.mode + ' rebuild cancelled'
        + (job.mode === 'truncate' ? '; the projection replayed the rest live' : ''));
    } else {
      card.watching = true; // its marker is not written yet: ask again with the next status
    }
  } catch (e) {
    if (e.status === 404) {
      setProgress(card, 1, 'rebuild finished'); // started elsewhere: its marker is gone, so it ended
    } else {
      say('Could not read the outcome of the rebuild of projection ' + card.name + ': ' + e.message, true);
    }
  }
}

function sample(card) {
  const now = Date.now();
  card.samples.push({t: now, v: card.eps});
  while (card.samples.length && card.samples[0].t < now - WINDOW_MS) {
    card.samples.shift();
  }
  const max = Math.max(1, ...card.samples.map(p => p.v));
  // until the page has watched for the whole window, the line spans what it has seen (at least 10 s)
  const span = Math.min(WINDOW_MS, Math.max(10000, now - card.samples[0].t));
  const points = card.samples.map(p => ((p.t - (now - span)) / span * 300).toFixed(1) + ','
    + (38 - p.v / max * 36).toFixed(1));
  card.line.setAttribute('points', points.join(' '));
  card.sparkCaption.textContent = 'Events per second, last ' + Math.round(span / 1000) + ' s (peak ' + number(max) + ')';
}

// --- actions ---

async function rebuild(card, mode) {
  const job = await operate(card, 'Rebuild (' + mode + ')', 'POST', '/rebuild', {mode});
  if (job) {
    card.watching = true;
    setProgress(card, job.progress ? job.progress.fraction : 0, mode + ' rebuild started');
  }
}

async function cancel(card) {
  await operate(card, 'Cancel rebuild', 'DELETE', '/rebuild');
}

async function simple(card, label, suffix) {
  const status = await operate(card, label, 'POST', suffix);
  if (status) {
    showStatus(card, status);
  }
}

async function deadLetters(card) {
  const answer = await operate(card, 'Dead letters', 'GET', '/dead-letters');
  if (!answer) {
    return;
  }
  const table = el('table', {class: 'letters'}, el('thead', {}, el('tr', {},
    el('th', {}, 'Position'), el('th', {}, 'Type'), el('th', {}, 'Stream'), el('th', {}, 'Attempts'), el('th', {}, 'Error'))));
  const body = el('tbody');
  answer.deadLetters.forEach(d => body.append(el('tr', {}, el('td', {}, String(d.event.position)),
    el('td', {}, d.event.type), el('td', {}, d.event.streamId), el('td', {}, String(d.attempts)), el('td', {}, d.error))));
  table.append(body);
  card.letters.replaceChildren(el('p', {class: 'caption'}, answer.deadLetters.length + ' dead letter(s)'), table);
  card.letters.hidden = false;
}

async function replay(card) {
  const answer = await operate(card, 'Replay dead letters', 'POST', '/dead-letters/replay');
  if (answer) {
    say('Replayed ' + answer.replayed + ' dead letter(s) of projection ' + card.name + '; '
      + answer.stillFailing.length + ' still failing.');
    if (!card.letters.hidden) {
      deadLetters(card);
    }
  }
}

// --- the feed ---

function onStatus(data) {
  const container = document.getElementById('projections');
  const seen = new Set();
  data.projections.forEach(s => {
    seen.add(s.projection);
    let card = cards.get(s.projection);
    if (!card) {
      card = createCard(s.projection);
      cards.set(s.projection, card);
      container.append(card.node);
    }
    showStatus(card, s);
  });
  [...cards.keys()].filter(name => !seen.has(name)).forEach(name => {
    cards.get(name).node.remove();
    cards.delete(name);
  });
}

function activity(text) {
  const list = document.getElementById('activity');
  list.prepend(el('li', {}, text));
  while (list.children.length > 50) {
    list.lastElementChild.remove();
  }
}

function dispatch(event, data) {
  if (event === 'status') {
    onStatus(JSON.parse(data));
  } else if (event === 'commit') {
    const c = JSON.parse(data);
    activity('[' + c.position + '] ' + c.readModel + ': ' + c.changes.length + ' change(s)');
  } else if (event === 'replaced') {
    const r = JSON.parse(data);
    activity('[' + r.position + '] ' + r.readModel + ' replaced (' + r.reason + ')');
  } else if (event === 'reset') {
    const r = JSON.parse(data);
    activity('feed reset (' + r.reason + '): ' + r.message);
  }
}

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
          dispatch(event, data.join('\n'));
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
        } else if (field === 'id') {
          lastEventId = text;
        }
      }
    }
    retryMs = 1000; // data flowed: the next drop starts the backoff again
  }
}

async function connect() {
  if (feed) {
    feed.abort();
  }
  const controller = new AbortController();
  feed = controller;
  connection('Connecting…');
  const headers = {'Authorization': 'Bearer ' + token, 'Accept': 'text/event-stream'};
  if (lastEventId !== null) {
    headers['Last-Event-ID'] = lastEventId;
  }
  try {
    const response = await fetch(BASE + '/feed', {headers, signal: controller.signal, cache: 'no-store'});
    if (!response.ok) {
      const problem = new ProblemError(response.status, await problemOf(response));
      if (response.status === 401 || response.status === 403) {
        connection('Refused: ' + problem.message, 'down');
        feed = null;
        return;
      }
      throw problem;
    }
    connection('Live: connected to the operations feed', 'live');
    await read(response.body, controller.signal);
    throw new Error('the server ended the feed');
  } catch (e) {
    if (controller.signal.aborted) {
      return;
    }
    const wait = retryMs;
    retryMs = Math.min(retryMs * 2, 30000);
    connection('Disconnected (' + e.message + '); reconnecting in ' + Math.round(wait / 1000) + ' s', 'down');
    setTimeout(() => {
      if (feed === controller) {
        connect();
      }
    }, wait);
  }
}

function start() {
  const input = document.getElementById('token');
  input.value = token;
  document.getElementById('login').addEventListener('submit', e => {
    e.preventDefault();
    token = input.value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    lastEventId = null;
    retryMs = 1000;
    say('');
    connect();
  });
  document.getElementById('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    token = '';
    input.value = '';
    if (feed) {
      feed.abort();
      feed = null;
    }
    // what the token showed goes with it
    cards.forEach(card => card.node.remove());
    cards.clear();
    document.getElementById('activity').replaceChildren();
    say('');
    connection('Not connected: enter the operations token.');
  });
  setInterval(() => cards.forEach(sample), SAMPLE_MS);
  if (token) {
    connect();
  }
}

start();
