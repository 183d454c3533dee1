// The operations dashboard: asks for the operations token (kept in sessionStorage, never in the URL), shows
// the operations feed's status and commits live, and calls the operations endpoints with the same token.
// Every string from the server goes into the page as text (textContent), never as markup.
import {createCard, el, number, sample, setProgress, showStatus} from './card.js';
import {call} from './http.js';
import {openFeed} from './feed.js';

const TOKEN_KEY = 'readmodel.operationsToken';
const SAMPLE_MS = 2000;

const cards = new Map(); // projection name -> card
let token = sessionStorage.getItem(TOKEN_KEY) || '';
let feed = null; // the open feed, if any

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

function projectionPath(name) {
  return '/operations/projections/' + encodeURIComponent(name);
}

async function operate(card, label, method, suffix, body) {
  try {
    const answer = await call(token, method, projectionPath(card.name) + suffix, body);
    if (method !== 'GET') {
      say(label + ' of projection ' + card.name + ': accepted.');
    }
    return answer;
  } catch (e) {
    say(label + ' of projection ' + card.name + ' failed: ' + e.message, true);
    return null;
  }
}

// a rebuild's marker is cleared after its last checkpoint: ask the server how the one started here ended
async function ended(card) {
  try {
    const job = await call(token, 'GET', projectionPath(card.name) + '/rebuild');
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

const actions = {rebuild, cancel, operation: simple, deadLetters, replay, ended};

// --- the feed ---

function onStatus(data) {
  const container = document.getElementById('projections');
  const seen = new Set();
  data.projections.forEach(s => {
    seen.add(s.projection);
    let card = cards.get(s.projection);
    if (!card) {
      card = createCard(s.projection, actions);
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

function connect() {
  if (feed) {
    feed.close();
  }
  feed = openFeed(token, dispatch, connection);
}

function start() {
  const input = document.getElementById('token');
  input.value = token;
  document.getElementById('login').addEventListener('submit', e => {
    e.preventDefault();
    token = input.value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    say('');
    connect();
  });
  document.getElementById('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    token = '';
    input.value = '';
    if (feed) {
      feed.close();
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
