import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBuildInfo } from '../../../src/catalog/golang/buildinfo.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { syntheticElf } from './synthetic-elf.ts';

const scalibrBinaries = join(
  unpackedCorpus('fixtures/scalibr.tar.gz'),
  'scalibr/extractor/filesystem/language/golang/gobinary/testdata',
);
const MODINFO = 'path\texample.com/cmd\nmod\texample.com/cmd\tv1.0.0\t\ndep\tgolang.org/x/text\tv0.3.6\th1:abc=\n';

for (const name of ['linux-386', 'linux-amd64', 'linux-arm64', 'windows-386', 'windows-arm64']) {
  test(`inline build info of a real Go 1.22 binary (${name})`, () => {
    const info = readBuildInfo(readFileSync(join(scalibrBinaries, `binary_with_module_replacement-${name}`)));
    assert.equal(info?.goVersion, 'go1.22.0');
    assert.match(info.modinfo, /^path\tbinary_with_module_replacement\nmod\tbinary_with_module_replacement\t\(devel\)\t\n/);
    assert.match(info.modinfo, /\ndep\tgolang\.org\/x\/xerrors\tv0\.0\.0-20220907171357-04be3eba64a2\n=>\tgithub\.com\/golang\/xerrors\t/);
  });
}

for (const is64 of [false, true]) {
  for (const littleEndian of [true, false]) {
    const shape = `${is64 ? 64 : 32}-bit ${littleEndian ? 'little' : 'big'}-endian`;
    test(`pointer-based build info (Go 1.13–1.17) in a ${shape} ELF`, () => {
      const info = readBuildInfo(syntheticElf({ is64, littleEndian, goVersion: 'go1.16.15', modinfo: MODINFO }));
      assert.deepEqual(info, { goVersion: 'go1.16.15', modinfo: MODINFO });
    });
    test(`inline build info in a ${shape} ELF`, () => {
      const info = readBuildInfo(syntheticElf({ is64, littleEndian, goVersion: 'go1.20.1', modinfo: MODINFO, inline: true }));
      assert.deepEqual(info, { goVersion: 'go1.20.1', modinfo: MODINFO });
    });
  }
}

test('build info in a section-less ELF is found in its writable segment', () => {
  const info = readBuildInfo(syntheticElf({ is64: true, littleEndian: true, goVersion: 'go1.17', modinfo: MODINFO, noSections: true }));
  assert.equal(info?.goVersion, 'go1.17');
});

test('a GOPATH-mode binary has a toolchain version and no modinfo', () => {
  const info = readBuildInfo(syntheticElf({ is64: true, littleEndian: true, goVersion: 'go1.15', modinfo: 'no trailing sentinel newline' }));
  assert.deepEqual(info, { goVersion: 'go1.15', modinfo: '' });
});

test('the magic outside the build-info section (a string constant in code) is ignored', () => {
  const buf = syntheticElf({ is64: true, littleEndian: true, goVersion: 'go1.16', modinfo: MODINFO, sectionName: '.rodata' });
  assert.equal(readBuildInfo(buf), undefined);
});

test('pointers that lead outside the file yield nothing', () => {
  const buf = syntheticElf({ is64: true, littleEndian: true, goVersion: 'go1.16', modinfo: MODINFO });
  buf.writeBigUInt64LE(0xdead0000n, 0x100 + 16);
  assert.equal(readBuildInfo(buf), undefined);
});

test('non-Go and truncated files yield nothing', () => {
  assert.equal(readBuildInfo(readFileSync('/bin/ls')), undefined);
  assert.equal(readBuildInfo(readFileSync(join(scalibrBinaries, 'dummy'))), undefined);
  assert.equal(readBuildInfo(Buffer.from('#!/bin/sh\necho hello\n'.repeat(10))), undefined);
  const amd64 = readFileSync(join(scalibrBinaries, 'binary_with_module_replacement-linux-amd64'));
  assert.equal(readBuildInfo(amd64.subarray(0, 4096)), undefined);
});
