import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectLanguage } from '../app/i18n/detect.ts';
import en from '../app/i18n/en.ts';
import zh from '../app/i18n/zh.ts';

const appDir = join(import.meta.dirname, '../app');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function lookup(dict: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), dict);
}

function leaves(dict: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(dict)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') out.set(key, value);
    else for (const [k, v] of leaves(value as object, key)) out.set(k, v);
  }
  return out;
}

function usedKeys(): { literal: string[]; dynamic: string[] } {
  const literal: string[] = [];
  const dynamic: string[] = [];
  for (const file of sources(appDir)) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/\bt\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
      const args = call[1]!;
      for (const m of args.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z_-]+)+)'/g)) literal.push(m[1]!);
      const template = /^\s*`([a-zA-Z.]+)\.\$\{/.exec(args);
      if (template) dynamic.push(template[1]!);
    }
  }
  return { literal, dynamic };
}

test('every key the app translates exists in English, and every dynamic key has its branch', () => {
  const { literal, dynamic } = usedKeys();
  assert.ok(literal.length > 100, `found ${literal.length} keys`);
  const missing = literal.filter((key) => typeof lookup(en, key) !== 'string');
  assert.deepEqual(missing, []);
  const noBranch = dynamic.filter((key) => typeof lookup(en, key) !== 'object');
  assert.deepEqual(noBranch, []);
});

test('no string is left that the app never shows', () => {
  const { literal, dynamic } = usedKeys();
  const unused = [...leaves(en).keys()].filter((key) => !literal.includes(key) && !dynamic.some((prefix) => key.startsWith(`${prefix}.`)));
  assert.deepEqual(unused, []);
});

test('Chinese has every English string, with the same placeholders, translated', () => {
  const english = leaves(en);
  const chinese = leaves(zh);
  assert.deepEqual([...chinese.keys()].sort(), [...english.keys()].sort());
  for (const [key, text] of english) {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(placeholders(chinese.get(key)!), placeholders(text), key);
  }
  const untranslated = [...english].filter(([key, text]) => chinese.get(key) === text && /[a-z]{4}/.test(text) && !key.startsWith('languages.'));
  assert.deepEqual(untranslated.map(([key]) => key), []);
});

test('language: a stored choice, then the browser languages, then English', () => {
  assert.equal(detectLanguage('zh-CN', ['en-US']), 'zh-CN');
  assert.equal(detectLanguage(null, ['zh-TW', 'en']), 'zh-CN');
  assert.equal(detectLanguage(null, ['fr-FR', 'en-GB', 'zh-CN']), 'en');
  assert.equal(detectLanguage('de', ['de-DE']), 'en');
});
