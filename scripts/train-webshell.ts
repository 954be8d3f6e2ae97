/**
 * Train the webshell model on the development half of HzieeC/WebshellDetectDataset.
 *
 *   node --import tsx scripts/train-webshell.ts [--without-vocabulary | --vocabulary-l2 N] [--write]
 *
 * Prints 5-fold cross-validated recall and false-positive rate per language, then, with --write,
 * fits on the whole development half and writes packages/malware/src/webshell/model/weights.json.
 * Folds are drawn by near-duplicate group (model/groups.ts), so no variant of a test file is
 * trained on; thresholds are chosen on out-of-fold scores. --without-vocabulary leaves out the
 * per-name and per-word features (`name:`, `word:`), keeping only behaviour features;
 * --vocabulary-l2 N keeps them but penalises their weights N times as hard (default 1).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures } from '../packages/malware/src/webshell/analyze.ts';
import { detectLanguage } from '../packages/malware/src/webshell/language.ts';
import type { LanguageModel, WebshellModel } from '../packages/malware/src/webshell/model.ts';
import type { FeatureValue } from '../packages/malware/src/webshell/types.ts';
import { bucketOf, datasetLanguages, readDataset, type DatasetLanguage } from '../packages/malware/src/webshell/model/dataset.ts';
import { nearDuplicateGroups } from '../packages/malware/src/webshell/model/groups.ts';
import { fitLogistic, logit, thresholdFor, type Dataset, type Fit, type SparseRow } from '../packages/malware/src/webshell/model/logistic.ts';
import { unpackedCorpus } from '../packages/schema/test-support/corpora.ts';

const folds = 5;
/** Target false-positive rate when choosing thresholds: half the 0.1 % budget, as margin for unseen data (see thresholdFor). */
const targetFpr = 0.0005;
/** A name must occur in files of this many near-duplicate groups to become a feature: rarer ones would only memorise samples. */
const minDocumentFrequency = 5;
/** Weights smaller than this are dropped from the shipped model. */
const minWeight = 0.01;
const fitOptions = { l2: 3e-4, epochs: 300, learningRate: 0.05 };

/** Per-name and per-word features: vocabularies that may describe the samples rather than shells. */
const vocabularyFeature = /^(name|word):/;
const withVocabulary = !process.argv.includes('--without-vocabulary');
const l2At = process.argv.indexOf('--vocabulary-l2');
const vocabularyL2 = l2At < 0 ? 1 : Number(process.argv[l2At + 1]);
if (!(vocabularyL2 > 0)) throw new Error('--vocabulary-l2: expected a positive number');

interface Row {
  path: string;
  /** Near-duplicate group: the unit folds are drawn by. */
  group: string;
  language: DatasetLanguage;
  label: 0 | 1;
  features: FeatureValue[];
}

const root = join(unpackedCorpus('webshells/hzieec-dev.tar.gz'), 'hzieec-dev');
const started = Date.now();
const samples = readDataset(root);
const groups = nearDuplicateGroups(samples.map((s) => ({ id: s.path, text: s.content.toString('latin1') })));
const rows: Row[] = samples.map((s, i) => {
  const source = s.content.toString('latin1');
  const language = detectLanguage(s.path.replace(/^.*\//, ''), source) ?? s.language;
  const features = extractFeatures(source, language).filter((f) => withVocabulary || !vocabularyFeature.test(f.id));
  return { path: s.path, group: groups[i]!, language: s.language, label: s.malicious ? 1 : 0, features };
});
console.log(`features of ${rows.length} files (${new Set(groups).size} near-duplicate groups${withVocabulary ? '' : ', vocabulary features left out'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

/** Feature index over `rs`: every feature present in files of enough groups (label-blind). */
function vocabulary(rs: Row[]): Map<string, number> {
  const groupsOf = new Map<string, Set<string>>();
  for (const r of rs) for (const f of r.features) {
    let g = groupsOf.get(f.id);
    if (!g) groupsOf.set(f.id, (g = new Set()));
    g.add(r.group);
  }
  const ids = [...groupsOf].filter(([, g]) => g.size >= minDocumentFrequency).map(([id]) => id).sort();
  return new Map(ids.map((id, i) => [id, i]));
}

function sparse(r: Row, vocab: Map<string, number>): SparseRow {
  const idx: number[] = [];
  const val: number[] = [];
  for (const f of r.features) {
    const j = vocab.get(f.id);
    if (j !== undefined && f.value !== 0) { idx.push(j); val.push(f.value); }
  }
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}

function fit(rs: Row[], vocab: Map<string, number>): Fit {
  const data: Dataset = { rows: rs.map((r) => sparse(r, vocab)), labels: Uint8Array.from(rs.map((r) => r.label)), dimensions: vocab.size };
  const l2Scale = new Float64Array(vocab.size).fill(1);
  for (const [id, j] of vocab) if (vocabularyFeature.test(id)) l2Scale[j] = vocabularyL2;
  return fitLogistic(data, { ...fitOptions, l2Scale });
}

function toModel(f: Fit, vocab: Map<string, number>, threshold: number): LanguageModel {
  const weights: Record<string, number> = {};
  for (const [id, j] of vocab) {
    const w = f.weights[j]!;
    if (Math.abs(w) >= minWeight) weights[id] = Math.round(w * 1e3) / 1e3;
  }
  return { bias: Math.round(f.bias * 1e3) / 1e3, weights, threshold: Math.round(threshold * 1e3) / 1e3 };
}

/** Out-of-fold log-odds for `rs`, each scored by a model that never saw its fold. */
function outOfFold(rs: Row[], vocab: Map<string, number>): number[] {
  const scores = new Array<number>(rs.length);
  for (let k = 0; k < folds; k++) {
    const f = fit(rs.filter((r) => bucketOf(r.group, folds) !== k), vocab);
    rs.forEach((r, i) => {
      if (bucketOf(r.group, folds) === k) scores[i] = logit(f, sparse(r, vocab));
    });
  }
  return scores;
}

function train(rs: Row[], name: string): LanguageModel {
  const vocab = vocabulary(rs);
  const scores = outOfFold(rs, vocab);
  const negatives = scores.filter((_, i) => rs[i]!.label === 0);
  const threshold = thresholdFor(negatives, targetFpr);
  const tp = scores.filter((s, i) => rs[i]!.label === 1 && s >= threshold).length;
  const fp = negatives.filter((s) => s >= threshold).length;
  const pos = rs.length - negatives.length;
  const at1 = thresholdFor(negatives, 0.001);
  const tp1 = scores.filter((s, i) => rs[i]!.label === 1 && s >= at1).length;
  console.log(`${name}: ${vocab.size} features; CV recall ${((100 * tp) / pos).toFixed(2)} % (${tp}/${pos}) at FPR ${((100 * fp) / negatives.length).toFixed(3)} % (${fp}/${negatives.length}); recall at 0.1 % FPR ${((100 * tp1) / pos).toFixed(2)} %`);
  return toModel(fit(rs, vocab), vocab, threshold);
}

const models: Partial<Record<DatasetLanguage, LanguageModel>> = {};
for (const language of datasetLanguages) models[language] = train(rows.filter((r) => r.language === language), language);
const generic = train(rows, 'pooled');

if (process.argv.includes('--write')) {
  const model: WebshellModel = {
    trainedOn: `HzieeC/WebshellDetectDataset development half (${rows.length} files${withVocabulary ? (vocabularyL2 === 1 ? '' : `, vocabulary L2 ×${vocabularyL2}`) : ', behaviour features only'}); thresholds from ${folds}-fold CV by near-duplicate group at ${targetFpr * 100} % FPR`,
    models: { ...models, generic },
  };
  const out = join(import.meta.dirname, '../packages/malware/src/webshell/model/weights.json');
  writeFileSync(out, JSON.stringify(model) + '\n');
  console.log(`wrote ${out}`);
}
