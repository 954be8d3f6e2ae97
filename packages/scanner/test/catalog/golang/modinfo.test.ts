import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModInfo } from '../../../src/catalog/golang/modinfo.ts';

test('path, main module, deps with sums, replacements and build settings', () => {
  const info = parseModInfo(
    [
      'path\texample.com/app/cmd/app',
      'mod\texample.com/app\tv1.4.0\th1:main=',
      'dep\tgithub.com/a/b\tv1.0.0\th1:ab=',
      'dep\tgolang.org/x/net\tv0.1.0',
      '=>\tgithub.com/fork/net\tv0.1.1\th1:fork=',
      'dep\texample.com/lib\tv1.2.3',
      '=>\t../lib\t(devel)\t',
      'build\t-compiler=gc',
      'build\tGOARCH=arm64',
      'build\t-ldflags="-s -w -X main.v=1"',
      'build\t"key with space"="value=with=equals"',
      'build\tvcs.revision=0123abcd',
      '',
    ].join('\n'),
  );
  assert.equal(info.path, 'example.com/app/cmd/app');
  assert.deepEqual(info.main, { path: 'example.com/app', version: 'v1.4.0', sum: 'h1:main=' });
  assert.deepEqual(info.deps, [
    { path: 'github.com/a/b', version: 'v1.0.0', sum: 'h1:ab=' },
    { path: 'golang.org/x/net', version: 'v0.1.0', replace: { path: 'github.com/fork/net', version: 'v0.1.1', sum: 'h1:fork=' } },
    { path: 'example.com/lib', version: 'v1.2.3', replace: { path: '../lib', version: '(devel)' } },
  ]);
  assert.equal(info.settings.get('GOARCH'), 'arm64');
  assert.equal(info.settings.get('-ldflags'), '-s -w -X main.v=1');
  assert.equal(info.settings.get('key with space'), 'value=with=equals');
  assert.equal(info.settings.get('vcs.revision'), '0123abcd');
});

test('a replacement line without a preceding module and unknown lines are ignored', () => {
  const info = parseModInfo('=>\tgithub.com/x/y\tv1.0.0\nfoo\tbar\ndep\t\nbuild\tnoequals\nbuild\t"unterminated=1\n');
  assert.deepEqual(info.deps, []);
  assert.equal(info.main, undefined);
  assert.equal(info.settings.size, 0);
});

test('empty modinfo (a binary built outside module mode)', () => {
  assert.deepEqual(parseModInfo(''), { deps: [], settings: new Map() });
});
