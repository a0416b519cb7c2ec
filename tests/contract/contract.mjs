#!/usr/bin/env node
// Contract test: docs/openapi.yaml against a real `redress serve`.
//
//   node tests/contract/contract.mjs [path/to/redress]     (or REDRESS_BINARY=...)
//   REDRESS_OPENAPI=other.yaml to check another copy of the spec.
//
// Creates one user per role with `redress user add --print-token`, starts the server on a free
// loopback port with a fresh database, and calls every operation in the spec with those users'
// bearer tokens: the register, the whole procedure from assignment to sign-off, people, tasks,
// notifications and signals, successes and the documented errors (401, 403, 404, 409, 422, ...).
// It checks each answer's status, Content-Type, headers and body against the spec for that
// operation and status, and the role matrix of the spec (`x-permissions`,
// `x-role-permissions`) against who the server lets through. It then restarts the server on
// the same database, so that the deadline scheduler's first pass records the alerts that are
// due, and checks those. It fails when the server answers with a status the operation does not
// document, when an operation in the spec was never called, when a documented status was never
// seen (unless listed in NOT_PROVOKED below), and when the spec's request schemas disagree with
// what the server accepts. Exit status: 0 when nothing failed (reproduced KNOWN_BUGS, and known
// bugs that no longer reproduce, are reported but do not fail the run), 1 on any failure, 2 on a
// usage error.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

// ajv, ajv-formats and yaml come from the project's package.json (npm ci at the project root).
let Ajv2020, addFormats, YAML;
try {
  ({ default: Ajv2020 } = await import('ajv/dist/2020.js'));
  ({ default: addFormats } = await import('ajv-formats'));
  ({ default: YAML } = await import('yaml'));
} catch (e) {
  console.error(`contract: ${e.message}\ncontract: run \`npm ci --no-audit --no-fund\` at the project root first`);
  process.exit(2);
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SPEC_PATH = path.resolve(process.env.REDRESS_OPENAPI || path.join(HERE, '../../docs/openapi.yaml'));
const BINARY = process.argv[2] || process.env.REDRESS_BINARY;
const NOW = '2026-03-10T09:00:00Z'; // REDRESS_NOW: the server runs "on" this instant
const VERBOSE = process.env.CONTRACT_VERBOSE === '1';
const STARTED = Date.now();

// Checks that expose server bugs not fixed yet (src/ is not this test's to change). They run
// and print as KNOWN without failing the run. One that passes prints as FIXED and is listed in
// the summary, without failing the run either, so that a fix can land on its own; then remove
// its entry here. CONTRACT_STRICT=1 counts reproduced known bugs as failures.
const KNOWN_BUGS = {
};
const STRICT = process.env.CONTRACT_STRICT === '1';

// Documented statuses this test cannot provoke from outside, with the reason.
const NOT_PROVOKED = {
  500: 'needs a handler exception or a damaged stored card',
  503: 'needs a failing commit, a shutdown in progress, or an out-of-date schema (serve migrates on open)',
};

// ---------------------------------------------------------------------------------------
// Results

const results = []; // {ok, known, name, problems[]}
let current = null;

function check(name, fn) {
  // Runs fn (sync or async) under a named check; collects failures instead of stopping.
  return (async () => {
    const entry = { name, problems: [] };
    const previous = current;
    current = entry;
    try {
      await fn();
    } catch (e) {
      entry.problems.push(`threw: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
    } finally {
      current = previous;
    }
    const knownBug = KNOWN_BUGS[name];
    if (knownBug && !STRICT) {
      if (entry.problems.length) {
        entry.known = true; // reproduces: reported, not counted as a failure
      } else {
        entry.fixed = true; // no longer reproduces: reported in the summary, not a failure
      }
    }
    entry.ok = entry.problems.length === 0 || entry.known === true;
    results.push(entry);
    const mark = entry.known ? 'KNOWN' : entry.fixed ? 'FIXED' : entry.ok ? 'ok  ' : 'FAIL';
    const note = entry.known ? ` [known server bug: ${knownBug}]`
      : entry.fixed ? ' [known server bug no longer reproduces: remove it from KNOWN_BUGS]' : '';
    console.log(`${mark} ${name}${note}`);
    for (const p of entry.problems) console.log(`       - ${p}`);
  })();
}

function fail(message) {
  if (!current) throw new Error(message);
  current.problems.push(message);
}

function expectEq(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function expectTrue(cond, what) {
  if (!cond) fail(what);
}

// ---------------------------------------------------------------------------------------
// The spec

const SPEC_ID = 'https://redress.invalid/openapi.json';
const spec = YAML.parse(fs.readFileSync(SPEC_PATH, 'utf8'));

function pointer(ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node == null || !(key in node)) throw new Error(`dangling $ref ${ref}`);
    node = node[key];
  }
  return node;
}

// An OpenAPI object (response, parameter, header) with its $ref followed.
function deref(obj) {
  const seen = new Set();
  while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
    if (seen.has(obj.$ref)) throw new Error(`$ref cycle at ${obj.$ref}`);
    seen.add(obj.$ref);
    obj = pointer(obj.$ref);
  }
  return obj;
}

// Schema $refs into components.schemas become absolute refs into one Ajv schema.
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const m = /^#\/components\/schemas\/(.+)$/.exec(v);
        if (!m) throw new Error(`schema $ref outside components.schemas: ${v}`);
        out[k] = `${SPEC_ID}#/$defs/${m[1]}`;
      } else {
        out[k] = rewriteRefs(v);
      }
    }
    return out;
  }
  return node;
}

const ajv = new Ajv2020({
  allErrors: true,
  strictSchema: true, // a misspelt keyword in the spec is an error, not silence
  strictNumbers: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
});
addFormats(ajv);
// OpenAPI's own schema annotations.
for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs']) ajv.addKeyword(keyword);

const compiled = new Map();
function validator(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(rewriteRefs(schema)));
  return compiled.get(schema);
}

function validate(schema, value) {
  const v = validator(schema);
  if (v(value)) return [];
  return v.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}${
    e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`);
}

// Every operation of the spec, by operationId.
const operations = new Map();
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function loadSpec() {
  expectTrue(typeof spec.openapi === 'string' && spec.openapi.startsWith('3.1'), `openapi must be 3.1.x, is ${spec.openapi}`);
  loadRoles();
  ajv.addSchema({ $id: SPEC_ID, $defs: rewriteRefs(spec.components?.schemas ?? {}) });
  for (const name of Object.keys(spec.components?.schemas ?? {})) {
    try {
      ajv.getSchema(`${SPEC_ID}#/$defs/${name}`);
    } catch (e) {
      fail(`components.schemas.${name} does not compile: ${e.message}`);
    }
  }
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) {
        fail(`${method.toUpperCase()} ${p} has no operationId`);
        continue;
      }
      if (operations.has(op.operationId)) fail(`duplicate operationId ${op.operationId}`);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      for (const param of params) {
        if (param.in === 'path' && !p.includes(`{${param.name}}`)) fail(`${op.operationId}: path parameter ${param.name} not in ${p}`);
      }
      const responses = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const resp = deref(r);
        responses[status] = resp;
        for (const [type, media] of Object.entries(resp.content ?? {})) {
          try {
            validator(media.schema ?? {});
          } catch (e) {
            fail(`${op.operationId} ${status} ${type}: schema does not compile: ${e.message}`);
          }
        }
      }
      // Access: public when the effective security is empty; otherwise the bearer scheme and
      // the permissions of which the caller needs one.
      const security = op.security ?? spec.security ?? [];
      const isPublic = security.length === 0;
      const permissions = op['x-permissions'] ?? [];
      if (isPublic) {
        if (permissions.length) fail(`${op.operationId} is public but names x-permissions`);
        if (responses['401'] && op.operationId !== 'issueSessionToken') fail(`${op.operationId} is public but documents 401`);
      } else {
        expectTrue(security.every((req) => Object.keys(req).every((k) => spec.components?.securitySchemes?.[k])),
          `${op.operationId}: security names an undefined scheme`);
        if (!permissions.length) fail(`${op.operationId} is protected but names no x-permissions`);
        for (const perm of permissions) {
          if (!PERMISSIONS.includes(perm)) fail(`${op.operationId}: x-permissions names unknown permission ${perm}`);
        }
        if (!responses['401']) fail(`${op.operationId} is protected but does not document 401`);
        const deniedSomewhere = ROLES.some((role) => !mayCall(role, permissions));
        if (deniedSomewhere !== Boolean(responses['403'])) {
          fail(`${op.operationId}: ${deniedSomewhere ? 'some role lacks its permissions but 403 is not documented' : 'every role may call it but 403 is documented'}`);
        }
      }
      operations.set(op.operationId, {
        id: op.operationId, method: method.toUpperCase(), path: p, op, params, responses,
        requestBody: op.requestBody ? deref(op.requestBody) : undefined,
        isPublic, permissions, calls: 0, statuses: new Map(),
      });
    }
  }
  expectTrue(operations.size > 0, 'the spec has no operations');
}

// The role matrix of the spec: components.x-role-permissions, over the Role and Permission enums.
let ROLES = [];
let PERMISSIONS = [];
let ROLE_PERMISSIONS = {};
function loadRoles() {
  ROLES = spec.components?.schemas?.Role?.enum ?? [];
  PERMISSIONS = spec.components?.schemas?.Permission?.enum ?? [];
  ROLE_PERMISSIONS = spec.components?.['x-role-permissions'] ?? {};
  expectTrue(ROLES.length > 0, 'components.schemas.Role has no enum');
  expectTrue(PERMISSIONS.length > 0, 'components.schemas.Permission has no enum');
  expectEq(Object.keys(ROLE_PERMISSIONS).sort(), [...ROLES].sort(), 'x-role-permissions names every role');
  for (const [role, perms] of Object.entries(ROLE_PERMISSIONS)) {
    for (const perm of perms) if (!PERMISSIONS.includes(perm)) fail(`x-role-permissions.${role} names unknown permission ${perm}`);
  }
}

function mayCall(role, permissions) {
  return permissions.some((p) => (ROLE_PERMISSIONS[role] ?? []).includes(p));
}

// ---------------------------------------------------------------------------------------
// HTTP

let port = 0;

// One request on its own connection. Resolves with the answer even when the server answers
// before the body was sent (413), as long as an answer arrived.
function send({ method, target, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const h = { ...headers };
    if (payload !== undefined) h['Content-Length'] = String(payload.length);
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers: h, agent: false }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, raw, text: raw.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.setTimeout(15000, () => req.destroy(new Error(`timeout: ${method} ${target}`)));
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function mediaType(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// Checks an answer against a spec response object; returns the problems found.
function conformance(res, response, where) {
  const problems = [];
  try {
    strictUtf8.decode(res.raw);
  } catch {
    problems.push(`${where}: body is not valid UTF-8: ${JSON.stringify(res.raw.toString('latin1').slice(0, 120))}`);
  }
  if (res.headers['cache-control'] !== 'no-store') {
    problems.push(`${where}: Cache-Control is ${JSON.stringify(res.headers['cache-control'])}, not "no-store"`);
  }
  for (const [name, h] of Object.entries(response.headers ?? {})) {
    const header = deref(h);
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) problems.push(`${where}: header ${name} missing`);
      continue;
    }
    for (const e of validate(header.schema ?? {}, value)) problems.push(`${where}: header ${name}: ${JSON.stringify(value)} ${e}`);
  }
  const content = response.content;
  if (!content || Object.keys(content).length === 0) {
    if (res.raw.length) problems.push(`${where}: the spec documents no body, got ${res.raw.length} bytes`);
    return { problems };
  }
  const type = mediaType(res.headers['content-type']);
  const key = Object.keys(content).find((k) => mediaType(k) === type);
  if (!key) {
    problems.push(`${where}: Content-Type ${JSON.stringify(res.headers['content-type'])} is not one of ${Object.keys(content).join(', ')}`);
    return { problems };
  }
  let value = res.text;
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      value = JSON.parse(res.text);
    } catch (e) {
      problems.push(`${where}: body is not JSON (${e.message}): ${res.text.slice(0, 200)}`);
      return { problems };
    }
  }
  for (const e of validate(content[key].schema ?? {}, value)) problems.push(`${where}: body ${e}`);
  return { problems, body: value };
}

// The spec's view of a request: do its parameters and body satisfy the operation's schemas?
function requestProblems(operation, { params, query, headers, body }) {
  const problems = [];
  const known = new Set();
  for (const p of operation.params) {
    known.add(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`);
    let value;
    if (p.in === 'path') value = params[p.name];
    else if (p.in === 'query') value = query.find(([k]) => k === p.name)?.[1];
    else if (p.in === 'header') value = Object.entries(headers).find(([k]) => k.toLowerCase() === p.name.toLowerCase())?.[1];
    if (value === undefined) {
      if (p.required) problems.push(`${p.in} parameter ${p.name} missing`);
      continue;
    }
    let typed = value;
    const type = deref(p.schema ?? {}).type;
    if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) typed = Number(value);
    for (const e of validate(p.schema ?? {}, typed)) problems.push(`${p.in} parameter ${p.name}=${JSON.stringify(value)}: ${e}`);
  }
  for (const [k] of query) if (!known.has(`query:${k}`)) problems.push(`query parameter ${k} is not in the spec`);
  if (operation.requestBody) {
    const schema = operation.requestBody.content?.['application/json']?.schema;
    if (body === undefined) {
      if (operation.requestBody.required) problems.push('request body missing');
    } else if (schema) {
      for (const e of validate(schema, body)) problems.push(`request body ${e}`);
    }
  }
  return problems;
}

// Calls an operation of the spec and checks the answer against it.
//   params: path parameters; query: [[k, v]...] or {k: v}; headers; json: a body to send as
//   JSON; raw: a body to send as is; contentType (default application/json when a body is sent);
//   expect: the status this call must get; requestValid: true/false if the spec's request
//   schemas must accept/reject this request (default: true when expect is 2xx); as: the user
//   whose bearer token is sent (default `quality`, the head of quality; none for a public
//   operation); auth: the Authorization header to send instead (null: none).
async function call(opId, { params = {}, query = [], headers = {}, json, raw, contentType, rawPath, expect, requestValid, as, auth } = {}) {
  const operation = operations.get(opId);
  if (!operation) {
    fail(`the spec has no operation ${opId}`);
    return { status: 0, body: undefined, headers: {} };
  }
  const q = Array.isArray(query) ? query : Object.entries(query);
  let target = rawPath ?? operation.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name] ?? ''));
  if (q.length) target += '?' + new URLSearchParams(q).toString();
  const h = { ...headers };
  if (auth !== undefined) {
    if (auth !== null) h.Authorization = auth;
  } else if (!operation.isPublic || as) {
    const token = tokens[as ?? 'quality'];
    if (!token) fail(`no token for user ${as}`);
    h.Authorization = `Bearer ${token}`;
  }
  let body;
  if (json !== undefined) body = JSON.stringify(json);
  if (raw !== undefined) body = raw;
  if (body !== undefined && contentType !== null) h['Content-Type'] = contentType ?? 'application/json';
  const who = auth !== undefined ? (auth === null ? '' : ' [custom Authorization]') : h.Authorization ? ` [as ${as ?? 'quality'}]` : '';
  const where = `${operation.method} ${target.length > 90 ? target.slice(0, 90) + '…' : target}${who}`;

  const res = await send({ method: operation.method, target, headers: h, body });
  operation.calls += 1;
  operation.statuses.set(res.status, (operation.statuses.get(res.status) ?? 0) + 1);
  if (VERBOSE) console.log(`       ${where} -> ${res.status} ${res.text.slice(0, 160)}`);

  if (expect !== undefined && res.status !== expect) {
    fail(`${where}: status ${res.status}, expected ${expect}: ${res.text.slice(0, 300)}`);
  }
  const response = operation.responses[String(res.status)] ?? operation.responses[`${String(res.status)[0]}XX`] ?? operation.responses.default;
  let parsed;
  if (!response) {
    fail(`${where}: status ${res.status} is not documented for ${opId} (documented: ${Object.keys(operation.responses).join(', ')}): ${res.text.slice(0, 200)}`);
  } else {
    const { problems, body: b } = conformance(res, response, `${where} ${res.status}`);
    problems.forEach(fail);
    parsed = b;
  }

  const shouldConform = requestValid ?? (expect >= 200 && expect < 300 ? true : undefined);
  if (shouldConform !== undefined) {
    let sentBody;
    if (json !== undefined) sentBody = json;
    else if (raw !== undefined) {
      try { sentBody = JSON.parse(raw); } catch { sentBody = Symbol('not json'); }
    }
    const rp = typeof sentBody === 'symbol' ? ['body is not JSON'] : requestProblems(operation, { params, query: q, headers: h, body: sentBody });
    if (shouldConform && rp.length) fail(`${where}: the server accepts this request but the spec's request schema rejects it: ${rp.join('; ')}`);
    if (!shouldConform && !rp.length) fail(`${where}: the server rejects this request (${res.status}) but the spec's request schema accepts it`);
  }
  return { status: res.status, headers: res.headers, body: parsed, text: res.text };
}

// A request that belongs to no operation, checked against components.responses[name].
async function callOutside(method, target, responseName, expect) {
  const response = deref(spec.components?.responses?.[responseName]);
  if (!response) {
    fail(`components.responses.${responseName} is missing`);
    return {};
  }
  const res = await send({ method, target });
  const where = `${method} ${target}`;
  if (res.status !== expect) fail(`${where}: status ${res.status}, expected ${expect}: ${res.text.slice(0, 200)}`);
  const { problems, body } = conformance(res, response, `${where} ${res.status}`);
  problems.forEach(fail);
  return { status: res.status, headers: res.headers, body };
}

function expectProblem(r, field, rule) {
  if (!r.body) return;
  expectEq(r.body.field, field, 'problem field');
  expectEq(r.body.rule, rule, 'problem rule');
}

// ---------------------------------------------------------------------------------------
// The server

let server = null;
let tmp = null;
let db = null;

// One user per role, made with the command line before the server starts; `pw` also has a
// password (read from standard input) for POST /api/v1/auth/token.
const USERS = [
  { login: 'quality', role: 'head_of_quality', name: 'Quality Head', position: 'Head of quality' },
  { login: 'front', role: 'front_line', name: 'Fiona Front', position: 'Seller' },
  { login: 'resp', role: 'responsible', name: 'Rita Responsible', position: 'Investigator' },
  { login: 'resp2', role: 'responsible', name: 'Roman Second', position: 'Investigator' },
  { login: 'exec', role: 'executor', name: 'Egor Executor', position: 'Technician' },
  { login: 'mgr', role: 'manager', name: 'Maria Manager', position: 'Branch manager' },
  { login: 'admin', role: 'admin', name: 'Adam Admin', position: 'Administrator' },
  { login: 'audit', role: 'auditor', name: 'Alla Auditor', position: 'Internal audit' },
  { login: 'pw', role: 'front_line', name: 'Pavel Password', position: 'Seller', password: 'pw-user-secret-1' },
];
const tokens = {}; // login -> bearer token
const ROLE_USER = {}; // role -> a login with that role

function createUsers(env) {
  for (const u of USERS) {
    const args = ['user', 'add', '--db', db, '--name', u.login, '--role', u.role, '--full-name', u.name,
      '--position', u.position, '--print-token'];
    if (u.password) args.push('--password-stdin');
    const r = spawnSync(BINARY, args, { env, encoding: 'utf8', input: u.password ? `${u.password}\n` : '' });
    const token = (r.stdout ?? '').split('\n')[0];
    if (r.status !== 0 || !/^rdr_[0-9a-f]{64}$/.test(token)) {
      throw new Error(`redress user add ${u.login} failed (${r.status ?? r.signal}): ${r.stderr || r.error}`);
    }
    tokens[u.login] = token;
    ROLE_USER[u.role] ??= u.login;
  }
  // A second token for the same user, from `redress user token`.
  const again = spawnSync(BINARY, ['user', 'token', '--db', db, '--name', 'audit'], { env, encoding: 'utf8' });
  const token = (again.stdout ?? '').split('\n')[0];
  if (again.status !== 0 || !/^rdr_[0-9a-f]{64}$/.test(token)) {
    throw new Error(`redress user token failed (${again.status ?? again.signal}): ${again.stderr || again.error}`);
  }
  tokens['audit#cli'] = token;
}

// fresh: a new database with its users; otherwise the same database again (a restart).
function startServer({ fresh = true } = {}) {
  const env = { ...process.env, REDRESS_NOW: NOW };
  if (fresh) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-contract-'));
    db = path.join(tmp, 'contract.db');
    const migrate = spawnSync(BINARY, ['migrate', '--db', db], { env, encoding: 'utf8' });
    if (migrate.status !== 0) {
      throw new Error(`redress migrate failed (${migrate.status ?? migrate.signal}): ${migrate.stderr || migrate.error}`);
    }
    createUsers(env);
  }
  const ready = path.join(tmp, `ready-${Date.now()}`);
  const err = fs.openSync(path.join(tmp, 'server.log'), 'a');
  // Port 0: the server binds a free port and writes HOST:PORT to the ready file. The deadline
  // scheduler runs once at start and then hourly: within a run, only a restart records alerts.
  const child = spawn(BINARY, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--ready-file', ready, '--threads', '1',
    '--tick', '3600'], { env, stdio: ['ignore', err, err] });
  fs.closeSync(err);
  server = { child, pid: child.pid, exited: null };
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    server.exited = { code, signal };
    resolve(server.exited);
  }));
  server.exitedPromise = exited;
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20000;
    const poll = () => {
      let text = '';
      try { text = fs.readFileSync(ready, 'utf8'); } catch { /* not yet */ }
      const colon = text.lastIndexOf(':');
      if (colon > 0 && text.endsWith('\n')) {
        port = Number.parseInt(text.slice(colon + 1), 10);
        return resolve();
      }
      if (server.exited) return reject(new Error(`redress serve exited early ${JSON.stringify(server.exited)}: ${serverLog()}`));
      if (Date.now() > deadline) return reject(new Error(`redress serve did not start within 20 s: ${serverLog()}`));
      setTimeout(poll, 25);
    };
    poll();
  });
}

function serverLog() {
  try { return fs.readFileSync(path.join(tmp, 'server.log'), 'utf8').slice(-4000); } catch { return '(no log)'; }
}

// SIGTERM by PID, SIGKILL after 10 s. Resolves with the exit.
async function stopServer() {
  if (!server || server.exited) return server?.exited;
  process.kill(server.pid, 'SIGTERM');
  const timer = setTimeout(() => { if (!server.exited) process.kill(server.pid, 'SIGKILL'); }, 10000);
  const exit = await server.exitedPromise;
  clearTimeout(timer);
  return exit;
}

function killNow() {
  if (server && !server.exited) {
    try { process.kill(server.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}
process.on('exit', killNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { killNow(); process.exit(130); });
}

// ---------------------------------------------------------------------------------------
// The scenario

const PHONE_REGISTRATION = {
  channel: 'phone',
  organisation: 'ООО «Альфа»',
  contact: { name: 'Գայանե Սարգսյան', phone: '+374 10 123456', email: 'gayane@example.am' },
  statement: 'Картридж за 100 рублей не печатает. Տպիչը չի աշխատում։ Касетата не работи.',
  product: 'Картридж HP 85A',
  category: 'quality of product',
  received_by: { name: 'Ирина Иванова', position: 'Продавец-консультант' },
};

const FULL_REGISTRATION = {
  channel: 'email',
  kind: 'suggestion',
  organisation: 'Contract Org',
  contact: { name: 'Dana Petrova', phone: '', fax: '+7 495 123-45-68', email: 'dana@example.com', address: 'Sofia, 1 Vitosha Blvd' },
  statement: 'Please open on Sundays.\nThe nearest branch is closed.',
  product: 'Branch hours',
  project: 'Retail',
  category: 'service',
  complaint_type: 'opening hours',
  employee_concerned: '',
  external_ref: 'EXT-42',
  language: 'bg',
  site: 'Sofia Centre',
  received_at: '2026-03-01T10:00:00+03:00',
  received_by: null,
};

const PAGING_ORG = 'Contract Paging Org';
const letter = (month) => ({
  channel: 'letter',
  organisation: PAGING_ORG,
  contact: { name: 'P', address: 'Ереван, ул. Абовяна 1' },
  statement: `page test ${month}`,
  category: 'paging',
  received_at: `2025-0${month}-15T10:00:00Z`,
});

function checkCardHeaders(r) {
  if (!r.body) return;
  expectEq(r.headers.etag, `"${r.body.version}"`, 'ETag is the card version');
}

async function registerScenario() {
  // ---- operations
  await check('GET /healthz answers ok', async () => {
    const r = await call('health', { expect: 200 });
    expectEq(r.body, { status: 'ok' }, 'body');
  });
  await check('GET /readyz answers ready', async () => {
    const r = await call('readiness', { expect: 200 });
    expectEq(r.body, { status: 'ready' }, 'body');
  });

  // ---- register
  let oral; // the phone complaint, the subject of the commands below
  await check('POST /api/v1/complaints registers an oral complaint (201, Location, ETag)', async () => {
    const r = await call('registerComplaint', { json: PHONE_REGISTRATION, expect: 201 });
    if (!r.body) return;
    oral = r.body;
    expectEq(r.headers.location, `/api/v1/complaints/${oral.number}`, 'Location');
    checkCardHeaders(r);
    expectEq(oral.version, 2, 'version');
    expectEq(oral.status, 'acknowledged', 'status');
    expectEq(oral.oral, true, 'oral');
    expectEq(oral.source, 'api', 'source');
    expectTrue(oral.received_at.startsWith(NOW.slice(0, 15)), `received_at ${oral.received_at} defaults to now (${NOW})`);
    expectTrue(oral.number.startsWith('2026-'), `number ${oral.number} is in the year received (2026)`);
    expectEq(oral.statement, PHONE_REGISTRATION.statement, 'statement round-trips byte-exact');
    expectEq(oral.received_by, PHONE_REGISTRATION.received_by, 'received_by');
    expectEq(oral.comment_count, 0, 'comment_count');
    expectEq(oral.written_confirmation, null, 'written_confirmation');
    expectEq(oral.imported, null, 'imported');
    expectTrue(oral.acknowledgement && oral.acknowledgement.method === 'api', 'acknowledged by the api');
    expectEq(oral.registered_by, 'quality', 'registered_by');
    expectEq(oral.responsible, '', 'unassigned');
    expectEq(oral.round, 1, 'round');
  });
  await check('POST /api/v1/complaints with every member', async () => {
    const r = await call('registerComplaint', { json: FULL_REGISTRATION, expect: 201 });
    if (!r.body) return;
    checkCardHeaders(r);
    expectEq(r.body.received_at, '2026-03-01T07:00:00Z', 'received_at normalised to UTC');
    expectEq(r.body.kind, 'suggestion', 'kind');
    expectEq(r.body.oral, false, 'oral');
    expectEq(r.body.contact, FULL_REGISTRATION.contact, 'contact');
    expectEq(r.body.received_by, { name: 'Quality Head', position: 'Head of quality' }, 'received_by defaults to the registering user');
    expectEq(r.body.registered_by, 'quality', 'registered_by is the caller');
  });
  await check('POST /api/v1/complaints: the register summary of a long statement is cut at 160 characters', async () => {
    const statement = 'Ж'.repeat(150) + '\n\t' + 'z'.repeat(100);
    const r = await call('registerComplaint', { json: { contact: { name: 'L', email: 'l@example.com' }, statement, organisation: 'Long Org' }, expect: 201 });
    if (!r.body) return;
    const list = await call('listComplaints', { query: { organisation: 'Long Org' }, expect: 200 });
    const summary = list.body?.items?.[0]?.summary ?? '';
    expectEq([...summary].length, 161, 'summary length in characters');
    expectEq(summary, 'Ж'.repeat(150) + '  ' + 'z'.repeat(8) + '…', 'summary');
  });
  const paging = [];
  await check('POST /api/v1/complaints: five letters received in 2025', async () => {
    for (const month of [1, 2, 3, 4, 5]) {
      const r = await call('registerComplaint', { json: letter(month), expect: 201 });
      if (r.body) paging.push(r.body);
    }
    expectEq(paging.map((c) => c.number.slice(0, 4)), ['2025', '2025', '2025', '2025', '2025'], 'numbers take the year received');
  });

  await check('POST /api/v1/complaints: body not JSON is 400', async () => {
    expectProblem(await call('registerComplaint', { raw: '{not json', expect: 400 }), undefined, 'json');
  });
  await check('POST /api/v1/complaints: unknown member is 422 unknown', async () => {
    expectProblem(await call('registerComplaint', { json: { ...PHONE_REGISTRATION, chanel: 'web' }, expect: 422, requestValid: false }), 'chanel', 'unknown');
    expectProblem(await call('registerComplaint', { json: { ...PHONE_REGISTRATION, contact: { name: 'A', phone: '+374 10 123456', mail: 'x' } }, expect: 422, requestValid: false }), 'contact.mail', 'unknown');
  });
  await check('POST /api/v1/complaints: invalid e-mail is 422 email', async () => {
    expectProblem(await call('registerComplaint', { json: { channel: 'email', contact: { name: 'A', email: 'nope' }, statement: 'x' }, expect: 422 }), 'contact.email', 'email');
  });
  await check('POST /api/v1/complaints: other rule breaks are 422 naming field and rule', async () => {
    expectProblem(await call('registerComplaint', { json: { channel: 'fax', contact: { name: 'A', email: 'a@b.cd' }, statement: 'x' }, expect: 422 }), 'contact.fax', 'required');
    expectProblem(await call('registerComplaint', { json: { channel: 'web', contact: { name: 'A', email: 'a@b.cd' } }, expect: 422, requestValid: false }), 'statement', 'required');
    expectProblem(await call('registerComplaint', { json: { channel: 'web', contact: { name: 'A' }, statement: 'x' }, expect: 422 }), 'contact', 'reachable');
    expectProblem(await call('registerComplaint', { json: { channel: 'carrier pigeon', contact: { name: 'A' }, statement: 'x' }, expect: 422, requestValid: false }), 'channel', 'enum');
    expectProblem(await call('registerComplaint', { json: { statement: 5, contact: { name: 'A' } }, expect: 422, requestValid: false }), 'statement', 'type');
    expectProblem(await call('registerComplaint', { json: { ...PHONE_REGISTRATION, language: 'de' }, expect: 422, requestValid: false }), 'language', 'enum');
    expectProblem(await call('registerComplaint', { json: { ...PHONE_REGISTRATION, product: 'p'.repeat(201) }, expect: 422, requestValid: false }), 'product', 'max_length');
    expectProblem(await call('registerComplaint', { json: { ...PHONE_REGISTRATION, received_at: '2026-04-01T00:00:00Z' }, expect: 422 }), 'received_at', 'future');
    expectProblem(await call('registerComplaint', { json: { ...PHONE_REGISTRATION, received_at: '1989-12-31T00:00:00Z' }, expect: 422 }), 'received_at', 'range');
    expectProblem(await call('registerComplaint', { json: { ...PHONE_REGISTRATION, received_at: 'yesterday' }, expect: 422 }), 'received_at', 'rfc3339');
  });
  await check('POST /api/v1/complaints: a body that is not an object is 422 type without field', async () => {
    expectProblem(await call('registerComplaint', { json: [], expect: 422, requestValid: false }), undefined, 'type');
  });
  await check('POST /api/v1/complaints: invalid UTF-8 in a member is 422 utf8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"channel":"web","contact":{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","email":"a@b.cd"},"statement":"x"}')]);
    expectProblem(await call('registerComplaint', { raw: bytes, expect: 422 }), 'contact.name', 'utf8');
  });
  await check('POST /api/v1/complaints: wrong or missing Content-Type is 415', async () => {
    expectProblem(await call('registerComplaint', { json: PHONE_REGISTRATION, contentType: 'text/plain', expect: 415 }), 'Content-Type', 'media_type');
    expectProblem(await call('registerComplaint', { json: PHONE_REGISTRATION, contentType: null, expect: 415 }), 'Content-Type', 'media_type');
  });
  await check('POST /api/v1/complaints: body over the limit is 413', async () => {
    const huge = JSON.stringify({ statement: 'a'.repeat(2 * 1024 * 1024) });
    expectProblem(await call('registerComplaint', { raw: huge, expect: 413 }), undefined, 'body_limit');
  });

  // ---- read
  await check('GET /api/v1/complaints/{number} answers the card with its ETag', async () => {
    if (!oral) return fail('no complaint registered');
    const r = await call('getComplaint', { params: { number: oral.number }, expect: 200 });
    checkCardHeaders(r);
    expectEq(r.body, oral, 'the card equals the one registration answered');
  });
  await check('GET /api/v1/complaints/{number}: unknown or malformed numbers are 404', async () => {
    await call('getComplaint', { params: { number: '2026-999999' }, expect: 404 });
    await call('getComplaint', { params: { number: 'not-a-number' }, expect: 404 });
    await call('getComplaint', { params: { number: '2026-1' }, expect: 404 });
  });
  await check('GET /api/v1/complaints/{number}/events answers the hash-chained history', async () => {
    if (!oral) return fail('no complaint registered');
    const r = await call('listComplaintEvents', { params: { number: oral.number }, expect: 200 });
    if (!r.body) return;
    expectEq(r.body.number, oral.number, 'number');
    expectEq(r.body.events.map((e) => e.kind), ['Registered', 'Acknowledged'], 'kinds');
    expectEq(r.body.events[0]?.prev_hash, '0'.repeat(64), 'first prev_hash');
    expectEq(r.body.events[1]?.prev_hash, r.body.events[0]?.hash, 'chain');
  });
  await check('GET /api/v1/complaints/{number}/events: unknown complaint is 404', async () => {
    await call('listComplaintEvents', { params: { number: '2026-999999' }, expect: 404 });
    await call('listComplaintEvents', { params: { number: 'x' }, expect: 404 });
  });

  // ---- comments
  await check('POST .../comments adds a comment (201, ETag, comment_count)', async () => {
    if (!oral) return fail('no complaint registered');
    const r = await call('addComment', { params: { number: oral.number }, json: { text: 'Перезвонили клиенту\nвторая строка', version: 2 }, expect: 201 });
    if (!r.body) return;
    checkCardHeaders(r);
    expectEq(r.body.version, 3, 'version');
    expectEq(r.body.comment_count, 1, 'comment_count');
    oral = r.body;
  });
  await check('POST .../comments: stale version (If-Match or body) is 409 version', async () => {
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: { text: 'x' }, headers: { 'If-Match': '"2"' }, expect: 409 }), undefined, 'version');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: { text: 'x', version: 1 }, expect: 409 }), undefined, 'version');
  });
  await check('POST .../comments: malformed If-Match is 422', async () => {
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: { text: 'x' }, headers: { 'If-Match': 'W/"3"' }, expect: 422, requestValid: false }), 'If-Match', 'version');
  });
  await check('POST .../comments: blank text, unknown member, wrong type are 422', async () => {
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: { text: '  ' }, expect: 422 }), 'text', 'required');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: {}, expect: 422, requestValid: false }), 'text', 'required');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: { text: 'x', txt: 'y' }, expect: 422, requestValid: false }), 'txt', 'unknown');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: { text: 'x', version: '3' }, expect: 422, requestValid: false }), 'version', 'type');
  });
  await check('POST .../comments: unknown complaint is 404', async () => {
    await call('addComment', { params: { number: '2026-999999' }, json: { text: 'x' }, expect: 404 });
    await call('addComment', { params: { number: 'nope' }, json: { text: 'x' }, expect: 404 });
  });
  await check('POST .../comments: bad JSON 400, wrong Content-Type 415, oversize 413', async () => {
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('addComment', { params: { number: oral.number }, raw: '{"text":', expect: 400 }), undefined, 'json');
    expectProblem(await call('addComment', { params: { number: oral.number }, json: { text: 'x' }, contentType: 'application/x-www-form-urlencoded', expect: 415 }), 'Content-Type', 'media_type');
    expectProblem(await call('addComment', { params: { number: oral.number }, raw: JSON.stringify({ text: 'x'.repeat(1100000) }), expect: 413 }), undefined, 'body_limit');
  });

  // ---- written confirmation
  await check('POST .../written-confirmation: stale If-Match is 409 version', async () => {
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, json: { reference: 'письмо 17' }, headers: { 'If-Match': '"1"' }, expect: 409 }), undefined, 'version');
  });
  await check('POST .../written-confirmation: future received_at, long reference, unknown member are 422', async () => {
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, json: { received_at: '2027-01-01T00:00:00Z' }, expect: 422 }), 'received_at', 'future');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, json: { reference: 'r'.repeat(201) }, expect: 422, requestValid: false }), 'reference', 'max_length');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, json: { ref: 'x' }, expect: 422, requestValid: false }), 'ref', 'unknown');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, json: { channel: 'telegram' }, expect: 422, requestValid: false }), 'channel', 'enum');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, json: {}, headers: { 'If-Match': '0' }, expect: 422, requestValid: false }), 'If-Match', 'version');
  });
  await check('POST .../written-confirmation confirms the oral complaint (200)', async () => {
    if (!oral) return fail('no complaint registered');
    const r = await call('confirmInWriting', {
      params: { number: oral.number },
      json: { reference: 'письмо 17', channel: 'letter', received_at: '2026-03-05T10:00:00+03:00', note: 'scan attached' },
      headers: { 'If-Match': `"${oral.version}"` },
      expect: 200,
    });
    if (!r.body) return;
    checkCardHeaders(r);
    expectEq(r.body.oral, false, 'oral');
    expectEq(r.body.version, oral.version + 1, 'version');
    expectEq(r.body.written_confirmation?.received_at, '2026-03-05T07:00:00Z', 'written_confirmation.received_at');
    expectEq(r.body.written_confirmation?.reference, 'письмо 17', 'written_confirmation.reference');
    oral = r.body;
  });
  await check('POST .../written-confirmation: already written is 409 already_written', async () => {
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, json: {}, expect: 409 }), undefined, 'already_written');
  });
  await check('POST .../written-confirmation: unknown complaint 404, bad JSON 400, 415, 413', async () => {
    await call('confirmInWriting', { params: { number: '2026-999999' }, json: {}, expect: 404 });
    if (!oral) return fail('no complaint registered');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, raw: 'null,', expect: 400 }), undefined, 'json');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, raw: '{}', contentType: 'text/json', expect: 415 }), 'Content-Type', 'media_type');
    expectProblem(await call('confirmInWriting', { params: { number: oral.number }, raw: JSON.stringify({ note: 'n'.repeat(1100000) }), expect: 413 }), undefined, 'body_limit');
  });
  await check('GET .../events after the commands: four events, one unbroken chain', async () => {
    if (!oral) return fail('no complaint registered');
    const r = await call('listComplaintEvents', { params: { number: oral.number }, expect: 200 });
    if (!r.body) return;
    const ev = r.body.events;
    expectEq(ev.map((e) => e.kind), ['Registered', 'Acknowledged', 'CommentAdded', 'WrittenConfirmationReceived'], 'kinds');
    for (let i = 1; i < ev.length; i++) {
      expectEq(ev[i].prev_hash, ev[i - 1].hash, `prev_hash of event ${i + 1}`);
      expectEq(ev[i].n, i + 1, `n of event ${i + 1}`);
      expectTrue(ev[i].seq > ev[i - 1].seq, `seq increases at event ${i + 1}`);
    }
    expectEq(ev[2]?.payload, { text: 'Перезвонили клиенту\nвторая строка' }, 'comment payload');
  });
  await check('GET /api/v1/complaints/{number} after the commands: ETag follows the version', async () => {
    if (!oral) return fail('no complaint registered');
    const r = await call('getComplaint', { params: { number: oral.number }, expect: 200 });
    checkCardHeaders(r);
    expectEq(r.body, oral, 'the card equals the last command answer');
  });

  // ---- the register
  await check('GET /api/v1/complaints without parameters: newest received first, limit 50', async () => {
    const r = await call('listComplaints', { expect: 200 });
    if (!r.body) return;
    expectEq(r.body.limit, 50, 'limit');
    expectEq(r.body.next_cursor, null, 'next_cursor');
    expectEq(r.body.items.length, 8, 'items');
    const received = r.body.items.map((i) => i.received_at);
    expectEq(received, [...received].sort().reverse(), 'sorted by received_at descending');
  });
  await check('GET /api/v1/complaints pages through with next_cursor', async () => {
    const seen = [];
    let cursor;
    let pages = 0;
    for (;;) {
      const query = [['organisation', PAGING_ORG], ['limit', '2'], ['sort', 'received_at']];
      if (cursor) query.push(['cursor', cursor]);
      const r = await call('listComplaints', { query, expect: 200 });
      if (!r.body || ++pages > 5) break;
      expectEq(r.body.limit, 2, 'limit');
      seen.push(...r.body.items.map((i) => i.received_at));
      cursor = r.body.next_cursor;
      if (cursor === null) break;
    }
    expectEq(pages, 3, 'pages');
    expectEq(seen, [1, 2, 3, 4, 5].map((m) => `2025-0${m}-15T10:00:00Z`), 'every row once, ascending');
  });
  await check('GET /api/v1/complaints sorts by number and updated_at', async () => {
    const byNumber = await call('listComplaints', { query: { sort: '-number', limit: '3' }, expect: 200 });
    if (byNumber.body) {
      const numbers = byNumber.body.items.map((i) => i.number);
      expectEq(numbers, [...numbers].sort().reverse(), '-number is descending');
      expectTrue(byNumber.body.next_cursor !== null, 'a further page exists');
    }
    const byNumberUp = await call('listComplaints', { query: { sort: 'number' }, expect: 200 });
    if (byNumberUp.body) expectEq(byNumberUp.body.items[0]?.number, paging[0]?.number, 'number ascending starts with the first 2025 number');
    const byUpdated = await call('listComplaints', { query: { sort: '-updated_at', limit: '1' }, expect: 200 });
    if (byUpdated.body && oral) expectEq(byUpdated.body.items[0]?.number, oral.number, 'the last updated complaint comes first');
    await call('listComplaints', { query: { sort: 'updated_at' }, expect: 200 });
    await call('listComplaints', { query: { sort: 'received_at' }, expect: 200 });
  });
  await check('GET /api/v1/complaints filters (each filter narrows as documented)', async () => {
    const only = async (query, expected, what) => {
      const r = await call('listComplaints', { query, expect: 200 });
      if (r.body) expectEq(r.body.items.map((i) => i.number).sort(), expected.filter(Boolean).sort(), what);
    };
    const full = (await call('listComplaints', { query: { kind: 'suggestion' }, expect: 200 })).body?.items?.[0];
    await only({ channel: 'phone' }, [oral?.number], 'channel=phone');
    await only({ channel: 'letter', category: 'paging' }, paging.map((c) => c.number), 'channel+category');
    await only({ status: 'acknowledged', organisation: PAGING_ORG }, paging.map((c) => c.number), 'status');
    await only({ status: 'closed' }, [], 'status=closed');
    await only({ kind: 'suggestion' }, [full?.number], 'kind');
    await only({ product: 'Branch hours', site: 'Sofia Centre' }, [full?.number], 'product+site');
    await only({ oral: 'true' }, [], 'oral=true (the phone complaint was confirmed in writing)');
    await only({ oral: '0', organisation: PAGING_ORG }, paging.map((c) => c.number), 'oral=0');
    await only({ organisation: PAGING_ORG, received_from: '2025-02-01', received_to: '2025-04-15' },
      paging.slice(1, 4).map((c) => c.number), 'received_to as a date includes the day');
    await only({ organisation: PAGING_ORG, received_from: '2025-02-15T10:00:00Z', received_to: '2025-04-15T10:00:00Z' },
      paging.slice(1, 3).map((c) => c.number), 'received_from inclusive, received_to as a date-time exclusive');
    if (full) {
      expectEq(full.summary, 'Please open on Sundays. The nearest branch is closed.', 'summary is one line');
      expectEq(full.contact_name, 'Dana Petrova', 'contact_name');
    }
  });
  await check('GET /api/v1/complaints: bad parameters are 422 naming the parameter', async () => {
    // requestValid null: the spec cannot express why this request is wrong.
    const bad = async (query, field, rule, requestValid = false) =>
      expectProblem(await call('listComplaints', { query, expect: 422, requestValid }), field, rule);
    await bad({ channel: 'pigeon' }, 'channel', 'enum');
    await bad({ status: 'lost' }, 'status', 'enum');
    await bad({ kind: 'rant' }, 'kind', 'enum');
    await bad({ oral: 'maybe' }, 'oral', 'boolean');
    await bad({ received_from: 'yesterday' }, 'received_from', 'rfc3339');
    await bad({ received_to: '2025-13-01' }, 'received_to', 'rfc3339');
    await bad({ limit: '0' }, 'limit', 'range');
    await bad({ limit: '201' }, 'limit', 'range');
    await bad({ limit: 'ten' }, 'limit', 'range');
    await bad({ sort: 'colour' }, 'sort', 'enum');
    await bad({ cursor: 'garbage!' }, 'cursor', 'cursor');
    const first = await call('listComplaints', { query: { sort: 'received_at', limit: '1' }, expect: 200 });
    if (first.body?.next_cursor) {
      // A valid cursor, but made for another sort order.
      await bad({ sort: '-received_at', cursor: first.body.next_cursor }, 'cursor', 'cursor', null);
    } else {
      fail('expected a next_cursor with limit=1');
    }
  });

  // ---- metrics
  await check('GET /metrics answers the Prometheus text format', async () => {
    const r = await call('metrics', { expect: 200 });
    expectTrue(/;\s*version=0\.0\.4/.test(r.headers['content-type'] ?? ''), `Content-Type ${r.headers['content-type']} names version=0.0.4`);
    expectTrue((r.body ?? '').includes('redress_http_requests_total{route="/api/v1/complaints",method="POST",status="201"}'),
      'counts requests by route pattern, method and status');
  });

}

// ---- helpers for the procedure

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
// An instant relative to the server's "now" (REDRESS_NOW at start; a few seconds pass).
const fromNow = (ms) => new Date(Date.parse(NOW) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// A procedure command on complaint `number` (`id` for the measure, compensation or callback).
function command(opId, number, json, { id, ...options } = {}) {
  return call(opId, { params: { number, ...(id === undefined ? {} : { id }) }, json, ...options });
}

const walkRegistration = (name, extra = {}) => ({
  channel: 'email',
  organisation: 'Walk Org',
  contact: { name, email: 'olga@example.com' },
  statement: 'The cartridge leaks toner onto every page.',
  product: 'Cartridge 85A',
  category: 'quality of product',
  employee_concerned: 'Ivan Petrov',
  ...extra,
});

// A body each command accepts (for the checks that only vary one thing).
const VALID_BODY = {
  assignComplaint: { responsible: 'resp' },
  startInvestigation: {},
  recordEmployeeView: { view: 'v' },
  recordOpinion: { opinion: 'o' },
  decideValidity: { justified: true, reason: 'r' },
  planMeasure: { description: 'd', executor: 'exec', due: fromNow(10 * DAY) },
  approveMeasures: {},
  reportMeasure: { report: 'r' },
  proposeCompensation: { option: 'dessert' },
  decideCompensation: { approve: true },
  sendAnswer: { text: 't' },
  recordSatisfaction: { declined: true },
  closeComplaint: {},
  signOff: {},
  withdrawComplaint: { reason: 'r' },
  mergeComplaint: null, // filled in with an existing number
  reopenComplaint: { reason: 'r' },
  bookCallback: { due: fromNow(10 * DAY) },
  recordCallbackMade: {},
  logTime: { minutes: 5 },
};
const PATH_ID = { reportMeasure: 'm1', decideCompensation: 'c1', recordCallbackMade: 'cb1' };

// For the role matrix: a request each operation answers without changing anything when the
// role may call it (404 for an unknown complaint or user, 422 for an empty body, 200 for reads).
function harmless(op) {
  const unknown = '2026-999999';
  switch (op.id) {
    case 'registerComplaint': return { json: {} };
    case 'listComplaints': return { query: { limit: '1' } };
    case 'getComplaint': case 'listComplaintEvents': case 'getSignals': return { params: { number: unknown } };
    case 'confirmInWriting': return { params: { number: unknown }, json: {} };
    case 'addComment': return { params: { number: unknown }, json: { text: 'x' } };
    case 'createUser': return { json: {} };
    case 'disableUser': case 'issueUserToken': return { params: { login: 'no-such-user' } };
    case 'putAStatus': return { json: {} };
    case 'deleteAStatus': return { params: { key: 'no-such-key@example.com' } };
    default:
      if (op.path.startsWith('/api/v1/complaints/{number}/')) {
        return { params: { number: unknown, id: 'x1' }, json: {} };
      }
      return {};
  }
}

// ---- authentication and the role matrix

async function accessScenario() {
  await check('every protected operation: no token, another scheme, a malformed or unknown token are 401 with WWW-Authenticate', async () => {
    for (const op of operations.values()) {
      if (op.isPublic) continue;
      const base = harmless(op);
      const r1 = await call(op.id, { ...base, auth: null, expect: 401 });
      expectProblem(r1, 'Authorization', 'bearer');
      const r2 = await call(op.id, { ...base, auth: 'Basic cXVhbGl0eTpzZWNyZXQ=', expect: 401 });
      expectProblem(r2, 'Authorization', 'bearer');
      const r3 = await call(op.id, { ...base, auth: 'Bearer ' + 'rdr_' + '0'.repeat(64), expect: 401 });
      expectProblem(r3, undefined, 'token');
      const r4 = await call(op.id, { ...base, auth: 'Bearer not-a-token', expect: 401 });
      expectProblem(r4, undefined, 'token');
      for (const r of [r1, r2, r3, r4]) {
        expectEq(r.headers['www-authenticate'], 'Bearer realm="redress"', `${op.id}: WWW-Authenticate`);
      }
    }
  });
  await check('public operations answer without a token', async () => {
    for (const id of ['health', 'readiness', 'metrics']) {
      const r = await call(id, { auth: null, expect: 200 });
      expectEq(r.headers['www-authenticate'], undefined, `${id}: no WWW-Authenticate`);
    }
  });
  await check('role matrix: each role is let through exactly where x-role-permissions meets x-permissions, else 403 role', async () => {
    for (const op of operations.values()) {
      if (op.isPublic) continue;
      for (const role of ROLES) {
        const login = ROLE_USER[role];
        if (!login) {
          fail(`no user with role ${role}`);
          continue;
        }
        const allowed = mayCall(role, op.permissions);
        const r = await call(op.id, { ...harmless(op), as: login, expect: allowed ? undefined : 403 });
        if (allowed) {
          expectTrue(r.status !== 401 && r.status !== 403, `${op.id} as ${role}: ${r.status}, expected to be let through: ${r.text?.slice(0, 160)}`);
        } else {
          expectProblem(r, undefined, 'role');
        }
      }
    }
  });
  await check('GET /api/v1/me: each role has exactly the permissions of x-role-permissions', async () => {
    for (const role of ROLES) {
      const login = ROLE_USER[role];
      const r = await call('getMe', { as: login, expect: 200 });
      if (!r.body) continue;
      expectEq(r.body.login, login, 'login');
      expectEq(r.body.role, role, 'role');
      expectEq(r.body.permissions, PERMISSIONS.filter((p) => ROLE_PERMISSIONS[role].includes(p)), `permissions of ${role}`);
    }
  });
  await check('GET /api/v1/me: name, position and authority to grant compensation', async () => {
    const q = (await call('getMe', { expect: 200 })).body;
    if (q) {
      expectEq([q.name, q.position, q.site, q.language], ['Quality Head', 'Head of quality', '', 'en'], 'the user as created');
      expectEq(q.authority, { may_grant: true, per_grant: '50000.00', per_month: '500000.00', granted_this_month: '0.00', currency: 'RUB', budget: null }, 'authority');
      expectEq(q.catalogue.every((o) => o.within_authority && o.needs_approval_because === ''), true, 'the whole catalogue is within authority');
    }
    const f = (await call('getMe', { as: 'front', expect: 200 })).body;
    if (f) {
      expectEq(f.authority.per_grant, '500.00', 'front_line per grant');
      expectEq(f.authority.budget, { monthly: '50000.00', spent_this_month: '0.00', site: '' }, 'front_line budget');
      const voucher = f.catalogue.find((o) => o.id === 'voucher');
      expectEq(voucher?.within_authority, false, 'a voucher (1000.00) is above front_line authority');
      expectTrue((voucher?.needs_approval_because ?? '').includes('500.00'), `the reason names the limit: ${voucher?.needs_approval_because}`);
    }
    const m = (await call('getMe', { as: 'mgr', expect: 200 })).body;
    if (m) expectEq([m.authority.may_grant, m.authority.per_grant, m.authority.per_month], [true, null, null], 'manager: unlimited');
    const a = (await call('getMe', { as: 'admin', expect: 200 })).body;
    if (a) expectEq([a.authority.may_grant, a.authority.per_grant, a.authority.per_month], [false, '0.00', '0.00'], 'admin may not grant');
  });
  await check('a token from `redress user token` works too', async () => {
    const r = await call('getMe', { auth: `Bearer ${tokens['audit#cli']}`, expect: 200 });
    expectEq(r.body?.login, 'audit', 'login');
  });
}

// ---- the procedure

async function procedureScenario() {
  const W = {}; // the complaints of the walk, by name, as last answered
  const keep = (name, r) => {
    if (r.body && r.status < 300 && r.body.number) W[name] = r.body;
    return r.body;
  };
  await check('POST /api/v1/complaints: the walk\'s complaints, registered by front-line staff', async () => {
    keep('P', await call('registerComplaint', { json: walkRegistration('Olga Main'), as: 'front', expect: 201 }));
    keep('R', await call('registerComplaint', { json: walkRegistration('Olga Main', { statement: 'Same leak, second letter.' }), as: 'front', expect: 201 }));
    keep('U', await call('registerComplaint', { json: walkRegistration('Olga Main', { statement: 'The box was dented.' }), as: 'resp', expect: 201 }));
    keep('Q', await call('registerComplaint', { json: { channel: 'phone', contact: { name: 'Quentin', phone: '+7 495 000-11-22' }, statement: 'Nobody called back.', organisation: 'Walk Org' }, as: 'front', expect: 201 }));
    keep('S', await call('registerComplaint', { json: { channel: 'in_person', contact: { name: 'Sam', phone: '+7 495 000-33-44' }, statement: 'Wrong change at the till.', organisation: 'Walk Org' }, as: 'front', expect: 201 }));
    expectEq(W.P?.registered_by, 'front', 'registered_by');
    expectEq(W.P?.received_by, { name: 'Fiona Front', position: 'Seller' }, 'received_by');
    expectEq(Object.keys(W).length, 5, 'complaints registered');
  });
  if (Object.keys(W).length < 5) return W;
  const P = () => W.P.number;

  await check('POST .../assign: 403 for the auditor and for front-line staff naming someone else; 422 for unknown users and roles that cannot handle', async () => {
    expectProblem(await command('assignComplaint', P(), { responsible: 'resp' }, { as: 'audit', expect: 403 }), undefined, 'role');
    expectProblem(await command('assignComplaint', P(), { responsible: 'resp' }, { as: 'front', expect: 403 }), undefined, 'role');
    expectProblem(await command('assignComplaint', P(), { responsible: 'nobody' }, { expect: 422 }), 'responsible', 'user');
    expectProblem(await command('assignComplaint', P(), { responsible: 'exec' }, { expect: 422 }), 'responsible', 'role');
    expectProblem(await command('assignComplaint', P(), { responsible: '' }, { expect: 422, requestValid: false }), 'responsible', 'required');
  });
  await check('POST .../assign: the head of quality names the responsible person (200, status assigned)', async () => {
    const r = await command('assignComplaint', P(), { responsible: 'resp', note: 'Cartridges are Rita\'s', version: W.P.version }, { expect: 200 });
    checkCardHeaders(r);
    const c = keep('P', r);
    expectEq(c?.status, 'assigned', 'status');
    expectEq(c?.responsible, 'resp', 'responsible');
    expectEq([c?.assigned?.by, c?.assigned?.note], ['quality', 'Cartridges are Rita\'s'], 'assigned stamp');
    expectProblem(await command('assignComplaint', P(), { responsible: 'resp' }, { expect: 409 }), undefined, 'already_assigned');
  });
  await check('POST .../assign: front-line staff take an unassigned complaint themselves', async () => {
    const c = keep('S', await command('assignComplaint', W.S.number, { responsible: 'front' }, { as: 'front', expect: 200 }));
    expectEq(c?.responsible, 'front', 'responsible');
    expectProblem(await command('assignComplaint', W.S.number, { responsible: 'resp2' }, { as: 'resp2', expect: 403 }), undefined, 'role');
  });
  await check('POST .../investigation: not before assignment (409 unassigned), only by the responsible person (403), once (409)', async () => {
    expectProblem(await command('startInvestigation', W.Q.number, {}, { as: 'front', expect: 409 }), undefined, 'unassigned');
    expectProblem(await command('recordEmployeeView', P(), { view: 'x' }, { as: 'resp', expect: 409 }), undefined, 'not_investigating');
    expectProblem(await command('startInvestigation', P(), {}, { as: 'resp2', expect: 403 }), undefined, 'role');
    const r = await command('startInvestigation', P(), { inspection_needed: true, note: 'Site visit on Thursday' }, { as: 'resp', headers: { 'If-Match': `"${W.P.version}"` }, expect: 200 });
    const c = keep('P', r);
    expectEq([c?.status, c?.inspection_needed, c?.investigation_started?.by], ['investigating', true, 'resp'], 'status, inspection_needed, stamp');
    expectProblem(await command('startInvestigation', P(), {}, { as: 'resp', expect: 409 }), undefined, 'already_investigating');
    expectProblem(await command('decideValidity', P(), { justified: true, reason: 'r' }, { as: 'resp', expect: 409 }), undefined, 'incomplete_investigation');
  });
  await check('POST .../employee-view records the view of the employee concerned (default employee)', async () => {
    const c = keep('P', await command('recordEmployeeView', P(), { view: 'I followed the instructions.' }, { as: 'resp', expect: 200 }));
    expectEq([c?.employee_view?.employee, c?.employee_view?.view, c?.employee_view?.recorded?.by], ['Ivan Petrov', 'I followed the instructions.', 'resp'], 'employee_view');
    expectProblem(await command('decideValidity', P(), { justified: true, reason: 'r' }, { as: 'resp', expect: 409 }), undefined, 'incomplete_investigation');
  });
  await check('POST .../opinion records the opinion and the cause; a supplier cause names the supplier', async () => {
    expectProblem(await command('recordOpinion', P(), { opinion: 'Faulty batch', cause_kind: 'supplier' }, { as: 'resp', expect: 422, requestValid: false }), 'supplier', 'required');
    expectProblem(await command('recordOpinion', P(), { opinion: 'Faulty batch', cause_kind: 'weather' }, { as: 'resp', expect: 422, requestValid: false }), 'cause_kind', 'enum');
    const c = keep('P', await command('recordOpinion', P(), { opinion: 'The cartridge batch was faulty.', cause: 'Seal defect', cause_kind: 'supplier', supplier: 'Acme Toner' }, { as: 'resp', expect: 200 }));
    expectEq([c?.opinion?.text, c?.opinion?.by, c?.cause, c?.cause_kind, c?.supplier], ['The cartridge batch was faulty.', 'resp', 'Seal defect', 'supplier', 'Acme Toner'], 'opinion and cause');
  });
  await check('POST .../validity decides the complaint justified (200), once (409 decided)', async () => {
    expectProblem(await command('decideValidity', P(), { reason: 'r' }, { as: 'resp', expect: 422, requestValid: false }), 'justified', 'required');
    const c = keep('P', await command('decideValidity', P(), { justified: true, reason: 'Confirmed on site' }, { as: 'resp', expect: 200 }));
    expectEq([c?.status, c?.validity?.justified, c?.validity?.reason, c?.validity?.decided?.by], ['justified', true, 'Confirmed on site', 'resp'], 'validity');
    expectProblem(await command('decideValidity', P(), { justified: false, reason: 'r', goodwill_offer: 'g' }, { as: 'resp', expect: 409 }), undefined, 'decided');
    expectProblem(await command('recordOpinion', P(), { opinion: 'changed my mind' }, { as: 'resp', expect: 409 }), undefined, 'decided');
    expectProblem(await command('recordEmployeeView', P(), { view: 'changed' }, { as: 'resp', expect: 409 }), undefined, 'decided');
  });
  await check('POST .../measures plans measures (201, m1, m2); executor, due and state are checked', async () => {
    const m = { description: 'Replace the cartridge', executor: 'exec', due: fromNow(3 * DAY), agreed_with_customer: true };
    expectProblem(await command('planMeasure', P(), { ...m, executor: 'nobody' }, { as: 'resp', expect: 422 }), 'executor', 'user');
    expectProblem(await command('planMeasure', P(), { ...m, executor: 'mgr' }, { as: 'resp', expect: 422 }), 'executor', 'role');
    expectProblem(await command('planMeasure', P(), { ...m, due: fromNow(-DAY) }, { as: 'resp', expect: 422 }), 'due', 'future');
    expectProblem(await command('planMeasure', P(), { ...m, due: undefined }, { as: 'resp', expect: 422, requestValid: false }), 'due', 'required');
    expectProblem(await command('planMeasure', P(), { ...m, due: 'soon' }, { as: 'resp', expect: 422 }), 'due', 'rfc3339');
    expectProblem(await command('planMeasure', P(), m, { as: 'resp2', expect: 403 }), undefined, 'role');
    const c1 = keep('P', await command('planMeasure', P(), m, { as: 'resp', expect: 201 }));
    expectEq([c1?.status, c1?.measures?.[0]?.id, c1?.measures?.[0]?.round, c1?.measures?.[0]?.approved], ['measures_planned', 'm1', 1, null], 'm1 planned');
    const c2 = keep('P', await command('planMeasure', P(), { description: 'Check the rest of the batch', executor: 'exec', due: fromNow(5 * DAY) }, { as: 'resp', expect: 201 }));
    expectEq(c2?.measures?.map((x) => x.id), ['m1', 'm2'], 'measure ids');
  });
  await check('before approval: a report is 409 not_approved, the answer 409 measures_unapproved', async () => {
    expectProblem(await command('reportMeasure', P(), { report: 'done' }, { id: 'm1', as: 'exec', expect: 409 }), undefined, 'not_approved');
    expectProblem(await command('reportMeasure', P(), { report: 'done' }, { id: 'm9', as: 'exec', expect: 422 }), 'id', 'exists');
    expectProblem(await command('sendAnswer', P(), { text: 'We are on it.' }, { as: 'resp', expect: 409 }), undefined, 'measures_unapproved');
    expectProblem(await command('closeComplaint', P(), {}, { as: 'resp', expect: 409 }), undefined, 'no_answer');
  });
  await check('POST .../measures/approval: the head of quality approves (200, measures_approved), once (409)', async () => {
    const c = keep('P', await command('approveMeasures', P(), { note: 'Agreed' }, { expect: 200 }));
    expectEq(c?.status, 'measures_approved', 'status');
    expectEq(c?.measures?.map((m) => m.approved?.by), ['quality', 'quality'], 'approved');
    expectProblem(await command('approveMeasures', P(), {}, { expect: 409 }), undefined, 'nothing_to_approve');
  });
  await check('POST .../measures/{id}/report: by the executor or the responsible person (200, in_execution), once', async () => {
    expectProblem(await command('reportMeasure', P(), { report: 'done' }, { id: 'm1', as: 'resp2', expect: 403 }), undefined, 'role');
    const c = keep('P', await command('reportMeasure', P(), { report: 'Replaced on site', id: 'ignored' }, { id: 'm1', as: 'exec', expect: 200 }));
    expectEq([c?.status, c?.measures?.[0]?.done?.by, c?.measures?.[0]?.done?.note], ['in_execution', 'exec', 'Replaced on site'], 'm1 done');
    expectProblem(await command('reportMeasure', P(), { report: 'again' }, { id: 'm1', as: 'exec', expect: 409 }), undefined, 'done');
    keep('P', await command('reportMeasure', P(), { report: 'The batch is fine' }, { id: 'm2', as: 'resp', expect: 200 }));
  });
  await check('POST .../compensations: within authority granted at once, above it pending with the reason', async () => {
    expectProblem(await command('proposeCompensation', P(), { option: 'yacht' }, { as: 'resp', expect: 422 }), 'option', 'catalogue');
    expectProblem(await command('proposeCompensation', P(), { description: 'Cash' }, { as: 'resp', expect: 422, requestValid: false }), 'value', 'required');
    expectProblem(await command('proposeCompensation', P(), { value: '10.00' }, { as: 'resp', expect: 422, requestValid: false }), 'description', 'required');
    expectProblem(await command('proposeCompensation', P(), { description: 'Cash', value: 'ten' }, { as: 'resp', expect: 422, requestValid: false }), 'value', 'money');
    expectProblem(await command('proposeCompensation', P(), { description: 'Cash', value: '-5.00' }, { as: 'resp', expect: 422 }), 'value', 'range');
    const c1 = keep('P', await command('proposeCompensation', P(), { option: 'voucher' }, { as: 'resp', expect: 201 }));
    const v = c1?.compensations?.[0];
    expectEq([v?.id, v?.status, v?.value, v?.cost, v?.description, v?.authority_note, v?.decided?.by], ['c1', 'granted', '1000.00', '400.00', 'A voucher for the next purchase', '', 'resp'], 'c1 granted');
    const c2 = keep('P', await command('proposeCompensation', P(), { description: 'Refund of the printer', value: '7000', cost: '6500.5' }, { as: 'resp', expect: 201 }));
    const p = c2?.compensations?.[1];
    expectEq([p?.id, p?.status, p?.value, p?.cost, p?.option, p?.decided], ['c2', 'pending', '7000.00', '6500.50', '', null], 'c2 pending');
    expectTrue((p?.authority_note ?? '').includes('5000.00'), `authority_note names the limit: ${p?.authority_note}`);
    const c3 = keep('P', await command('proposeCompensation', P(), { description: 'New printers for the office', value: '60000.00' }, { as: 'resp', expect: 201 }));
    expectEq([c3?.compensations?.[2]?.status, c3?.compensations?.[2]?.cost], ['pending', '60000.00'], 'c3 pending, cost defaults to the value');
    expectProblem(await command('sendAnswer', P(), { text: 'x' }, { as: 'resp', expect: 409 }), undefined, 'pending_approval');
  });
  await check('GET /api/v1/tasks?view=approvals lists what each approver may approve', async () => {
    const list = async (as) => (await call('listTasks', { query: { view: 'approvals' }, as, expect: 200 })).body?.items?.filter((i) => i.number === P()) ?? [];
    const q = await list('quality');
    expectEq(q.map((i) => [i.kind, i.ref, i.amount]), [['compensation', 'c2', '7000.00']], 'head of quality (up to 50000.00)');
    const m = await list('mgr');
    expectEq(m.map((i) => i.ref).sort(), ['c2', 'c3'], 'manager (unlimited)');
    expectEq(m.find((i) => i.ref === 'c2')?.requested_by, 'resp', 'requested_by');
    expectEq(await list('front'), [], 'front-line staff approve nothing');
  });
  await check('POST .../compensations/{id}/decision: approval needs the authority (403), rejection a note (422); decided once', async () => {
    expectProblem(await command('decideCompensation', P(), { approve: true }, { id: 'c3', expect: 403 }), undefined, 'role');
    expectProblem(await command('decideCompensation', P(), { approve: false }, { id: 'c3', as: 'mgr', expect: 422, requestValid: false }), 'note', 'required');
    expectProblem(await command('decideCompensation', P(), { note: 'x' }, { id: 'c3', as: 'mgr', expect: 422, requestValid: false }), 'approve', 'required');
    expectProblem(await command('decideCompensation', P(), { approve: true }, { id: 'c9', as: 'mgr', expect: 422 }), 'id', 'exists');
    const a = keep('P', await command('decideCompensation', P(), { approve: true, note: 'Fair' }, { id: 'c2', as: 'mgr', expect: 200 }));
    expectEq([a?.compensations?.[1]?.status, a?.compensations?.[1]?.decided?.by, a?.compensations?.[1]?.decided?.note], ['granted', 'mgr', 'Fair'], 'c2 approved');
    const r = keep('P', await command('decideCompensation', P(), { approve: false, note: 'Too much' }, { id: 'c3', as: 'mgr', expect: 200 }));
    expectEq(r?.compensations?.[2]?.status, 'rejected', 'c3 rejected');
    expectProblem(await command('decideCompensation', P(), { approve: true }, { id: 'c2', as: 'mgr', expect: 409 }), undefined, 'decided');
    const me = (await call('getMe', { as: 'mgr', expect: 200 })).body;
    expectEq(me?.authority?.granted_this_month, '7000.00', 'an approval counts towards the approver\'s month');
    expectEq(me?.authority?.budget, null, 'a manager has no budget');
    const resp = (await call('getMe', { as: 'resp', expect: 200 })).body;
    expectEq(resp?.authority?.granted_this_month, '1000.00', 'a grant counts towards the granter\'s month');
    expectEq(resp?.authority?.budget, { monthly: '300000.00', spent_this_month: '400.00', site: '' }, 'the cost of a grant counts towards the role\'s budget');
    const resp2 = (await call('getMe', { as: 'resp2', expect: 200 })).body;
    expectEq([resp2?.authority?.granted_this_month, resp2?.authority?.budget?.spent_this_month], ['0.00', '400.00'], 'the budget is shared by the role, the monthly limit is one\'s own');
  });
  await check('POST .../answer: a written complaint gets a written answer; sent once (200, answered)', async () => {
    expectProblem(await command('sendAnswer', P(), { text: 'Called you.', method: 'phone' }, { as: 'resp', expect: 422 }), 'method', 'written_answer');
    expectProblem(await command('sendAnswer', P(), { text: '' }, { as: 'resp', expect: 422, requestValid: false }), 'text', 'required');
    const c = keep('P', await command('sendAnswer', P(), { text: 'We replaced the cartridge and refunded the printer.' }, { as: 'resp', expect: 200 }));
    expectEq([c?.status, c?.answer?.method, c?.answer?.sent_by], ['answered', 'email', 'resp'], 'answer, method defaults to email');
    expectProblem(await command('sendAnswer', P(), { text: 'again' }, { as: 'resp', expect: 409 }), undefined, 'answered');
    expectProblem(await command('planMeasure', P(), VALID_BODY.planMeasure, { as: 'resp', expect: 409 }), undefined, 'answered');
    expectProblem(await command('proposeCompensation', P(), { option: 'dessert' }, { as: 'resp', expect: 409 }), undefined, 'answered');
  });
  await check('POST .../satisfaction: every criterion scored 1..10, once; the weighted index', async () => {
    const scores = [{ criterion: 'reliability', score: 9 }, { criterion: 'speed', score: 8 }, { criterion: 'courtesy', score: 10 }, { criterion: 'solution', score: 7 }];
    expectProblem(await command('recordSatisfaction', P(), { scores: scores.slice(0, 3) }, { as: 'resp', expect: 422 }), 'scores', 'complete');
    expectProblem(await command('recordSatisfaction', P(), { scores: [...scores.slice(0, 3), { criterion: 'looks', score: 5 }] }, { as: 'resp', expect: 422 }), 'scores[3].criterion', 'criterion');
    expectProblem(await command('recordSatisfaction', P(), { scores: [{ criterion: 'speed', score: 11 }] }, { as: 'resp', expect: 422, requestValid: false }), 'scores[0].score', 'range');
    expectProblem(await command('recordSatisfaction', P(), { scores: [scores[0], scores[0]] }, { as: 'resp', expect: 422 }), 'scores[1].criterion', 'unique');
    expectProblem(await command('recordSatisfaction', P(), { scores: [{ criterion: 'speed', score: 5, weight: 99 }] }, { as: 'resp', expect: 422, requestValid: false }), 'scores[0].weight', 'unknown');
    const c = keep('P', await command('recordSatisfaction', P(), { scores, would_recommend: true, comment: 'Quick and polite' }, { as: 'resp', expect: 200 }));
    expectEq([c?.status, c?.satisfaction?.index_x100, c?.satisfaction?.would_recommend, c?.satisfaction?.scores?.map((s) => s.weight)],
      ['satisfaction_recorded', 845, true, [30, 25, 20, 25]], 'satisfaction');
    expectProblem(await command('recordSatisfaction', P(), { declined: true }, { as: 'resp', expect: 409 }), undefined, 'recorded');
  });
  await check('POST .../close and .../sign-off: closed once; signed off by the responsible person and by quality', async () => {
    expectProblem(await command('signOff', P(), {}, { as: 'resp', expect: 409 }), undefined, 'not_closed');
    const c = keep('P', await command('closeComplaint', P(), { note: 'All done' }, { as: 'resp', expect: 200 }));
    expectEq([c?.status, c?.closed?.by, c?.closed?.note], ['closed', 'resp', 'All done'], 'closed');
    expectProblem(await command('closeComplaint', P(), {}, { as: 'resp', expect: 409 }), undefined, 'closed');
    // Time may still be logged on a closed complaint, by anyone who handles or executes.
    keep('P', await command('logTime', P(), { minutes: 5 }, { as: 'resp2', expect: 200 }));
    expectProblem(await command('signOff', P(), {}, { as: 'front', expect: 403 }), undefined, 'role');
    const s1 = keep('P', await command('signOff', P(), { note: 'Checked' }, { as: 'resp', expect: 200 }));
    expectEq([s1?.responsible_sign_off?.by, s1?.quality_sign_off], ['resp', null], 'responsible sign-off');
    expectProblem(await command('signOff', P(), {}, { as: 'resp', expect: 409 }), undefined, 'signed');
    const s2 = keep('P', await command('signOff', P(), { note: 'QA ok' }, { expect: 200 }));
    expectEq(s2?.quality_sign_off?.by, 'quality', 'quality sign-off');
    expectProblem(await command('signOff', P(), {}, { expect: 409 }), undefined, 'signed');
  });
  await check('POST .../reopen starts round 2 (200, reopened); only a closed complaint (409 not_closed)', async () => {
    expectProblem(await command('reopenComplaint', P(), { reason: 'x' }, { as: 'resp', expect: 403 }), undefined, 'role');
    expectProblem(await command('reopenComplaint', P(), { reason: ' ' }, { expect: 422 }), 'reason', 'required');
    const c = keep('P', await command('reopenComplaint', P(), { reason: 'The leak is back' }, { as: 'mgr', expect: 200 }));
    expectEq([c?.status, c?.round, c?.reopened?.note, c?.closed, c?.answer, c?.validity, c?.measures?.length, c?.responsible],
      ['reopened', 2, 'The leak is back', null, null, null, 2, 'resp'], 'round 2 starts afresh, measures stay');
    expectProblem(await command('reopenComplaint', P(), { reason: 'again' }, { expect: 409 }), undefined, 'not_closed');
  });
  await check('POST .../callbacks books a promise (201, cb1, cb2); .../callbacks/{id}/made records it once', async () => {
    expectProblem(await command('bookCallback', P(), { note: 'later' }, { as: 'resp', expect: 422, requestValid: false }), 'due', 'required');
    expectProblem(await command('bookCallback', P(), { due: fromNow(-HOUR) }, { as: 'resp', expect: 422 }), 'due', 'future');
    const c1 = keep('P', await command('bookCallback', P(), { due: fromNow(HOUR), note: 'by 11:00' }, { as: 'resp', expect: 201 }));
    expectEq([c1?.callbacks?.[0]?.id, c1?.callbacks?.[0]?.booked_by, c1?.callbacks?.[0]?.made], ['cb1', 'resp', null], 'cb1');
    keep('P', await command('bookCallback', P(), { due: fromNow(90 * 60) }, { as: 'resp', expect: 201 }));
    const m = keep('P', await command('recordCallbackMade', P(), { note: 'Reached her' }, { id: 'cb2', as: 'resp', expect: 200 }));
    expectEq([m?.callbacks?.[1]?.made?.by, m?.callbacks?.[1]?.made?.note], ['resp', 'Reached her'], 'cb2 made');
    expectProblem(await command('recordCallbackMade', P(), {}, { id: 'cb2', as: 'resp', expect: 409 }), undefined, 'done');
    expectProblem(await command('recordCallbackMade', P(), {}, { id: 'cb9', as: 'resp', expect: 422 }), 'id', 'exists');
  });
  await check('POST .../time adds minutes (200); 1 to 1440', async () => {
    const before = W.P.minutes_spent;
    const c = keep('P', await command('logTime', P(), { minutes: 45, note: 'Site visit' }, { as: 'exec', expect: 200 }));
    expectEq(c?.minutes_spent, before + 45, 'minutes_spent');
    expectProblem(await command('logTime', P(), { minutes: 0 }, { as: 'exec', expect: 422, requestValid: false }), 'minutes', 'range');
    expectProblem(await command('logTime', P(), {}, { as: 'exec', expect: 422, requestValid: false }), 'minutes', 'range');
    expectProblem(await command('logTime', P(), { minutes: 1441 }, { as: 'exec', expect: 422, requestValid: false }), 'minutes', 'range');
    expectProblem(await command('logTime', P(), { minutes: 'ten' }, { as: 'exec', expect: 422, requestValid: false }), 'minutes', 'type');
  });
  await check('an unjustified complaint: goodwill or its absence explained (422 goodwill); no measures (409 unjustified), goodwill compensation', async () => {
    const U = W.U.number;
    keep('U', await command('assignComplaint', U, { responsible: 'resp' }, { as: 'mgr', expect: 200 }));
    keep('U', await command('startInvestigation', U, {}, { as: 'resp', expect: 200 }));
    keep('U', await command('recordEmployeeView', U, { employee: 'Boris', view: 'The box came like that' }, { as: 'resp', expect: 200 }));
    keep('U', await command('recordOpinion', U, { opinion: 'Transport damage, contents fine', cause_kind: 'process' }, { as: 'resp', expect: 200 }));
    expectProblem(await command('decideValidity', U, { justified: false, reason: 'Contents undamaged' }, { as: 'resp', expect: 422, requestValid: false }), 'goodwill_offer', 'goodwill');
    const c = keep('U', await command('decideValidity', U, { justified: false, reason: 'Contents undamaged', goodwill_offer: 'A dessert' }, { as: 'resp', expect: 200 }));
    expectEq([c?.status, c?.inspection_needed], ['unjustified', false], 'status');
    expectProblem(await command('planMeasure', U, VALID_BODY.planMeasure, { as: 'resp', expect: 409 }), undefined, 'unjustified');
    const g = keep('U', await command('proposeCompensation', U, { option: 'dessert', description: 'Cake' }, { as: 'resp', expect: 201 }));
    expectEq([g?.compensations?.[0]?.status, g?.compensations?.[0]?.description, g?.compensations?.[0]?.value], ['granted', 'Cake', '300.00'], 'goodwill granted');
  });
  await check('a complaint nobody decided yet: 409 undecided for measures, compensation and the answer; no_answer', async () => {
    const Q = W.Q.number;
    expectProblem(await command('planMeasure', Q, VALID_BODY.planMeasure, { expect: 409 }), undefined, 'undecided');
    expectProblem(await command('proposeCompensation', Q, { option: 'dessert' }, { expect: 409 }), undefined, 'undecided');
    expectProblem(await command('sendAnswer', Q, { text: 't' }, { expect: 409 }), undefined, 'undecided');
    expectProblem(await command('recordSatisfaction', Q, { declined: true }, { expect: 409 }), undefined, 'no_answer');
    expectProblem(await command('approveMeasures', Q, {}, { as: 'mgr', expect: 409 }), undefined, 'nothing_to_approve');
    expectProblem(await command('signOff', Q, {}, { expect: 409 }), undefined, 'not_closed');
  });
  await check('POST .../withdrawal (200, withdrawn): nothing further happens to it (409 withdrawn)', async () => {
    const S = W.S.number;
    expectProblem(await command('withdrawComplaint', S, {}, { as: 'front', expect: 422, requestValid: false }), 'reason', 'required');
    expectProblem(await command('withdrawComplaint', S, { reason: 'x' }, { as: 'mgr', expect: 403 }), undefined, 'role');
    const c = keep('S', await command('withdrawComplaint', S, { reason: 'Settled at the till' }, { as: 'front', expect: 200 }));
    expectEq([c?.status, c?.withdrawn?.by, c?.withdrawn?.note], ['withdrawn', 'front', 'Settled at the till'], 'withdrawn');
    expectProblem(await command('withdrawComplaint', S, { reason: 'again' }, { as: 'front', expect: 409 }), undefined, 'withdrawn');
    expectProblem(await command('startInvestigation', S, {}, { as: 'front', expect: 409 }), undefined, 'withdrawn');
    expectProblem(await command('reopenComplaint', S, { reason: 'r' }, { expect: 409 }), undefined, 'withdrawn');
    expectProblem(await command('logTime', S, { minutes: 5 }, { as: 'front', expect: 409 }), undefined, 'withdrawn');
    expectProblem(await command('bookCallback', S, { due: fromNow(DAY) }, { as: 'front', expect: 409 }), undefined, 'withdrawn');
  });
  await check('POST .../merge (200, merged) into an existing other complaint; nothing further happens to it (409 merged)', async () => {
    const R = W.R.number;
    expectProblem(await command('mergeComplaint', R, { into: R }, { expect: 422 }), 'into', 'self');
    expectProblem(await command('mergeComplaint', R, { into: '2026-999999' }, { expect: 422 }), 'into', 'exists');
    expectProblem(await command('mergeComplaint', R, { into: 'nonsense' }, { expect: 422 }), 'into', 'exists');
    expectProblem(await command('mergeComplaint', R, { into: P() }, { as: 'front', expect: 403 }), undefined, 'role');
    const c = keep('R', await command('mergeComplaint', R, { into: P(), note: 'Second letter about the same leak' }, { as: 'mgr', expect: 200 }));
    expectEq([c?.status, c?.merged_into], ['merged', P()], 'merged');
    expectProblem(await command('mergeComplaint', R, { into: P() }, { expect: 409 }), undefined, 'merged');
    expectProblem(await command('assignComplaint', R, { responsible: 'resp' }, { expect: 409 }), undefined, 'merged');
    expectProblem(await command('reopenComplaint', R, { reason: 'r' }, { expect: 409 }), undefined, 'merged');
    expectProblem(await command('logTime', R, { minutes: 5 }, { expect: 409 }), undefined, 'merged');
  });
  await check('GET .../events: the walk\'s history, every payload as the spec says, one chain', async () => {
    const r = await call('listComplaintEvents', { params: { number: P() }, expect: 200 });
    const ev = r.body?.events ?? [];
    expectEq(ev.map((e) => e.kind), [
      'Registered', 'Acknowledged', 'Assigned', 'InvestigationStarted', 'EmployeeViewRecorded', 'OpinionRecorded',
      'ValidityDecided', 'MeasurePlanned', 'MeasurePlanned', 'MeasuresApproved', 'MeasureDone', 'MeasureDone',
      'CompensationProposed', 'CompensationProposed', 'CompensationProposed', 'CompensationDecided', 'CompensationDecided',
      'AnswerSent', 'SatisfactionRecorded', 'Closed', 'TimeLogged', 'SignedOff', 'SignedOff', 'Reopened',
      'CallbackBooked', 'CallbackBooked', 'CallbackMade', 'TimeLogged'], 'kinds');
    expectEq(ev.length, W.P.version, 'one event per version');
    for (let i = 1; i < ev.length; i++) expectEq(ev[i].prev_hash, ev[i - 1].hash, `prev_hash of event ${i + 1}`);
    expectEq(ev.find((e) => e.kind === 'MeasuresApproved')?.payload, { ids: ['m1', 'm2'], note: 'Agreed' }, 'MeasuresApproved payload');
    expectEq(ev.filter((e) => e.kind === 'SignedOff').map((e) => [e.actor, e.payload.as]), [['resp', 'responsible'], ['quality', 'quality']], 'SignedOff');
    const card = await call('getComplaint', { params: { number: P() }, expect: 200 });
    expectEq(card.body, W.P, 'the card equals the last command\'s answer');
  });
  return W;
}

// The same mistakes, made on every command: each is the documented status.
async function commandErrorsScenario(W) {
  const P = W.P?.number;
  if (!P) return;
  const commands = [...operations.values()].filter((o) => o.path.startsWith('/api/v1/complaints/{number}/') && o.requestBody && o.op.tags?.includes('procedure'));
  await check('every procedure command: bad JSON 400, wrong Content-Type 415, oversize 413', async () => {
    for (const o of commands) {
      const params = { number: P, id: PATH_ID[o.id] };
      expectProblem(await call(o.id, { params, raw: '{"note":', expect: 400 }), undefined, 'json');
      expectProblem(await call(o.id, { params, json: {}, contentType: 'text/plain', expect: 415 }), 'Content-Type', 'media_type');
      expectProblem(await call(o.id, { params, raw: JSON.stringify({ note: 'n'.repeat(1100000) }), expect: 413 }), undefined, 'body_limit');
    }
  });
  await check('every procedure command: unknown member, non-object body, bad version or If-Match are 422', async () => {
    for (const o of commands) {
      const params = { number: P, id: PATH_ID[o.id] };
      expectProblem(await call(o.id, { params, json: { bogus: 1 }, expect: 422, requestValid: false }), 'bogus', 'unknown');
      expectProblem(await call(o.id, { params, json: [], expect: 422, requestValid: false }), undefined, 'type');
      expectProblem(await call(o.id, { params, json: { version: '3' }, expect: 422, requestValid: false }), 'version', 'type');
      expectProblem(await call(o.id, { params, json: {}, headers: { 'If-Match': 'W/"3"' }, expect: 422, requestValid: false }), 'If-Match', 'version');
    }
  });
  await check('every procedure command: unknown complaint 404; stale If-Match or body version 409 version', async () => {
    for (const o of commands) {
      const body = o.id === 'mergeComplaint' ? { into: W.Q.number } : VALID_BODY[o.id];
      await call(o.id, { params: { number: '2026-999999', id: PATH_ID[o.id] }, json: body, expect: 404 });
      await call(o.id, { params: { number: 'no-such-number', id: PATH_ID[o.id] }, json: body, expect: 404 });
      expectProblem(await call(o.id, { params: { number: P, id: PATH_ID[o.id] }, json: body, headers: { 'If-Match': '"1"' }, expect: 409 }), undefined, 'version');
      expectProblem(await call(o.id, { params: { number: P, id: PATH_ID[o.id] }, json: { ...body, version: 1 }, expect: 409 }), undefined, 'version');
    }
  });
}

// ---- people

async function peopleScenario() {
  await check('POST /api/v1/auth/token signs a password user in (201, 12 hours); the token works', async () => {
    const r = await call('issueSessionToken', { json: { login: 'pw', password: 'pw-user-secret-1' }, expect: 201 });
    if (!r.body) return;
    expectEq(r.body.login, 'pw', 'login');
    const hours = (Date.parse(r.body.expires_at) - Date.parse(NOW)) / HOUR;
    expectTrue(hours >= 12 && hours < 12.1, `expires_at ${r.body.expires_at} is 12 hours on`);
    const me = await call('getMe', { auth: `Bearer ${r.body.token}`, expect: 200 });
    expectEq([me.body?.login, me.body?.role], ['pw', 'front_line'], 'the session token is the user\'s');
  });
  await check('POST /api/v1/auth/token: wrong password, unknown login, no password are one 401 (no WWW-Authenticate)', async () => {
    for (const json of [{ login: 'pw', password: 'wrong-password' }, { login: 'nobody', password: 'pw-user-secret-1' }, { login: 'quality', password: '' }, {}]) {
      const r = await call('issueSessionToken', { json, expect: 401 });
      expectProblem(r, undefined, 'token');
      expectEq(r.headers['www-authenticate'], undefined, 'WWW-Authenticate');
    }
  });
  await check('POST /api/v1/auth/token: 400, 415, 413, 422', async () => {
    expectProblem(await call('issueSessionToken', { raw: '{"login"', expect: 400 }), undefined, 'json');
    expectProblem(await call('issueSessionToken', { json: {}, contentType: 'text/plain', expect: 415 }), 'Content-Type', 'media_type');
    expectProblem(await call('issueSessionToken', { raw: JSON.stringify({ password: 'p'.repeat(1100000) }), expect: 413 }), undefined, 'body_limit');
    expectProblem(await call('issueSessionToken', { json: { login: 'pw', pass: 'x' }, expect: 422, requestValid: false }), 'pass', 'unknown');
    expectProblem(await call('issueSessionToken', { json: { login: 5, password: 'x' }, expect: 422, requestValid: false }), 'login', 'type');
  });
  await check('GET /api/v1/users lists every user', async () => {
    const r = await call('listUsers', { as: 'audit', expect: 200 });
    const pw = r.body?.items?.find((u) => u.login === 'pw');
    expectEq(pw, { login: 'pw', name: 'Pavel Password', position: 'Seller', role: 'front_line', site: '', language: 'en', disabled: false, has_password: true }, 'pw');
    expectEq(r.body?.items?.find((u) => u.login === 'exec')?.has_password, false, 'exec has no password');
    expectTrue(USERS.every((u) => r.body?.items?.some((i) => i.login === u.login)), 'every user is listed');
  });
  await check('POST /api/v1/users adds users (201, Location); a taken login is 409; rules are 422', async () => {
    const r = await call('createUser', { as: 'admin', json: { login: 'newbie', name: 'Nina New', role: 'executor', language: 'ru', site: 'Sofia Centre' }, expect: 201 });
    expectEq(r.headers.location, '/api/v1/users/newbie', 'Location');
    expectEq(r.body, { login: 'newbie', name: 'Nina New', position: '', role: 'executor', site: 'Sofia Centre', language: 'ru', disabled: false, has_password: false }, 'user');
    expectProblem(await call('createUser', { as: 'admin', json: { login: 'newbie', name: 'Again', role: 'executor' }, expect: 409 }), undefined, 'login');
    expectProblem(await call('createUser', { as: 'admin', json: { login: 'Bad Login', name: 'X', role: 'executor' }, expect: 422, requestValid: false }), 'login', 'login');
    expectProblem(await call('createUser', { as: 'admin', json: { login: 'king', name: 'X', role: 'king' }, expect: 422, requestValid: false }), 'role', 'enum');
    expectProblem(await call('createUser', { as: 'admin', json: { login: 'nameless', role: 'executor' }, expect: 422, requestValid: false }), 'name', 'required');
    expectProblem(await call('createUser', { as: 'admin', json: { login: 'shorty', name: 'S', role: 'executor', password: 'short' }, expect: 422, requestValid: false }), 'password', 'length');
    expectProblem(await call('createUser', { as: 'admin', json: { login: 'lang', name: 'L', role: 'executor', language: 'de' }, expect: 422, requestValid: false }), 'language', 'enum');
    expectProblem(await call('createUser', { as: 'admin', json: { login: 'x', name: 'X', role: 'executor', email: 'x' }, expect: 422, requestValid: false }), 'email', 'unknown');
    expectProblem(await call('createUser', { as: 'admin', raw: '[', expect: 400 }), undefined, 'json');
    expectProblem(await call('createUser', { as: 'admin', json: {}, contentType: 'text/plain', expect: 415 }), 'Content-Type', 'media_type');
    expectProblem(await call('createUser', { as: 'admin', raw: JSON.stringify({ name: 'n'.repeat(1100000) }), expect: 413 }), undefined, 'body_limit');
  });
  await check('a user added over the API with a password signs in; disabled, they cannot, and get no tokens', async () => {
    const added = await call('createUser', { as: 'admin', json: { login: 'leaver', name: 'Lev Leaver', role: 'responsible', password: 'correct horse battery' }, expect: 201 });
    expectEq(added.body?.has_password, true, 'has_password');
    const session = await call('issueSessionToken', { json: { login: 'leaver', password: 'correct horse battery' }, expect: 201 });
    if (session.body) tokens.leaver = session.body.token;
    const issued = await call('issueUserToken', { as: 'admin', params: { login: 'leaver' }, expect: 201 });
    expectEq([issued.body?.login, issued.body?.expires_at], ['leaver', null], 'an API token does not expire');
    if (issued.body) tokens['leaver#api'] = issued.body.token;
    expectEq((await call('getMe', { as: 'leaver#api', expect: 200 })).body?.login, 'leaver', 'the issued token works');
    const d = await call('disableUser', { as: 'admin', params: { login: 'leaver' }, expect: 200 });
    expectEq([d.body?.login, d.body?.disabled], ['leaver', true], 'disabled');
    const again = await call('disableUser', { as: 'admin', params: { login: 'leaver' }, expect: 200 });
    expectEq(again.body?.disabled, true, 'disabling twice changes nothing');
    expectProblem(await call('issueUserToken', { as: 'admin', params: { login: 'leaver' }, expect: 409 }), undefined, 'disabled');
    expectProblem(await call('issueSessionToken', { json: { login: 'leaver', password: 'correct horse battery' }, expect: 401 }), undefined, 'token');
    await call('disableUser', { as: 'admin', params: { login: 'nobody-at-all' }, expect: 404 });
    await call('issueUserToken', { as: 'admin', params: { login: 'nobody-at-all' }, expect: 404 });
    const listed = await call('listUsers', { expect: 200 });
    expectEq(listed.body?.items?.find((u) => u.login === 'leaver')?.disabled, true, 'listed as disabled');
  });
  await check('A-status: add by e-mail or organisation (201), replace, list, remove (204, case-insensitive), 404, 422', async () => {
    expectEq((await call('listAStatus', { as: 'exec', expect: 200 })).body, { items: [] }, 'empty at first');
    const a = await call('putAStatus', { json: { email: 'Olga@Example.com', name: 'Olga Main', privileges: 'Calls go to the head of quality' }, expect: 201 });
    expectEq([a.body?.key, a.body?.name, a.body?.added_by, a.body?.note], ['olga@example.com', 'Olga Main', 'quality', ''], 'by e-mail');
    const b = await call('putAStatus', { as: 'mgr', json: { organisation: 'Big Customer Ltd', name: 'Big Customer', privileges: 'Priority', note: 'Key account' }, expect: 201 });
    expectEq(b.body?.key, 'big customer ltd', 'by organisation, lower-cased');
    const c = await call('putAStatus', { as: 'mgr', json: { organisation: 'BIG CUSTOMER LTD', name: 'Big Customer', privileges: 'Priority and a free coffee' }, expect: 201 });
    expectEq([c.body?.key, c.body?.added_by], ['big customer ltd', 'mgr'], 'replaced');
    const list = await call('listAStatus', { expect: 200 });
    expectEq(list.body?.items?.map((i) => [i.key, i.privileges]).sort(), [['big customer ltd', 'Priority and a free coffee'], ['olga@example.com', 'Calls go to the head of quality']], 'the list');
    expectProblem(await call('putAStatus', { json: { email: 'a@b.cd', organisation: 'Both', name: 'n', privileges: 'p' }, expect: 422, requestValid: false }), 'email', 'one_of');
    expectProblem(await call('putAStatus', { json: { name: 'n', privileges: 'p' }, expect: 422, requestValid: false }), 'email', 'one_of');
    expectProblem(await call('putAStatus', { json: { email: 'a@b.cd', privileges: 'p' }, expect: 422, requestValid: false }), 'name', 'required');
    expectProblem(await call('putAStatus', { json: { email: 'a@b.cd', name: 'n', privileges: 'p', vip: true }, expect: 422, requestValid: false }), 'vip', 'unknown');
    expectProblem(await call('putAStatus', { raw: '{', expect: 400 }), undefined, 'json');
    expectProblem(await call('putAStatus', { json: {}, contentType: 'text/plain', expect: 415 }), 'Content-Type', 'media_type');
    expectProblem(await call('putAStatus', { raw: JSON.stringify({ note: 'n'.repeat(1100000) }), expect: 413 }), undefined, 'body_limit');
    const del = await call('deleteAStatus', { params: { key: 'Big Customer LTD' }, expect: 204 });
    expectEq(del.text, '', 'no body');
    await call('deleteAStatus', { params: { key: 'big customer ltd' }, expect: 404 });
  });
}

// ---- work lists and signals

async function workScenario(W) {
  await check('GET /api/v1/tasks: mine, team, overdue, due_today', async () => {
    const view = async (v, as, expect = 200) => (await call('listTasks', { query: v ? { view: v } : {}, as, expect })).body;
    const mine = await view(undefined, 'resp');
    expectEq(mine?.view, 'mine', 'view defaults to mine');
    const keys = (mine?.items ?? []).map((i) => `${i.number} ${i.deadline}`);
    expectTrue(keys.includes(`${W.P?.number} answer`), `resp owns the answer deadline of round 2: ${keys}`);
    expectTrue(keys.includes(`${W.P?.number} callback:cb1`), `resp owns the callback cb1: ${keys}`);
    expectTrue(keys.includes(`${W.U?.number} answer`), `resp owns the answer deadline of U: ${keys}`);
    expectTrue(!keys.includes(`${W.P?.number} callback:cb2`), 'a callback made is no longer a task');
    expectTrue((mine?.items ?? []).every((i) => i.owner === 'resp'), 'only resp\'s');
    const team = await view('team', 'audit');
    expectTrue((team?.items ?? []).some((i) => i.owner === '' && i.overdue), 'the team view has the unassigned, overdue deadlines');
    const due = (team?.items ?? []).map((i) => Date.parse(i.due));
    expectEq(due, [...due].sort((a, b) => a - b), 'earliest first');
    expectProblem(await call('listTasks', { query: { view: 'team' }, as: 'front', expect: 403 }), undefined, 'role');
    const overdue = await view('overdue');
    expectTrue((overdue?.items?.length ?? 0) >= 5, `overdue: the letters of 2025 and more (${overdue?.items?.length})`);
    expectTrue((overdue?.items ?? []).every((i) => i.overdue), 'overdue: every item is overdue');
    expectEq((await view('overdue', 'resp'))?.items?.filter((i) => i.owner !== 'resp'), [], 'overdue, not team: only one\'s own');
    const today = await view('due_today', 'resp');
    expectEq(today?.items?.map((i) => i.deadline), ['callback:cb1'], 'due today: the callback at 10:00');
    expectProblem(await call('listTasks', { query: { view: 'later' }, as: 'resp', expect: 422, requestValid: false }), 'view', 'enum');
  });
  await check('GET /api/v1/notifications: after must be a whole number', async () => {
    // The scheduler's first pass ran when the server started, before there were deadlines.
    expectEq((await call('listNotifications', { as: 'resp', expect: 200 })).body, { items: [] }, 'none for resp yet');
    expectProblem(await call('listNotifications', { query: { after: '-1' }, expect: 422, requestValid: false }), 'after', 'range');
    expectProblem(await call('listNotifications', { query: { after: 'ten' }, expect: 422, requestValid: false }), 'after', 'range');
  });
  await check('GET .../signals: A-status, repeat claims, supplier', async () => {
    const p = (await call('getSignals', { params: { number: W.P?.number }, as: 'exec', expect: 200 })).body;
    expectEq(p?.a_status, { name: 'Olga Main', privileges: 'Calls go to the head of quality' }, 'A-status by e-mail, any case');
    expectEq(p?.repeat_claims, { count: 3, window_days: 365, threshold: 3, flagged: true }, 'three complaints from olga@example.com');
    expectEq(p?.supplier, { name: 'Acme Toner', count: 1, window_days: 90, threshold: 3, flagged: false }, 'supplier');
    const q = (await call('getSignals', { params: { number: W.Q?.number }, expect: 200 })).body;
    expectEq([q?.a_status, q?.supplier, q?.repeat_claims?.count], [null, null, 1], 'Q: no signals');
    await call('getSignals', { params: { number: '2026-999999' }, expect: 404 });
    await call('getSignals', { params: { number: 'x' }, expect: 404 });
  });
}

// ---- fixed server bugs that stay fixed, probes for known ones (see KNOWN_BUGS), and answers
// outside any operation

async function closingScenario() {
  await check('problem details stay valid UTF-8 when the request is not', async () => {
    const member = Buffer.concat([Buffer.from('{"'), Buffer.from([0xff, 0xfe]), Buffer.from('":1}')]);
    await call('registerComplaint', { raw: member, expect: 422 });
    await call('getComplaint', { rawPath: '/api/v1/complaints/%FF', expect: 404 });
    await call('listComplaintEvents', { rawPath: '/api/v1/complaints/%FF/events', expect: 404 });
    await callOutside('GET', '/api/v1/nothing%C3%28', 'RouteNotFound', 404);
  });
  await check('Content-Type is matched case-insensitively (RFC 9110 8.3.1)', async () => {
    await call('registerComplaint', { json: FULL_REGISTRATION, contentType: 'Application/JSON; charset=UTF-8', expect: 201 });
  });
  await check('a complaint is not merged into one that is merged into it', async () => {
    const reg = (name) => call('registerComplaint', { json: { channel: 'web', contact: { name, email: `${name}@example.org` }, statement: 'Duplicate?' }, expect: 201 });
    const x = (await reg('xenia')).body;
    const y = (await reg('yuri')).body;
    if (!x || !y) return;
    await command('mergeComplaint', x.number, { into: y.number }, { expect: 200 });
    const r = await command('mergeComplaint', y.number, { into: x.number });
    expectTrue(r.status === 409 || r.status === 422, `merging ${y.number} into ${x.number}, which is merged into ${y.number}: ${r.status} (expected 409 or 422)`);
  });
  await check('the Authorization scheme is matched case-insensitively (RFC 9110 11.1)', async () => {
    await call('getMe', { auth: `bearer ${tokens.quality}`, expect: 200 });
  });
  await check('an A-status key is checked like every other text (invalid UTF-8 is 422)', async () => {
    const raw = Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff]), Buffer.from('@example.com","name":"n","privileges":"p"}')]);
    const r = await call('putAStatus', { raw, expect: 422 });
    if (r.status === 201) {
      // Take it out again, so that the list is valid UTF-8 for the checks after this one.
      await send({ method: 'DELETE', target: '/api/v1/a-status/%FF%40example.com', headers: { Authorization: `Bearer ${tokens.quality}` } });
    } else {
      expectProblem(r, 'email', 'utf8');
    }
  });
  await check('an A-status entry whose key has a "/" can be removed', async () => {
    await call('putAStatus', { json: { organisation: 'A/B Trading', name: 'A/B', privileges: 'p' }, expect: 201 });
    await call('deleteAStatus', { params: { key: 'a/b trading' }, expect: 204 });
  });

  await check('unknown path is 404 route; known path, other method is 405 with Allow', async () => {
    await callOutside('GET', '/api/v1/nothing-here', 'RouteNotFound', 404);
    const r = await callOutside('DELETE', '/api/v1/complaints/2026-000001', 'MethodNotAllowed', 405);
    expectEq(r.headers?.allow, 'GET', 'Allow');
    const r2 = await callOutside('PUT', '/api/v1/complaints', 'MethodNotAllowed', 405);
    expectEq(r2.headers?.allow, 'POST, GET', 'Allow');
  });
  await check('every method the server routes on a documented path is in the spec (405 Allow)', async () => {
    // A method no route uses: the 405's Allow header lists every method the server has there.
    for (const [p, item] of Object.entries(spec.paths ?? {})) {
      const target = p.replace(/\{\w+\}/g, '2026-000001');
      const r = await callOutside('PROBE', target, 'MethodNotAllowed', 405);
      const served = (r.headers?.allow ?? '').split(',').map((m) => m.trim()).filter(Boolean).sort();
      const documented = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase()).sort();
      expectEq(served, documented, `methods on ${p}`);
    }
  });
}

// ---- after a restart: the scheduler's first pass records the alerts that are due

async function restartScenario(W) {
  await check('after a restart: the scheduler records due alerts and notifies (GET /api/v1/notifications)', async () => {
    let items = [];
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      items = (await call('listNotifications', { expect: 200 })).body?.items ?? [];
      if (items.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expectTrue(items.length > 0, 'the head of quality has notifications');
    expectTrue(items.every((n) => n.recipient === 'role:head_of_quality'), 'addressed to the role: the deadlines of unassigned complaints');
    expectTrue(items.some((n) => n.kind === 'deadline_missed') && items.some((n) => n.kind === 'deadline_approaching'), 'approaching and missed');
    const ids = items.map((n) => n.id);
    expectEq(ids, [...ids].sort((a, b) => b - a), 'newest first');
    const newest = Math.max(...ids);
    expectEq((await call('listNotifications', { query: { after: String(newest) }, expect: 200 })).body, { items: [] }, 'nothing after the newest');
    const older = (await call('listNotifications', { query: { after: String(Math.min(...ids)) }, expect: 200 })).body?.items ?? [];
    expectEq(older.length, ids.length - 1, 'after is exclusive');
    const resp = (await call('listNotifications', { as: 'resp', expect: 200 })).body?.items ?? [];
    const cb = resp.filter((n) => n.number === W.P?.number);
    expectEq(cb.map((n) => [n.recipient, n.kind]), [['user:resp', 'deadline_approaching']], 'the callback due in an hour: to whoever booked it');
    expectTrue((cb[0]?.text ?? '').includes('callback:cb1'), `the text names the deadline: ${cb[0]?.text}`);
  });
  await check('after a restart: the alerts are events by system:scheduler and on the card', async () => {
    const letter = (await call('listComplaints', { query: { organisation: PAGING_ORG, sort: 'received_at', limit: '1' }, expect: 200 })).body?.items?.[0];
    if (!letter) return fail('no letter of 2025');
    const ev = (await call('listComplaintEvents', { params: { number: letter.number }, expect: 200 })).body?.events ?? [];
    const alerts = ev.filter((e) => e.kind.startsWith('Deadline'));
    expectEq(alerts.map((e) => [e.kind, e.actor, e.payload.deadline]), [['DeadlineApproaching', 'system:scheduler', 'answer'], ['DeadlineMissed', 'system:scheduler', 'answer']], 'alerts');
    const card = (await call('getComplaint', { params: { number: letter.number }, expect: 200 })).body;
    expectEq(card?.alerts?.map((a) => [a.deadline, a.level]), [['answer', 'approaching'], ['answer', 'missed']], 'the card\'s alerts');
    expectEq(card?.status, 'acknowledged', 'alerts leave the status alone');
    const p = (await call('getComplaint', { params: { number: W.P?.number }, expect: 200 })).body;
    expectEq(p?.alerts?.map((a) => [a.deadline, a.level]), [['callback:cb1', 'approaching']], 'the walk\'s complaint: its open callback');
  });
  await check('after a restart: tokens of disabled users are refused, the others still work', async () => {
    for (const t of ['leaver', 'leaver#api']) {
      if (!tokens[t]) continue;
      expectProblem(await call('getMe', { as: t, expect: 401 }), undefined, 'token');
    }
    expectEq((await call('getMe', { as: 'front', expect: 200 })).body?.login, 'front', 'front');
  });
}

// Every operation called, every documented status seen (or known to be out of reach).
function coverage() {
  return check('coverage: every operation and every documented status exercised', () => {
    for (const o of operations.values()) {
      if (o.calls === 0) {
        fail(`operation ${o.id} (${o.method} ${o.path}) was not exercised`);
        continue;
      }
      for (const status of Object.keys(o.responses)) {
        if (o.statuses.has(Number(status))) continue;
        if (NOT_PROVOKED[status]) continue;
        fail(`${o.id}: documented status ${status} was never answered`);
      }
    }
  });
}

function printCoverage() {
  console.log('\nCoverage (status: times seen; "-" documented but not provoked):');
  for (const o of operations.values()) {
    const documented = Object.keys(o.responses);
    const cells = documented.map((s) => `${s}:${o.statuses.get(Number(s)) ?? '-'}`);
    const extra = [...o.statuses.keys()].filter((s) => !documented.includes(String(s))).map((s) => `${s}:UNDOCUMENTED`);
    console.log(`  ${o.id.padEnd(20)} ${(o.method + ' ' + o.path).padEnd(58)} ${[...cells, ...extra].join(' ')}`);
  }
  const skipped = Object.entries(NOT_PROVOKED).map(([s, why]) => `${s} (${why})`).join('; ');
  console.log(`  not provoked by design: ${skipped}`);
}

// ---------------------------------------------------------------------------------------

async function main() {
  if (!BINARY) {
    console.error('usage: node tests/contract/contract.mjs path/to/redress   (or set REDRESS_BINARY)');
    return 2;
  }
  if (!fs.existsSync(BINARY)) {
    console.error(`contract: no server binary at ${BINARY}`);
    return 2;
  }
  console.log(`contract: spec ${path.relative(process.cwd(), SPEC_PATH) || SPEC_PATH}, server ${BINARY}`);
  await check('the spec loads: OpenAPI 3.1, schemas compile (strict), operationIds unique', loadSpec);
  if (!results.at(-1).ok) return 1;

  try {
    await startServer();
  } catch (e) {
    console.error(`FAIL could not start the server: ${e.message}`);
    return 1;
  }
  console.log(`contract: ${USERS.length} users, redress serve pid ${server.pid} on 127.0.0.1:${port}, REDRESS_NOW=${NOW}\n`);
  let restarted = false;
  try {
    await registerScenario();
    await accessScenario();
    const walk = await procedureScenario();
    await commandErrorsScenario(walk);
    await peopleScenario();
    await workScenario(walk);
    await closingScenario();
    const exit = await stopServer();
    await check('the server stops on SIGTERM with exit status 0', () => {
      expectEq(exit, { code: 0, signal: null }, 'exit');
    });
    await startServer({ fresh: false });
    restarted = true;
    console.log(`\ncontract: restarted, redress serve pid ${server.pid} on 127.0.0.1:${port}\n`);
    await restartScenario(walk);
    await coverage();
  } catch (e) {
    await check(restarted ? 'the scenario after the restart ran to its end' : 'the scenario ran to its end', () => { throw e; });
  } finally {
    const exit = await stopServer();
    if (restarted) {
      await check('the restarted server stops on SIGTERM with exit status 0', () => {
        expectEq(exit, { code: 0, signal: null }, 'exit');
      });
    }
  }
  printCoverage();
  const failed = results.filter((r) => !r.ok);
  const known = results.filter((r) => r.known);
  const fixed = results.filter((r) => r.fixed);
  if (failed.length) {
    console.log(`\nserver log (tail):\n${serverLog().split('\n').slice(-15).join('\n')}`);
  }
  console.log(`\n${known.length} known server bug${known.length === 1 ? '' : 's'} reproduced, ` +
    `${fixed.length} no longer reproduce${fixed.length === 1 ? 's' : ''}, ${Date.now() - STARTED} ms`);
  for (const k of known) console.log(`  known bug:  ${k.name}: ${KNOWN_BUGS[k.name]}`);
  for (const f of fixed) console.log(`  fixed bug:  ${f.name} (no longer reproduces: remove it from KNOWN_BUGS)`);
  for (const f of failed) console.log(`  FAILED:     ${f.name}`);
  const passed = results.length - failed.length - known.length;
  console.log(`contract: ${passed} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

main()
  .then((code) => {
    killNow();
    if (tmp && !process.env.CONTRACT_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    process.exitCode = code;
  })
  .catch((e) => {
    console.error(`contract: ${e.stack || e}`);
    killNow();
    process.exitCode = 1;
  });
