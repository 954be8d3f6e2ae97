import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseMachO } from '../../../src/catalog/golang/macho.ts';
import { readBuildInfo } from '../../../src/catalog/golang/buildinfo.ts';
import { goBuild, helloModule, localGoVersion } from './go-toolchain.ts';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const skip = !localGoVersion && 'go toolchain not installed';

test('Mach-O 64 (darwin/amd64, darwin/arm64): the __go_buildinfo section', { skip }, () => {
  for (const arch of ['amd64', 'arm64']) {
    const buf = readFileSync(goBuild(helloModule(), { GOOS: 'darwin', GOARCH: arch }));
    const macho = parseMachO(buf);
    assert.ok(macho, arch);
    assert.equal(macho.dataRanges.length, 1);
    assert.equal(buf.indexOf(MAGIC, macho.dataRanges[0].offset), macho.dataRanges[0].offset);
    assert.ok(macho.mappings.some((m) => m.offset === 0 && m.size > 0), 'the __TEXT segment maps the header');
  }
});

test('a universal (fat) file is read through its slice', { skip }, () => {
  const thin = readFileSync(goBuild(helloModule(), { GOOS: 'darwin', GOARCH: 'amd64' }));
  const header = Buffer.alloc(4096);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(1, 4);
  header.writeUInt32BE(0x01000007, 8); // CPU_TYPE_X86_64
  header.writeUInt32BE(header.length, 16);
  header.writeUInt32BE(thin.length, 20);
  header.writeUInt32BE(12, 24);
  const fat = Buffer.concat([header, thin]);
  assert.equal(parseMachO(fat)?.dataRanges[0].offset, (parseMachO(thin)?.dataRanges[0].offset ?? 0) + header.length);
  assert.equal(readBuildInfo(fat)?.goVersion, localGoVersion);
});

test('a Java class file (same magic as a fat header) is not taken for Mach-O', () => {
  const cls = Buffer.alloc(64);
  cls.writeUInt32BE(0xcafebabe, 0);
  cls.writeUInt16BE(0, 4);
  cls.writeUInt16BE(61, 6); // class file version 61 (Java 17)
  assert.equal(parseMachO(cls), undefined);
});

test('other magics are not Mach-O', () => {
  assert.equal(parseMachO(Buffer.alloc(64)), undefined);
});
