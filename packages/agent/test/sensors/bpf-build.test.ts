import assert from 'node:assert/strict';
import { statSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildBpfObject } from '../../src/sensors/bpf-build.ts';
import { SensorUnavailable } from '../../src/sensors/sensor.ts';

const cache = mkdtempSync(join(tmpdir(), 'vigil-bpf-'));
after(() => rmSync(cache, { recursive: true, force: true }));

describe('buildBpfObject', () => {
  it('compiles the sensor once into the cache and reuses it', () => {
    const object = buildBpfObject(cache);
    assert.match(object, /process-[0-9a-f]{16}\.bpf\.o$/);
    const built = statSync(object);
    assert.ok(built.size > 0);
    assert.equal(buildBpfObject(cache), object);
    assert.equal(statSync(object).mtimeMs, built.mtimeMs, 'not rebuilt');
    assert.deepEqual(readdirSync(cache), [object.split('/').pop()], 'no build leftovers');
  });

  it('says clearly when clang is missing', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.throws(() => buildBpfObject(join(cache, 'fresh')), (err: Error) => err instanceof SensorUnavailable && /clang is not installed/.test(err.message));
    } finally {
      process.env.PATH = path;
    }
  });
});
