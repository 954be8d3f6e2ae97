import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pinnedRequirements, requirementsCataloger as cataloger } from '../../../src/catalog/python/requirements.ts';
import { goldenIds, scalibr, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const info = { size: 1, mode: 0o644 };
const pip = (f: string) => trivy('pkg/dependency/parser/python/pip/testdata', f);
const scalibrReq = (f: string) => scalibr('extractor/filesystem/language/python/requirements/testdata', f);
const run = async (path: string) => ids((await runCataloger(cataloger, path, 'requirements.txt')).packages);

test('wants requirements files of the project, not copies inside installed packages', () => {
  for (const p of ['requirements.txt', 'app/requirements-dev.txt', 'test-requirements.txt', 'requirements/base.txt', 'src/1-requirements-dev.txt']) {
    assert.equal(cataloger.wants(p, info), true, p);
  }
  for (const p of ['usr/lib/python3/site-packages/foo/requirements.txt', 'app/requirements.in', 'README.txt', 'constraints.txt']) {
    assert.equal(cataloger.wants(p, info), false, p);
  }
});

test('Trivy pip repo fixture equals pip.json.golden', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/pip/requirements.txt'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), goldenIds(trivyGolden('pip')));
  assert.equal(packages.find((p) => p.name === 'Jinja2')?.purl, 'pkg:pypi/jinja2@3.0.0', 'name kept, purl normalised');
});

test('only exact pins count; ranges, wildcards and bare names do not', async () => {
  assert.deepEqual(await run(pip('requirements_operator.txt')), ['Django@2.3.4', 'SomeProject@5.4']);
  assert.deepEqual(await run(pip('requirements_compatible.txt')), []);
  assert.deepEqual(await run(pip('requirements_no_version.txt')), ['Flask@2.0.0']);
  assert.deepEqual(await run(pip('requirements_with_templating_engine.txt')), []);
  assert.deepEqual([...pinnedRequirements('a===1.0\nb == 2.0.*\nc>=1,==1.2\n')], [{ name: 'a', version: '1.0' }]);
});

test('extras, markers, comments, spacing and hyphenated names', async () => {
  assert.deepEqual(await run(pip('requirement_exstras.txt')), ['celery@4.4.7', 'pyjwt@2.1.0']);
  assert.deepEqual(await run(pip('requirements_comments.txt')), ['Flask@2.0.0', 'Jinja2@3.0.0', 'MarkupSafe@2.0.0', 'click@8.0.0']);
  assert.deepEqual(await run(pip('requirements_spaces.txt')), ['Flask@2.0.0', 'Jinja2@3.0.0', 'click@8.0.0', 'itsdangerous@2.0.0']);
  assert.deepEqual(await run(pip('requirements_hyphens.txt')), ['oauth2-client@4.0.0', 'python-gitlab@2.0.0']);
});

test('--hash and other per-requirement options, across continuation lines', async () => {
  assert.deepEqual(await run(pip('requirements_hash.txt')), ['FooProject@1.2', 'Jinja2@3.0.0']);
  const opts = await run(scalibrReq('per_req_options.txt'));
  for (const id of ['foo1@1.0', 'foo2@1.0', 'foo3@1.0', 'foo5@1.0', 'foo9@1.0', 'foo13@1.0', 'foo14@1.0', 'foo16-Client@1.0']) {
    assert.ok(opts.includes(id), id);
  }
  assert.ok(!opts.some((id) => id.startsWith('foo10@') || id.startsWith('foo15@')), 'empty pins');
  assert.deepEqual(await run(scalibrReq('trailing_backslash.txt')), ['pkg1@1.0']);
});

test('-r/-c/-e, URLs, local paths and environment variables are skipped', async () => {
  assert.deepEqual(await run(scalibrReq('example.txt')), ['docopt@0.6.1']);
  assert.deepEqual(await run(scalibrReq('env_var.txt')), ['another@1.0', 'asdf@1.2']);
  const mixed = await runOnBytes(cataloger, '-e git+https://x/y.git#egg=y\n-r base.txt\nz @ https://x/z-1.0.whl\n./pkg\nok==1\n', 'requirements.txt');
  assert.deepEqual(ids(mixed.packages), ['ok@1']);
});

test('UTF-16 files with a byte-order mark are decoded', async () => {
  assert.deepEqual(await run(pip('requirements_utf16le.txt')), ['attrs@20.3.0']);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('six==1.16.0\n', 'utf16le').swap16()]);
  assert.deepEqual(ids((await runOnBytes(cataloger, be, 'requirements.txt')).packages), ['six@1.16.0']);
});
