import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProperties } from '../../../src/catalog/java/properties.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const poms = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/java/testdata/pom');
const read = (name: string) => parseProperties(readFileSync(join(poms, name), 'utf8'));

test("Maven's pom.properties with comments and padded values", () => {
  const p = read('small.pom.properties');
  assert.deepEqual([...p], [
    ['groupId', 'org.anchore'],
    ['artifactId', 'example-java-app-maven'],
    ['version', '0.1.0'],
  ]);
});

test('colon and equals separators: only the first one separates', () => {
  assert.equal(read('colon-delimited.pom.properties').get('version'), '0.1.0');
  assert.equal(read('colon-delimited-with-equals.pom.properties').get('artifactId'), 'example-java=app-maven');
  assert.equal(read('equals-delimited-with-colons.pom.properties').get('version'), '0.1.0:something');
  assert.equal(read('extra.pom.properties').get('sweet'), 'work');
});

test('continuation lines, escapes, whitespace separators and ! comments', () => {
  const p = parseProperties('! comment\nkey\\ with\\ space = a\\\n    b\\\\\nunicode=\\u0041\\tz\nspaced value here\nlast=x\\');
  assert.equal(p.get('key with space'), 'ab\\');
  assert.equal(p.get('unicode'), 'A\tz');
  assert.equal(p.get('spaced'), 'value here');
  assert.equal(p.get('last'), 'x');
  assert.equal(p.size, 4);
});
