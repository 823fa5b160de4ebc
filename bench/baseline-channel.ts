// Baseline accuracy: how well Opsdesk reproduces a hand-categorised Table 2 from a chat export.
//
// Trains the naive Bayes model on the committed training set (its own seed, no sentence of the
// channel, a fifth of the phrasing templates held out) and analyses the committed synthetic
// channel (src/server/modules/baseline/fixtures/chat-export.csv: 219 requests, Dec 2022 –
// Jun 2023), comparing with its ground truth:
// - request-type accuracy: the classifier on each true request message (target ≥ 90 %), split
//   into phrasings from templates seen in training and templates never seen;
// - request detection: precision and recall of the recognised request messages (by message);
// - answer pairing: share of correctly detected requests whose final answer is the true one
//   (an unanswered request must be found unanswered); also with the true request types given
//   (an oracle), which measures the conversation heuristics alone;
// - Table 2 computed next to the truth's, and the time the analysis takes.
// The heuristics were developed looking at the committed channel, so the same figures are also
// given for a fresh channel generated with another seed (training set filtered against it too).
// Last, the review loop: a reviewer corrects the requests recognised in the committed channel
// (wrong type, or not a request), the corrections are added to the model, and the fresh channel
// is analysed again: do one export's corrections help on the next?
// Scale: a channel ten times as busy (about 12 000 messages), timed end to end (read + analyse).
// Run: npx tsx bench/baseline-accuracy.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyseChatExport,
  type BaselineRow,
  formatDuration,
} from '../src/server/modules/baseline/baseline.js';
import { readChatExport } from '../src/server/modules/baseline/chatExport.js';
import { type ClassifierConfig, createClassifier } from '../src/server/modules/baseline/classifier.js';
import { pairRequests } from '../src/server/modules/baseline/conversations.js';
import {
  buildChannelFiles,
  type ChannelTruth,
  fixtureChannelOptions,
} from '../src/server/modules/baseline/fixtures/files.js';
import { addExamples, type TrainingExample, trainModel } from '../src/server/modules/baseline/naiveBayes.js';

const folder = join(import.meta.dirname, '../src/server/modules/baseline/fixtures');
const committed = {
  csv: readFileSync(join(folder, 'chat-export.csv'), 'utf8'),
  truth: JSON.parse(readFileSync(join(folder, 'chat-export.truth.json'), 'utf8')) as ChannelTruth,
};
const training: TrainingExample[] = JSON.parse(readFileSync(join(folder, 'training.json'), 'utf8')).examples;
const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)} %`;

function evaluate(
  title: string,
  csv: string,
  truth: ChannelTruth,
  examples: TrainingExample[],
  showTable: boolean,
) {
  const started = performance.now();
  const model = trainModel(examples);
  console.log(`# ${title}`);
  console.log(`Channel: ${truth.messageCount} messages, ${truth.requests.length} true requests`);
  console.log(
    `Training: ${examples.length} examples, trained in ${(performance.now() - started).toFixed(0)} ms\n`,
  );
  const base = { supportTeam: truth.supportTeam, timeZone: truth.timeZone };
  const configurations: [string, ClassifierConfig][] = [
    ['rules only', {}],
    ['model only', { model, rules: { types: {} } }],
    ['rules first, then model', { model, order: 'rules-first' }],
    ['model first, then rules (default)', { model }],
  ];
  const trueByIndex = new Map(truth.requests.map((r) => [r.index, r]));
  for (const [name, classifier] of configurations) {
    const { classify } = createClassifier(classifier);
    const typed = (requests: typeof truth.requests) =>
      requests.filter((r) => classify(r.text).type === r.type).length;
    const seen = truth.requests.filter((r) => !r.heldOut);
    const heldOut = truth.requests.filter((r) => r.heldOut);
    const t0 = performance.now();
    const analysis = analyseChatExport(csv, { ...base, classifier });
    const analyseMs = performance.now() - t0;
    const detected = analysis.requests.filter((r) => trueByIndex.has(r.index));
    const paired = detected.filter(
      (r) => (r.answer?.index ?? null) === trueByIndex.get(r.index)!.finalAnswerIndex,
    );
    const typedRight = detected.filter((r) => r.type === trueByIndex.get(r.index)!.type);
    console.log(`== ${name}`);
    console.log(
      `  request-type accuracy (true requests): ${percent(typed(truth.requests), truth.requests.length)}`,
    );
    console.log(
      `    seen templates ${percent(typed(seen), seen.length)} (${seen.length}), ` +
        `held-out templates ${percent(typed(heldOut), heldOut.length)} (${heldOut.length})`,
    );
    console.log(
      `  detection: precision ${percent(detected.length, analysis.requests.length)} ` +
        `(${detected.length}/${analysis.requests.length}), recall ${percent(detected.length, truth.requests.length)}`,
    );
    console.log(`  type of detected requests right: ${percent(typedRight.length, detected.length)}`);
    console.log(`  answer pairing right (detected requests): ${percent(paired.length, detected.length)}`);
    console.log(`  analysis took ${analyseMs.toFixed(0)} ms`);
    if (showTable && name.endsWith('(default)')) printTable(analysis.table, truth);
  }
  // The conversation heuristics alone: requesters' messages get their true type (support
  // messages, which serve as evidence of a type, go through the default rules).
  const { topic } = createClassifier({ model });
  const oracle = pairRequests(
    readChatExport(csv, base).messages,
    {
      classify: (message) => ({
        type: trueByIndex.get(message.index)?.type ?? null,
        confidence: 1,
        via: 'rule',
      }),
      topic: (message) => topic(message.text),
    },
    base,
  );
  const right = oracle.requests.filter(
    (r) => (r.finalAnswer?.index ?? null) === trueByIndex.get(r.message.index)?.finalAnswerIndex,
  );
  console.log(
    `\nAnswer pairing with the true request types given: ${percent(right.length, truth.requests.length)}\n`,
  );
}

function printTable(table: BaselineRow[], truth: ChannelTruth): void {
  const cell = (count: number, seconds: number | null, unanswered: number) =>
    `${String(count).padStart(5)}  ${(seconds === null ? '-' : formatDuration(seconds)).padStart(9)}  ${String(unanswered).padStart(10)}`;
  console.log('\n  Table 2                     computed                      | truth');
  console.log('  type                        count    average  unanswered | count    average  unanswered');
  for (const row of table) {
    const expected = truth.table.find((t) => t.type === row.type)!;
    console.log(
      `  ${row.type.padEnd(26)}${cell(row.count, row.averageResolutionSeconds, row.unanswered)} | ` +
        cell(expected.count, expected.averageResolutionSeconds, expected.unanswered),
    );
  }
  console.log('');
}

evaluate('Committed fixture channel', committed.csv, committed.truth, training, true);

const fresh = buildChannelFiles({ ...fixtureChannelOptions, seed: 4242 });
const freshTexts = new Set(fresh.texts.map((text) => text.trim().toLowerCase()));
const freshTraining = training.filter((example) => !freshTexts.has(example.text.trim().toLowerCase()));
evaluate(
  'Fresh channel (seed 4242), not looked at while tuning',
  fresh.csv,
  fresh.truth,
  freshTraining,
  true,
);

const model = trainModel(training);
const reviewed = analyseChatExport(committed.csv, {
  supportTeam: committed.truth.supportTeam,
  classifier: { model },
});
const truthByIndex = new Map(committed.truth.requests.map((r) => [r.index, r]));
const corrections: TrainingExample[] = reviewed.requests.flatMap((request) => {
  const label = truthByIndex.get(request.index)?.type ?? null;
  return label === request.type ? [] : [{ text: request.text, label }];
});
const freshModel = trainModel(freshTraining);
const before = detection(freshModel);
const after = detection(addExamples(freshModel, corrections));
console.log(
  `# Review loop: ${corrections.length} corrections from the committed channel, applied to the fresh one`,
);
console.log(`  before: ${before}`);
console.log(`  after:  ${after}`);

function detection(trained: ReturnType<typeof trainModel>): string {
  const analysis = analyseChatExport(fresh.csv, {
    supportTeam: fresh.truth.supportTeam,
    classifier: { model: trained },
  });
  const truth = new Map(fresh.truth.requests.map((r) => [r.index, r]));
  const hits = analysis.requests.filter((r) => truth.has(r.index));
  const typed = hits.filter((r) => truth.get(r.index)!.type === r.type);
  return (
    `precision ${percent(hits.length, analysis.requests.length)}, recall ${percent(hits.length, truth.size)}, ` +
    `right type ${percent(typed.length, hits.length)}`
  );
}

const busy = buildChannelFiles({
  ...fixtureChannelOptions,
  seed: 99,
  requests: scaled(fixtureChannelOptions.requests),
  unanswered: scaled(fixtureChannelOptions.unanswered),
  noise: scaled(fixtureChannelOptions.noise),
});
const busyStart = performance.now();
const busyAnalysis = analyseChatExport(busy.csv, {
  supportTeam: busy.truth.supportTeam,
  classifier: { model },
});
const busyMs = performance.now() - busyStart;
console.log(
  `\n# Scale: ${busyAnalysis.messageCount} messages (${(busy.csv.length / 1e6).toFixed(1)} MB) analysed in ` +
    `${busyMs.toFixed(0)} ms, ${Math.round(busyAnalysis.messageCount / (busyMs / 1000))} messages/s`,
);

function scaled<T extends Record<string, number>>(counts: T): T {
  return Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, count * 10])) as T;
}
