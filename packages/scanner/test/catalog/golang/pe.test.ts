import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePe } from '../../../src/catalog/golang/pe.ts';
import { readAddress } from '../../../src/catalog/golang/executable.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const scalibrBinaries = join(
  unpackedCorpus('fixtures/scalibr.tar.gz'),
  'scalibr/extractor/filesystem/language/golang/gobinary/testdata',
);
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

for (const [arch, imageBase] of [['386', 0x400000], ['arm64', 0x100000000]] as const) {
  test(`PE${arch === 'arm64' ? '32+' : '32'} (windows/${arch}): .data first, sections mapped at image base`, () => {
    const buf = readFileSync(join(scalibrBinaries, `binary_with_module_replacement-windows-${arch}`));
    const pe = parsePe(buf);
    assert.ok(pe);
    assert.equal(buf.indexOf(MAGIC, pe.dataRanges[0].offset), pe.dataRanges[0].offset);
    assert.ok(pe.mappings.every((m) => m.addr >= imageBase));
    const text = pe.mappings[0];
    assert.deepEqual(readAddress(buf, pe, text.addr, 16), buf.subarray(text.offset, text.offset + 16));
  });
}

test('an MZ file without a PE header is not parsed', () => {
  const dos = Buffer.alloc(256);
  dos.write('MZ', 0, 'latin1');
  dos.writeUInt32LE(0x80, 0x3c);
  assert.equal(parsePe(dos), undefined);
});
