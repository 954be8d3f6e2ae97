import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseElf } from '../../../src/catalog/golang/elf.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { BASE_ADDR, syntheticElf } from './synthetic-elf.ts';
import { goBuild, helloModule, localGoVersion } from './go-toolchain.ts';

const scalibrBinaries = join(
  unpackedCorpus('fixtures/scalibr.tar.gz'),
  'scalibr/extractor/filesystem/language/golang/gobinary/testdata',
);
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

for (const is64 of [false, true]) {
  for (const littleEndian of [true, false]) {
    test(`finds .go.buildinfo in a ${is64 ? 64 : 32}-bit ${littleEndian ? 'little' : 'big'}-endian ELF`, () => {
      const elf = parseElf(syntheticElf({ is64, littleEndian, goVersion: 'go1.16', modinfo: 'path\tx\n' }));
      assert.ok(elf);
      assert.equal(elf.dataRanges[0].offset, 0x100);
      assert.deepEqual(elf.mappings.map((m) => m.addr), [BASE_ADDR]);
    });
  }
}

test('a real 32-bit Go ELF (linux/386) has its build info where the section table says', () => {
  const buf = readFileSync(join(scalibrBinaries, 'binary_with_module_replacement-linux-386'));
  const elf = parseElf(buf);
  assert.ok(elf);
  assert.equal(elf.dataRanges.length, 1);
  assert.equal(buf.indexOf(MAGIC, elf.dataRanges[0].offset), elf.dataRanges[0].offset);
});

test('a real big-endian 32-bit Go ELF (linux/mips)', { skip: !localGoVersion && 'go toolchain not installed' }, () => {
  const buf = readFileSync(goBuild(helloModule(), { GOOS: 'linux', GOARCH: 'mips' }));
  const elf = parseElf(buf);
  assert.ok(elf);
  assert.equal(buf.indexOf(MAGIC, elf.dataRanges[0].offset), elf.dataRanges[0].offset);
});

test('without a section table the writable load segments are searched', () => {
  const elf = parseElf(syntheticElf({ is64: true, littleEndian: true, goVersion: 'go1.16', modinfo: '', noSections: true }));
  assert.ok(elf);
  assert.deepEqual(elf.dataRanges, [{ offset: 0, size: elf.mappings[0].size }]);
});

test('an ELF with sections but no .go.buildinfo offers nothing to search', () => {
  const ls = parseElf(readFileSync('/bin/ls'));
  assert.ok(ls);
  assert.deepEqual(ls.dataRanges, []);
  assert.ok(ls.mappings.length > 0);
  const other = parseElf(syntheticElf({ is64: false, littleEndian: true, goVersion: 'go1.16', modinfo: '', sectionName: '.go.buildinfx' }));
  assert.deepEqual(other?.dataRanges, []);
});

test('an unknown ELF class or byte order is not parsed', () => {
  const buf = syntheticElf({ is64: true, littleEndian: true, goVersion: 'go1.16', modinfo: '' });
  buf[4] = 3;
  assert.equal(parseElf(buf), undefined);
  buf[4] = 2;
  buf[5] = 0;
  assert.equal(parseElf(buf), undefined);
});
