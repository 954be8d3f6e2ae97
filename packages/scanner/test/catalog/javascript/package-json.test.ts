import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageJsonCataloger as cataloger } from '../../../src/catalog/javascript/package-json.ts';
import { nodeModulesCataloger } from '../../../src/catalog/javascript/node-modules.ts';
import { trivy } from '../../../test-support/fixtures.ts';
import { runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const yarnCase = (dir: string) => trivy('pkg/fanal/analyzer/language/nodejs/yarn/testdata', dir, 'package.json');
const info = { size: 1, mode: 0o644 };

test("wants a project's package.json; the installed-package cataloger wants the others, never both", () => {
  const paths = [
    'package.json',
    'web/package.json',
    'web/node_modules/left-pad/package.json',
    'web/node_modules/@scope/pkg/package.json',
    'web/node_modules/left-pad/lib/package.json',
    'web/node_modules/.pnpm/a@1.0.0/node_modules/a/package.json',
    'web/package.json.bak',
  ];
  const claims = paths.map((p) => [cataloger.wants(p, info), nodeModulesCataloger.wants(p, info)]);
  assert.deepEqual(claims, [
    [true, false],
    [true, false],
    [false, true],
    [false, true],
    [false, false],
    [false, true],
    [false, false],
  ]);
});

test('the project and its production and development dependencies', async () => {
  const { manifest, packages, warnings } = await runCataloger(cataloger, yarnCase('happy'), 'package.json');
  assert.deepEqual(warnings, []);
  assert.deepEqual(packages, []);
  assert.deepEqual(manifest, {
    ecosystem: 'npm',
    project: { name: '90', version: '1.0.0' },
    dependencies: ['js-tokens', 'scheduler'],
    devDependencies: ['prop-types'],
  });
});

test('optional and peer dependencies are production; aliases name the package they install', async () => {
  const aliases = await runCataloger(cataloger, yarnCase('alias'), 'package.json');
  assert.deepEqual(aliases.manifest?.dependencies, ['debug', 'ms']);
  assert.deepEqual(aliases.manifest?.devDependencies, ['@types/jsonstream', '@types/uuid']);
  const { manifest } = await runOnBytes(
    cataloger,
    JSON.stringify({
      name: '@acme/web',
      dependencies: { a: '^1', exact: 'npm:^2.0.0' },
      optionalDependencies: { fsevents: '^2' },
      peerDependencies: { react: '>=18', a: '^1' },
      devDependencies: { typescript: '^5' },
    }),
    'package.json',
  );
  // No version: the project is still named. `npm:^2.0.0` is a range, not an alias.
  assert.deepEqual(manifest, {
    ecosystem: 'npm',
    project: { name: '@acme/web' },
    dependencies: ['a', 'exact', 'fsevents', 'react'],
    devDependencies: ['typescript'],
  });
});

test('a manifest without a name declares dependencies but no project', async () => {
  const { manifest } = await runOnBytes(cataloger, '{"private": true, "devDependencies": {"jest": "^29"}}', 'package.json');
  assert.deepEqual(manifest, { ecosystem: 'npm', dependencies: [], devDependencies: ['jest'] });
});

test('malformed manifests warn and declare nothing', async () => {
  const { manifest, warnings } = await runCataloger(cataloger, yarnCase('wrong-packagejson'), 'package.json');
  assert.equal(manifest, undefined);
  assert.match(warnings[0], /^package\.json: not valid JSON/);
});
