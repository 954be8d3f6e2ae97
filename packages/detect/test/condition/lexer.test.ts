import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConditionSyntaxError, tokenize } from '../../src/condition/lexer.ts';

test('bare words keep paths, globs and bracket arguments whole; operators split without spaces', () => {
  const toks = tokenize('proc.aname[2]=sshd and fd.name glob /etc/*.conf and container.mount.dest[/var/run/docker.sock] exists');
  assert.deepEqual(
    toks.map((t) => `${t.t}:${t.v}`),
    ['word:proc.aname[2]', 'op:=', 'word:sshd', 'word:and', 'word:fd.name', 'word:glob', 'word:/etc/*.conf', 'word:and', 'word:container.mount.dest[/var/run/docker.sock]', 'word:exists'],
  );
});

test('quoted strings take either quote and backslash escapes; two-character operators', () => {
  const toks = tokenize(`a.b != "x \\"y\\"" , a<=1 a>='q r' (`);
  assert.deepEqual(
    toks.map((t) => `${t.t}:${t.v}`),
    ['word:a.b', 'op:!=', 'string:x "y"', 'punct:,', 'word:a', 'op:<=', 'word:1', 'word:a', 'op:>=', 'string:q r', 'punct:('],
  );
});

test('unterminated strings and a lone ! are syntax errors with their offset', () => {
  assert.throws(() => tokenize('a = "open'), (e: unknown) => e instanceof ConditionSyntaxError && e.pos === 4);
  assert.throws(() => tokenize('a ! b'), ConditionSyntaxError);
});
