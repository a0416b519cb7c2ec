#!/usr/bin/env node
// The UI's translatable strings and their catalogs (web/locale/*.po).
//
//   node scripts/messages.mjs extract   writes web/locale/redress.pot from the sources
//   node scripts/messages.mjs update    extract, then msgmerge every catalog (new strings arrive empty)
//   node scripts/messages.mjs check     fails when a catalog lacks a translation of any UI string
//
// The strings: {{#t}}…{{/t}} in web/templates, tr("…") and tr_n("…", "…", n) in src/web, and
// the names of the default compensation catalogue and survey (docs/policy.example.toml).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCALE = path.join(ROOT, 'web/locale');
const LANGUAGES = ['ru', 'bg', 'hy'];

// msgid -> {plural, where[]}
function extract() {
  const messages = new Map();
  const add = (id, where, plural) => {
    if (!id) return;
    const entry = messages.get(id) || { plural, where: [] };
    if (plural) entry.plural = plural;
    entry.where.push(where);
    messages.set(id, entry);
  };
  const templates = path.join(ROOT, 'web/templates');
  for (const file of fs.readdirSync(templates).sort()) {
    const text = fs.readFileSync(path.join(templates, file), 'utf8');
    for (const m of text.matchAll(/\{\{#t\}\}([\s\S]*?)\{\{\/t\}\}/g)) {
      add(m[1], `web/templates/${file}:${text.slice(0, m.index).split('\n').length}`);
    }
  }
  const literal = String.raw`"((?:[^"\\]|\\.)*)"`;
  const literals = String.raw`((?:\s*"(?:[^"\\]|\\.)*")+)`;
  const unquote = (group) => [...group.matchAll(new RegExp(literal, 'g'))].map((m) => JSON.parse(`"${m[1]}"`)).join('');
  const sources = path.join(ROOT, 'src/web');
  for (const file of fs.readdirSync(sources).sort()) {
    const text = fs.readFileSync(path.join(sources, file), 'utf8');
    const line = (index) => `src/web/${file}:${text.slice(0, index).split('\n').length}`;
    for (const m of text.matchAll(new RegExp(String.raw`\btr\(` + literals, 'g'))) add(unquote(m[1]), line(m.index));
    for (const m of text.matchAll(new RegExp(String.raw`\btr_n\(` + literals + String.raw`\s*,` + literals, 'g'))) {
      add(unquote(m[1]), line(m.index), unquote(m[2]));
    }
  }
  const policy = fs.readFileSync(path.join(ROOT, 'docs/policy.example.toml'), 'utf8');
  for (const m of policy.matchAll(/^name = "(.*)"$/gm)) add(m[1], 'docs/policy.example.toml');
  return messages;
}

const quote = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function pot(messages) {
  let out = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n';
  for (const [id, { plural, where }] of [...messages].sort((a, b) => a[0].localeCompare(b[0]))) {
    out += `#: ${[...new Set(where)].slice(0, 3).join(' ')}\n`;
    if (plural) out += `msgid ${quote(id)}\nmsgid_plural ${quote(plural)}\nmsgstr[0] ""\nmsgstr[1] ""\n\n`;
    else out += `msgid ${quote(id)}\nmsgstr ""\n\n`;
  }
  return out;
}

// A .po file as msgid -> {fuzzy, strings[]}.
function readPo(file) {
  const entries = new Map();
  let entry = null;
  let field = null;
  const flush = () => {
    if (entry && entry.msgid !== undefined) entries.set(entry.msgid, entry);
    entry = null;
  };
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '') { flush(); continue; }
    if (line.startsWith('#,')) { flush(); entry = { fuzzy: line.includes('fuzzy'), strings: [] }; continue; }
    if (line.startsWith('#')) continue;
    entry ||= { fuzzy: false, strings: [] };
    let m;
    if ((m = line.match(/^msgid (".*")$/))) { if (entry.msgid !== undefined) { flush(); entry = { fuzzy: false, strings: [] }; } entry.msgid = JSON.parse(m[1]); field = 'msgid'; }
    else if ((m = line.match(/^msgid_plural (".*")$/))) { entry.plural = JSON.parse(m[1]); field = 'plural'; }
    else if ((m = line.match(/^msgstr(?:\[\d+\])? (".*")$/))) { entry.strings.push(JSON.parse(m[1])); field = 'msgstr'; }
    else if (line.startsWith('"')) {
      const s = JSON.parse(line);
      if (field === 'msgid') entry.msgid += s;
      else if (field === 'plural') entry.plural += s;
      else if (field === 'msgstr') entry.strings[entry.strings.length - 1] += s;
    }
  }
  flush();
  return entries;
}

const command = process.argv[2];
const messages = extract();
if (command === 'extract' || command === 'update') {
  fs.writeFileSync(path.join(LOCALE, 'redress.pot'), pot(messages));
  console.log(`messages: ${messages.size} strings in web/locale/redress.pot`);
  if (command === 'update') {
    for (const lang of LANGUAGES) {
      const r = spawnSync('msgmerge', ['--quiet', '--update', '--backup=none', '--no-fuzzy-matching',
                                       path.join(LOCALE, `${lang}.po`), path.join(LOCALE, 'redress.pot')], { stdio: 'inherit' });
      if (r.status !== 0) process.exit(1);
    }
  }
} else if (command === 'check') {
  let missing = 0;
  for (const lang of LANGUAGES) {
    const po = readPo(path.join(LOCALE, `${lang}.po`));
    for (const [id, { plural, where }] of messages) {
      const entry = po.get(id);
      const problem = !entry ? 'missing'
        : entry.fuzzy ? 'fuzzy'
        : entry.strings.length === 0 || entry.strings.some((s) => s === '') ? 'untranslated'
        : plural && entry.plural !== plural ? 'plural differs'
        : null;
      if (problem) {
        missing++;
        console.log(`${lang}.po: ${problem}: ${JSON.stringify(id)} (${where[0]})`);
      }
    }
  }
  if (missing) {
    console.log(`messages: ${missing} translation(s) missing; run \`node scripts/messages.mjs update\` and fill in web/locale/*.po`);
    process.exit(1);
  }
  console.log(`messages: all ${messages.size} UI strings are translated into ${LANGUAGES.join(', ')}`);
} else {
  console.error('usage: messages.mjs extract|update|check');
  process.exit(2);
}
