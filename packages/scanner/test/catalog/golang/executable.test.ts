import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inFile, openExecutable, readAddress } from '../../../src/catalog/golang/executable.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { BASE_ADDR, syntheticElf } from './synthetic-elf.ts';

const scalibrBinaries = join(
  unpackedCorpus('fixtures/scalibr.tar.gz'),
  'scalibr/extractor/filesystem/language/golang/gobinary/testdata',
);

test('dispatches on the magic number', () => {
  assert.equal(openExecutable(readFileSync('/bin/ls'))?.format, 'elf');
  assert.equal(openExecutable(readFileSync(join(scalibrBinaries, 'binary_with_module_replacement-windows-386')))?.format, 'pe');
  assert.equal(openExecutable(Buffer.from('#!/bin/sh\n'.repeat(10))), undefined);
  assert.equal(openExecutable(Buffer.from('\x7fELF')), undefined, 'too short for any header');
});

test('a header pointing past the end of the file is "not an executable", not an exception', () => {
  const elf = syntheticElf({ is64: true, littleEndian: true, goVersion: 'go1.16', modinfo: '' });
  elf.writeBigUInt64LE(0xffffffn, 0x20); // e_phoff far beyond the file
  assert.equal(openExecutable(elf), undefined);
  const pe = readFileSync(join(scalibrBinaries, 'binary_with_module_replacement-windows-386')).subarray(0, 200);
  assert.equal(openExecutable(pe), undefined);
});

test('readAddress maps virtual addresses through one mapping and refuses straddles', () => {
  const buf = Buffer.from('0123456789');
  const exe = { format: 'elf' as const, dataRanges: [], mappings: [{ addr: BASE_ADDR, offset: 2, size: 6 }] };
  assert.equal(readAddress(buf, exe, BASE_ADDR + 1, 3)?.toString(), '345');
  assert.equal(readAddress(buf, exe, BASE_ADDR + 4, 3), undefined);
  assert.equal(readAddress(buf, exe, BASE_ADDR - 1, 1), undefined);
});

test('inFile clips ranges to the file', () => {
  const buf = Buffer.alloc(100);
  assert.deepEqual(inFile(buf, { offset: 90, size: 50 }), [{ offset: 90, size: 10 }]);
  assert.deepEqual(inFile(buf, { offset: 100, size: 5 }), []);
  assert.deepEqual(inFile(buf, { offset: 0, size: 0 }), []);
});
