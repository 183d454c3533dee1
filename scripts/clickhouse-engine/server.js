'use strict';
// A minimal ClickHouse HTTP interface in front of the ClickHouse engine of chDB (the npm package
// `chdb`, ClickHouse 26.7 as an in-process library with no listener of its own). It exists only so
// that the integration tests can run against a current ClickHouse on machines where no current
// ClickHouse server installs; where Docker runs, the tests use the real clickhouse-server image.
//
// It implements what ClickHouse's Java client-v2 (0.9.x, 0.10.x) uses of the HTTP interface, as a
// real server answers it:
//   GET /ping, GET / (no query)             -> "Ok.\n"
//   POST / (statement in the body)          -> the statement's result
//   POST /?query=INSERT ... FORMAT f (data in the body); GET /?query=... also runs the query
//   URL parameters: database, default_format, query_id, user/password, param_<name> (bound
//     server-side as {name:Type}), and any other parameter as a ClickHouse setting for that request
//   headers X-ClickHouse-User/-Key/-Database/-Format/-Query-Id (and Basic authorization)
//   answers carry X-ClickHouse-Format, -Query-Id, -Summary, -Timezone, -Server-Display-Name;
//   errors carry X-ClickHouse-Exception-Code and the body "Code: N. DB::Exception: ...", with the
//   HTTP status a real server picks for that code.
// Not implemented (a request that needs it gets an error saying so): compressed requests or answers
// (client-v2: keep compressServerResponse(false) and compressClientRequest(false), the default,
// and useHttpCompression(false)), multipart/form-data queries (client-v2's
// client.http.use_form_request_for_query, off by default), sessions (session_id), several
// statements in one request.
//
// Usage: node server.js --port=18124 --data=DIR [--log=FILE] [--sessions=16]
// Binds 127.0.0.1 only. Needs `chdb` resolvable (NODE_PATH=<install>/node_modules).

// chDB runs async queries on libuv's thread pool (4 threads by default); give it one per session so
// that parallel requests run in parallel. This must happen before the pool is first used.
const SESSIONS = Math.max(1, Number(arg('sessions', '16')));
process.env.UV_THREADPOOL_SIZE = process.env.UV_THREADPOOL_SIZE || String(SESSIONS + 2);

const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { Session } = require('chdb');
// The addon itself, for queries with parameters: a server reads param_<name> values in ClickHouse's
// escaped form, and the addon passes them to the engine as they are, while Session.queryBindAsync
// would escape strings a second time.
const native = require(path.join(path.dirname(require.resolve('chdb')), 'dist', 'loader.js')).loadNative();

const PORT = Number(arg('port', '18124'));
const DATA = path.resolve(arg('data', './clickhouse-data'));
const LOG = arg('log', '');
const USER_FILES = path.join(DATA, 'user_files'); // chDB's default user_files_path
const INSERT_FILES = path.join(USER_FILES, 'http-inserts');

// A real server's defaults where chDB's differ: 64-bit integers are quoted in JSON formats, and
// inserts are synchronous (the store checkpoints right after an insert and reads its own writes).
const BASELINE = { output_format_json_quote_64bit_integers: '1', async_insert: '0' };

// URL parameters a real server reads itself rather than as settings (HTTPHandler's reserved names).
const NOT_SETTINGS = new Set(['query', 'database', 'default_format', 'user', 'password', 'quota_key',
  'query_id', 'stacktrace', 'role', 'buffer_size', 'wait_end_of_query', 'session_id',
  'session_timeout', 'session_check', 'client_protocol_version', 'close_session', 'compress',
  'decompress']);

function arg(name, fallback) {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

// ---------------------------------------------------------------- log
const logStream = LOG ? fs.createWriteStream(LOG, { flags: 'a' }) : process.stderr;
function log(line) {
  logStream.write(`${new Date().toISOString()} ${line}\n`);
}

// ---------------------------------------------------------------- errors
class ClickHouseError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// Error names for the HTTP statuses a real server gives them (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp);
// their numbers are read from the engine's system.errors at startup.
const STATUS_BY_NAME = {
  REQUIRED_PASSWORD: 401,
  UNKNOWN_USER: 403, WRONG_PASSWORD: 403, AUTHENTICATION_FAILED: 403, SET_NON_GRANTED_ROLE: 403, ACCESS_DENIED: 403,
  BAD_ARGUMENTS: 400, CANNOT_COMPILE_REGEXP: 400, CANNOT_PARSE_TEXT: 400, CANNOT_PARSE_ESCAPE_SEQUENCE: 400,
  CANNOT_PARSE_QUOTED_STRING: 400, CANNOT_PARSE_DATE: 400, CANNOT_PARSE_DATETIME: 400, CANNOT_PARSE_NUMBER: 400,
  CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING: 400, CANNOT_PARSE_IPV4: 400, CANNOT_PARSE_IPV6: 400,
  CANNOT_PARSE_INPUT_ASSERTION_FAILED: 400, CANNOT_PARSE_UUID: 400, DUPLICATE_COLUMN: 400, ILLEGAL_COLUMN: 400,
  UNKNOWN_ELEMENT_IN_AST: 400, UNKNOWN_TYPE_OF_AST_NODE: 400, THERE_IS_NO_COLUMN: 400, TOO_DEEP_AST: 400,
  TOO_BIG_AST: 400, UNEXPECTED_AST_STRUCTURE: 400, SYNTAX_ERROR: 400, INCORRECT_DATA: 400, TYPE_MISMATCH: 400,
  VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: 400,
  UNKNOWN_TABLE: 404, UNKNOWN_FUNCTION: 404, UNKNOWN_IDENTIFIER: 404, UNKNOWN_TYPE: 404, UNKNOWN_STORAGE: 404,
  UNKNOWN_DATABASE: 404, UNKNOWN_SETTING: 404, UNKNOWN_DIRECTION_OF_SORTING: 404, UNKNOWN_AGGREGATE_FUNCTION: 404,
  UNKNOWN_FORMAT: 404, UNKNOWN_DATABASE_ENGINE: 404, UNKNOWN_TYPE_OF_QUERY: 404, UNKNOWN_ROLE: 404,
  QUERY_IS_TOO_LARGE: 413, NOT_IMPLEMENTED: 501, SOCKET_TIMEOUT: 503, CANNOT_OPEN_FILE: 503,
  HTTP_LENGTH_REQUIRED: 411, TIMEOUT_EXCEEDED: 408, CANNOT_SCHEDULE_TASK: 503, UNSUPPORTED_MEDIA_TYPE: 415,
};
const statusByCode = new Map();
const CODE = {}; // name -> number, for the errors this front raises itself
let version = '';
let timezone = 'UTC';

// chDB's messages read "Code: N. DB::Exception: ..." (some builds prefix "Query failed: ").
function asClickHouseError(e) {
  if (e instanceof ClickHouseError) return e;
  const text = String(e && e.message != null ? e.message : e).replace(/^Query failed:\s*/, '');
  const m = /Code: (\d+)\. /.exec(text);
  if (m) return new ClickHouseError(Number(m[1]), text.slice(m.index + m[0].length));
  return new ClickHouseError(1001, `DB::Exception: ${text}. (STD_EXCEPTION)`); // 1001 = STD_EXCEPTION
}

function fail(name, message) {
  return new ClickHouseError(CODE[name] || 1001, `DB::Exception: ${message}. (${name})`);
}

// ---------------------------------------------------------------- sessions
// chDB allows several connections (Sessions) to one data directory in one process, each with its
// own current database and settings, running in parallel. Each request borrows one for its whole
// run, so one request's USE and SET never reach another's.
class Pooled {
  constructor() {
    this.session = new Session(DATA);
    this.database = 'default';
    this.changed = new Map(); // settings this request set away from the baseline, name -> value
  }
}

const idle = [];
const waiting = [];
let opened = 0;
const baselineValues = new Map(Object.entries(BASELINE)); // name -> value every idle session has

async function openSession() {
  opened++;
  let p;
  try {
    p = new Pooled();
    await p.session.queryAsync(setStatement(BASELINE), { format: 'TabSeparated' });
    return p;
  } catch (e) {
    opened--;
    if (p) { try { p.session.close(); } catch (_) { /* best effort */ } }
    throw e;
  }
}

async function acquire() {
  if (idle.length) return idle.pop();
  if (opened < SESSIONS) return openSession();
  return new Promise((resolve) => waiting.push(resolve));
}

function release(p, broken) {
  if (broken) {
    // its state is unknown (a failed SET, or the request changed it itself): replace it
    try { p.session.close(); } catch (_) { /* best effort */ }
    opened--;
    if (waiting.length) {
      const next = waiting.shift();
      openSession().then(next, (e) => {
        log(`cannot open a session: ${e.message}`);
        waiting.unshift(next); // served by the next session released
      });
    }
    return;
  }
  if (waiting.length) waiting.shift()(p);
  else idle.push(p);
}

function quote(value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function quoteName(name) {
  return '`' + String(name).replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

function setStatement(settings) {
  // setting names are words; anything else is refused before it reaches SQL
  return 'SET ' + Object.entries(settings).map(([k, v]) => `${k} = ${quote(v)}`).join(', ');
}

// Moves a borrowed session to the database and settings the request asks for.
async function prepare(p, database, settings) {
  const wanted = new Map(Object.entries(settings));
  for (const name of wanted.keys()) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw fail('UNKNOWN_SETTING', `Unknown setting '${name}'`);
    if (!baselineValues.has(name)) {
      // this session has not changed it, so its value is the baseline every session shares
      const r = await p.session.queryAsync(
        `SELECT value FROM system.settings WHERE name = ${quote(name)} FORMAT TabSeparatedRaw`, {});
      const v = r.text().replace(/\n$/, '');
      if (r.rowsRead > 0) baselineValues.set(name, v);
    }
  }
  const change = {};
  for (const [name, value] of p.changed) {
    if (!wanted.has(name)) change[name] = baselineValues.get(name);
  }
  for (const [name, value] of wanted) {
    const current = p.changed.has(name) ? p.changed.get(name) : baselineValues.get(name);
    if (current !== value) change[name] = value;
  }
  if (Object.keys(change).length) {
    p.changed = null; // unknown until the SET succeeds; release() replaces the session meanwhile
    await p.session.queryAsync(setStatement(change), { format: 'TabSeparated' });
    p.changed = new Map([...wanted].filter(([name, value]) => value !== baselineValues.get(name)));
  }
  if (p.database !== database) {
    p.database = null;
    await p.session.queryAsync(`USE ${quoteName(database)}`, { format: 'TabSeparated' });
    p.database = database;
  }
}

// ---------------------------------------------------------------- requests
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// chDB runs queries with parameters one at a time (its own queryBindAsync chains them process-wide);
// this keeps to that.
let boundChain = Promise.resolve();
function queryBound(p, sql, bound, format) {
  const run = boundChain.then(() => native.QueryAsyncConnection(p.session.connection, sql, format, bound));
  boundChain = run.catch(() => {});
  return run.then((raw) => ({ bytes: () => raw.bytes, rowsRead: raw.rowsRead, bytesRead: raw.bytesRead }));
}

function header(req, name) {
  const v = req.headers[name.toLowerCase()];
  return v === undefined || v === '' ? undefined : String(v);
}

function credentials(req, url) {
  let user = header(req, 'X-ClickHouse-User') ?? url.searchParams.get('user') ?? undefined;
  let password = header(req, 'X-ClickHouse-Key') ?? url.searchParams.get('password') ?? undefined;
  const auth = header(req, 'Authorization');
  if (auth && /^Basic /i.test(auth)) {
    const plain = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const i = plain.indexOf(':');
    user = user ?? (i < 0 ? plain : plain.slice(0, i));
    password = password ?? (i < 0 ? '' : plain.slice(i + 1));
  }
  return { user: user || 'default', password: password || '' };
}

// The output format a real server would name in X-ClickHouse-Format: the query's FORMAT clause,
// else the requested default format.
function outputFormat(sql, fallback) {
  if (/^\s*INSERT\b/i.test(sql)) return fallback;
  const m = /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i.exec(sql.replace(/(--[^\n]*|\s)+$/, ''));
  return m ? m[1] : fallback;
}

let insertCounter = 0;

async function runQuery(req, res, url, body, queryId, started) {
  const params = url.searchParams;
  if (params.get('compress') === '1') {
    throw fail('BAD_ARGUMENTS', 'compress=1 (compressed answers) is not supported by this test front; build client-v2 with compressServerResponse(false)');
  }
  if (params.get('decompress') === '1' || header(req, 'Content-Encoding')) {
    throw fail('BAD_ARGUMENTS', 'compressed requests (decompress=1 or Content-Encoding) are not supported by this test front; build client-v2 with compressClientRequest(false) and useHttpCompression(false)');
  }
  if (/^multipart\//i.test(header(req, 'Content-Type') || '')) {
    throw fail('BAD_ARGUMENTS', 'multipart/form-data queries are not supported by this test front; leave client-v2\'s client.http.use_form_request_for_query off');
  }
  if (params.has('session_id')) throw fail('BAD_ARGUMENTS', 'HTTP sessions (session_id) are not supported by this test front');

  const { user, password } = credentials(req, url);
  if (user !== 'default' || password !== '') {
    throw fail('AUTHENTICATION_FAILED', `${user}: Authentication failed: password is incorrect, or there is no user with such name`);
  }
  const database = params.get('database') || header(req, 'X-ClickHouse-Database') || 'default';
  const defaultFormat = params.get('default_format') || header(req, 'X-ClickHouse-Format') || 'TabSeparated';
  const settings = {};
  const bound = {};
  for (const [name, value] of params) {
    if (name.startsWith('param_')) bound[name.slice(6)] = value;
    else if (!NOT_SETTINGS.has(name)) settings[name] = value;
  }

  // The statement is the query parameter followed by the body (for INSERT, the body is its data).
  let sql;
  let insertFile = null;
  const urlQuery = params.get('query');
  if (urlQuery !== null && body.length && /^\s*INSERT\b/i.test(urlQuery)) {
    // Data inline after "INSERT ... FORMAT RowBinary" is cut at the first blank line by chDB, so
    // binary (and any) insert data goes through a file: INSERT INTO t (...) FROM INFILE 'f' FORMAT x
    const m = /^([\s\S]*?)\s+FORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*$/i.exec(urlQuery.trim());
    if (!m) throw fail('SYNTAX_ERROR', 'an INSERT with data in the body must end with FORMAT <format>');
    insertFile = path.join(INSERT_FILES, `${process.pid}-${++insertCounter}.data`);
    await fs.promises.writeFile(insertFile, body);
    sql = `${m[1]} FROM INFILE ${quote(insertFile)} FORMAT ${m[2]}`;
  } else {
    sql = (urlQuery ?? '') + (urlQuery !== null && body.length ? '\n' : '') + body.toString('utf8');
  }
  if (!sql.trim()) throw fail('SYNTAX_ERROR', 'Empty query');
  // the engine takes the statement as a C string: it would run only the part before a NUL byte
  if (sql.includes('\0')) throw fail('SYNTAX_ERROR', 'Syntax error: the query contains a NUL byte');
  // Statements that change the borrowed session itself; the session is replaced afterwards.
  const changesSession = /^\s*(SET|USE)\b|^\s*CREATE\s+TEMPORARY\b/i.test(sql);

  const format = outputFormat(sql, defaultFormat);
  const p = await acquire();
  let broken = changesSession;
  let result;
  try {
    await prepare(p, database, settings);
    result = Object.keys(bound).length
      ? await queryBound(p, sql, bound, defaultFormat)
      : await p.session.queryAsync(sql, { format: defaultFormat });
  } catch (e) {
    if (p.changed === null || p.database === null) broken = true;
    throw e;
  } finally {
    release(p, broken);
    if (insertFile) fs.promises.unlink(insertFile).catch(() => {});
  }

  const out = Buffer.from(result.bytes());
  const isInsert = /^\s*INSERT\b/i.test(sql);
  const rows = String(result.rowsRead || 0);
  const bytes = String(result.bytesRead || 0);
  const summary = {
    read_rows: isInsert ? '0' : rows, read_bytes: isInsert ? '0' : bytes,
    written_rows: isInsert ? rows : '0', written_bytes: isInsert ? String(body.length) : '0',
    total_rows_to_read: isInsert ? '0' : rows, result_rows: isInsert ? '0' : rows,
    result_bytes: String(out.length), elapsed_ns: String(process.hrtime.bigint() - started),
  };
  res.writeHead(200, {
    ...commonHeaders(queryId, format),
    'Content-Type': contentType(format),
    'Content-Length': out.length,
    'X-ClickHouse-Summary': JSON.stringify(summary),
  });
  res.end(out);
  return { sql, database, rows };
}

function contentType(format) {
  if (/^JSONEachRow$|^JSONLines$|^NDJSON$/i.test(format)) return 'application/x-ndjson; charset=UTF-8';
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(RowBinary|Native|Parquet|Arrow)/i.test(format)) return 'application/octet-stream';
  return 'text/tab-separated-values; charset=UTF-8';
}

function commonHeaders(queryId, format) {
  return {
    'X-ClickHouse-Server-Display-Name': 'readmodel-chdb',
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Format': format,
    'X-ClickHouse-Timezone': timezone,
  };
}

async function handle(req, res) {
  const started = process.hrtime.bigint();
  let url;
  try {
    url = new URL(req.url, 'http://127.0.0.1');
  } catch (_) {
    url = new URL('http://127.0.0.1/?');
  }
  const queryId = url.searchParams.get('query_id') || header(req, 'X-ClickHouse-Query-Id') || crypto.randomUUID();
  let sqlForLog = url.searchParams.get('query') || '';
  try {
    const body = await readBody(req);
    if (url.pathname === '/ping' || (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD') && !url.searchParams.has('query'))) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': 4 });
      res.end('Ok.\n');
      return;
    }
    if (url.pathname !== '/') {
      const text = `There is no handle ${url.pathname}\n\nUse / or /ping for health checks.\n`;
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      log(`${queryId} 404 ${req.method} ${url.pathname}`);
      return;
    }
    if (req.method !== 'POST' && req.method !== 'GET') throw fail('BAD_ARGUMENTS', `HTTP method ${req.method} is not supported`);
    if (!sqlForLog) sqlForLog = body.subarray(0, 300).toString('utf8');
    const done = await runQuery(req, res, url, body, queryId, started);
    log(`${queryId} ok ${ms(started)}ms db=${done.database} rows=${done.rows} ${oneLine(done.sql)}`);
  } catch (e) {
    const err = asClickHouseError(e);
    const status = statusByCode.get(err.code) || 500;
    const text = `Code: ${err.code}. ${err.message.replace(/\s+$/, '')}${/\(version /.test(err.message) ? '' : ` (version ${version})`}\n`;
    log(`${queryId} error ${status} code=${err.code} ${ms(started)}ms ${oneLine(sqlForLog)} :: ${oneLine(text)}`);
    if (res.headersSent) { res.destroy(); return; }
    res.writeHead(status, {
      ...commonHeaders(queryId, 'TabSeparated'),
      'X-ClickHouse-Exception-Code': String(err.code),
      'Content-Type': 'text/plain; charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}

function ms(started) {
  return (Number(process.hrtime.bigint() - started) / 1e6).toFixed(1);
}

function oneLine(s) {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > 300 ? t.slice(0, 300) + '...' : t;
}

// ---------------------------------------------------------------- start
async function main() {
  fs.mkdirSync(INSERT_FILES, { recursive: true });
  for (const f of fs.readdirSync(INSERT_FILES)) fs.rmSync(path.join(INSERT_FILES, f), { force: true });
  const first = await openSession();
  const info = await first.session.queryAsync(
    "SELECT version(), timezone() FORMAT TabSeparatedRaw", {});
  [version, timezone] = info.text().trim().split('\t');
  // all error codes, by name, to give each the status a real server gives it
  await first.session.queryAsync('SET system_events_show_zero_values = 1', {});
  const errors = await first.session.queryAsync('SELECT DISTINCT name, code FROM system.errors FORMAT TabSeparatedRaw', {});
  await first.session.queryAsync('SET system_events_show_zero_values = 0', {});
  for (const line of errors.text().split('\n')) {
    const [name, code] = line.split('\t');
    if (!name) continue;
    CODE[name] = Number(code);
    if (STATUS_BY_NAME[name]) statusByCode.set(Number(code), STATUS_BY_NAME[name]);
  }
  release(first, false);

  // A real server takes request lines up to http_max_uri_size (1 MiB): query parameters travel in the
  // URL, and Node's default of 16 KiB would refuse a load of a thousand keys.
  const server = http.createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    handle(req, res).catch((e) => {
      log(`internal error: ${e && e.stack}`);
      try { res.destroy(); } catch (_) { /* already gone */ }
    });
  });
  server.keepAliveTimeout = 30000; // sent as Keep-Alive: timeout=30, which the client honours
  server.headersTimeout = 35000;
  server.requestTimeout = 0; // large inserts and rebuilds may take long; the client has its own timeouts
  server.on('clientError', (e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  server.on('error', (e) => {
    log(`cannot listen on 127.0.0.1:${PORT}: ${e.message}`);
    process.exit(1);
  });
  server.listen(PORT, '127.0.0.1', () => {
    log(`ClickHouse ${version} engine (chDB) answering on http://127.0.0.1:${PORT}, data ${DATA}, ${SESSIONS} sessions`);
  });
  const stop = () => {
    log('stopping');
    server.close();
    for (const p of idle) { try { p.session.close(); } catch (_) { /* best effort */ } }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

process.on('uncaughtException', (e) => log(`uncaught: ${e && e.stack}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e && e.stack}`));

main().catch((e) => {
  log(`cannot start: ${e && e.stack}`);
  process.exit(1);
});
