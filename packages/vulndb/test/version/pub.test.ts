import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pubComparator as pub } from '../../src/version/pub.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('pub', pub);

test('build metadata takes part in the order', () => {
  const ordered = ['1.0.0-dev', '1.0.0-dev+1', '1.0.0', '1.0.0+1', '1.0.0+2', '1.0.0+hotfix', '1.0.1'];
  for (let i = 1; i < ordered.length; i++) {
    assert.ok(pub.compare(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
  }
});
