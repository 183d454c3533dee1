// One card per projection: its figures, a sparkline of its events per second, its last error and its rebuild.
// Every string from the server goes in as text (textContent), never as markup.

const WINDOW_MS = 5 * 60 * 1000; // the sparkline's span
const SVG = 'http://www.w3.org/2000/svg';

export function el(tag, props, ...children) {
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

export function number(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US', {maximumFractionDigits: 1}) : '–';
}

function figure(label) {
  const value = el('dd', {}, '–');
  return {node: el('div', {}, el('dt', {}, label), value), value};
}

function button(label, action, onClick) {
  const b = el('button', {type: 'button', data: {action}}, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * A new card for projection {@code name}; its buttons call {@code actions} (rebuild, cancel, operation,
 * deadLetters, replay, ended: a rebuild it watched is over).
 */
export function createCard(name, actions) {
  const card = {name, actions, samples: [], eps: 0, watching: false, seenRunning: false};
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
  card.cancel = button('Cancel rebuild', 'cancel', () => actions.cancel(card));
  card.truncate = button('Rebuild (truncate)', 'rebuild-truncate', () => actions.rebuild(card, 'truncate'));
  card.zero = button('Rebuild (zero-downtime)', 'rebuild-zero-downtime', () => actions.rebuild(card, 'zero-downtime'));
  card.letters = el('div', {class: 'dead-letters', hidden: true});
  const buttons = el('div', {class: 'buttons'}, card.truncate, card.zero, card.cancel,
    button('Pause', 'pause', () => actions.operation(card, 'Pause', '/pause')),
    button('Resume', 'resume', () => actions.operation(card, 'Resume', '/resume')),
    button('Restart', 'restart', () => actions.operation(card, 'Restart', '/restart')),
    button('Dead letters', 'dead-letters', () => actions.deadLetters(card)),
    button('Replay dead letters', 'replay', () => actions.replay(card)));
  card.node = el('article', {class: 'projection', data: {projection: name}},
    el('h2', {}, el('span', {class: 'name'}, name), card.state),
    dl, card.spark, card.sparkCaption, card.error, card.rebuild, buttons, card.letters);
  return card;
}

/** Shows status {@code s} (one projection's, as the status endpoint answers it). */
export function showStatus(card, s) {
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
    card.actions.ended(card);
  } else if (card.markerShown) {
    setProgress(card, 0, 'No rebuild running'); // an interrupted one the live loop finished
    card.percent.textContent = '';
  }
  card.markerShown = Boolean(marker);
}

/** Sets the rebuild bar to {@code fraction} (0 to 1) with {@code text}. */
export function setProgress(card, fraction, text) {
  const percent = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
  card.progress.value = percent;
  card.percent.textContent = percent + '%';
  card.rebuildText.textContent = text;
}

// a rebuild's marker is cleared after its last checkpoint: ask the server how the one started here ended
/** Adds the latest events per second to the sparkline and drops what is older than its window. */
export function sample(card) {
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
