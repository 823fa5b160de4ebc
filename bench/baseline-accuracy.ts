// Baseline accuracy on the labelled corpus of synthetic channels
// (src/server/modules/baseline/fixtures/corpus): 60 tuning channels and 60 HELD-OUT channels
// (other seeds, and a quarter of the phrasings — requests and answers — that only held-out
// channels use). Each channel is analysed as an import would (default rules + the bundled
// model, support team as labelled) and compared with its labels:
// - per request type: precision and recall of the recognised requests (message and type right);
// - per channel: every type's count exact, every type's unanswered count exact, every type's
//   average resolution within 5 % of the truth (both "no answered request" counts as right);
// - answer pairing: share of truly recognised requests paired with their true answer;
// - support team inference: share of channels where the inferred team is the labelled one.
// Figures that count are the held-out ones; `--show <seed>` prints a TUNING channel's mistakes
// (held-out channels cannot be shown: nobody tunes on them). `--json` prints the figures as JSON.
// Run: npx tsx bench/baseline-accuracy.ts [--json] [--show 1003]
import { analyseChatExport, type BaselineAnalysis } from '../src/server/modules/baseline/baseline.js';
import { bundledTrainingSet } from '../src/server/modules/baseline/baseline.model.js';
import { readChatExport } from '../src/server/modules/baseline/chatExport.js';
import { createClassifier } from '../src/server/modules/baseline/classifier.js';
import { pairRequests } from '../src/server/modules/baseline/conversations.js';
import {
  type CorpusChannel,
  corpusChannels,
  corpusSplit,
  generateCorpusChannel,
} from '../src/server/modules/baseline/fixtures/corpus/channel.js';
import { trainModel } from '../src/server/modules/baseline/naiveBayes.js';
import { type RequestTypeKey, requestTypeKeys } from '../src/server/modules/baseline/requestTypes.js';
import { inferSupportFromCsv } from '../src/server/modules/baseline/supportTeam.js';

const args = process.argv.slice(2);
const model = trainModel(bundledTrainingSet());

interface Figures {
  channels: number;
  requests: number;
  perType: Record<RequestTypeKey, { precision: number; recall: number; truth: number; found: number }>;
  countExact: number;
  unansweredExact: number;
  averageWithin5: number;
  pairingRight: number;
  /** Pairing alone: every request's true type given (support messages' topics by the rules). */
  oraclePairingRight: number;
  supportInferred: number;
}

function analyse(channel: CorpusChannel, support?: string[]): BaselineAnalysis {
  return analyseChatExport(channel.csv, {
    supportTeam: { names: support ?? channel.truth.supportTeam },
    classifier: { model },
  });
}

function within5(computed: number | null, truth: number | null): boolean {
  if (computed === null || truth === null) return computed === truth;
  return Math.abs(computed - truth) <= 0.05 * truth;
}

function evaluate(channels: CorpusChannel[]): Figures {
  const tally = Object.fromEntries(requestTypeKeys.map((t) => [t, { tp: 0, truth: 0, found: 0 }])) as Record<
    RequestTypeKey,
    { tp: number; truth: number; found: number }
  >;
  let countExact = 0;
  let unansweredExact = 0;
  let averageWithin5 = 0;
  let paired = 0;
  let detected = 0;
  let requests = 0;
  let supportInferred = 0;
  let oracleRight = 0;
  for (const channel of channels) {
    oracleRight += oraclePairing(channel);
    const { truth } = channel;
    const analysis = analyse(channel);
    const byIndex = new Map(truth.requests.map((r) => [r.index, r]));
    requests += truth.requests.length;
    for (const r of truth.requests) tally[r.type].truth++;
    for (const found of analysis.requests) {
      tally[found.type].found++;
      const real = byIndex.get(found.index);
      if (real?.type === found.type) tally[found.type].tp++;
      if (real) {
        detected++;
        if ((found.answer?.index ?? null) === real.answerIndex) paired++;
      }
    }
    const rows = truth.table.map((t) => ({ t, c: analysis.table.find((row) => row.type === t.type)! }));
    if (rows.every(({ t, c }) => t.count === c.count)) countExact++;
    if (rows.every(({ t, c }) => t.unanswered === c.unanswered)) unansweredExact++;
    if (rows.every(({ t, c }) => within5(c.averageResolutionSeconds, t.averageResolutionSeconds)))
      averageWithin5++;
    const inferred = inferSupport(channel);
    if (sameSet(inferred, truth.supportTeam)) supportInferred++;
  }
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    channels: channels.length,
    requests,
    perType: Object.fromEntries(
      requestTypeKeys.map((t) => [
        t,
        {
          precision: share(tally[t].tp, tally[t].found),
          recall: share(tally[t].tp, tally[t].truth),
          truth: tally[t].truth,
          found: tally[t].found,
        },
      ]),
    ) as Figures['perType'],
    countExact: share(countExact, channels.length),
    unansweredExact: share(unansweredExact, channels.length),
    averageWithin5: share(averageWithin5, channels.length),
    pairingRight: share(paired, detected),
    oraclePairingRight: share(oracleRight, requests),
    supportInferred: share(supportInferred, channels.length),
  };
}

function oraclePairing(channel: CorpusChannel): number {
  const byIndex = new Map(channel.truth.requests.map((r) => [r.index, r]));
  const { topic } = createClassifier({ model });
  const { requests } = pairRequests(
    readChatExport(channel.csv).messages,
    {
      classify: (message) => ({ type: byIndex.get(message.index)?.type ?? null, confidence: 1, via: 'rule' }),
      topic: (message) => topic(message.text),
    },
    { supportTeam: { names: channel.truth.supportTeam } },
  );
  return requests.filter((r) => (r.finalAnswer?.index ?? null) === byIndex.get(r.message.index)?.answerIndex)
    .length;
}

function inferSupport(channel: CorpusChannel): string[] {
  return inferSupportFromCsv(channel.csv, { classifier: { model } }).names;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name));
}

const pct = (value: number) => `${(100 * value).toFixed(1)} %`;

function print(title: string, f: Figures): void {
  console.log(`# ${title}: ${f.channels} channels, ${f.requests} requests`);
  for (const t of requestTypeKeys) {
    const p = f.perType[t];
    console.log(
      `  ${t.padEnd(28)} precision ${pct(p.precision).padStart(7)}  recall ${pct(p.recall).padStart(7)}  (${p.found} found, ${p.truth} true)`,
    );
  }
  console.log(`  channels with every type's count exact:        ${pct(f.countExact)}  (target ≥ 95 %)`);
  console.log(`  channels with every type's unanswered exact:   ${pct(f.unansweredExact)}  (target ≥ 90 %)`);
  console.log(`  channels with every average within 5 %:        ${pct(f.averageWithin5)}  (target ≥ 90 %)`);
  console.log(`  recognised requests paired with the true answer: ${pct(f.pairingRight)}`);
  console.log(`  pairing alone (true request types given):       ${pct(f.oraclePairingRight)}`);
  console.log(`  support team inferred exactly:                 ${pct(f.supportInferred)}`);
}

function show(seed: number): void {
  if (!(corpusSplit.tuning as readonly number[]).includes(seed)) {
    console.error(
      `--show takes a tuning seed (${corpusSplit.tuning[0]}–${corpusSplit.tuning.at(-1)}): held-out channels are not for looking at`,
    );
    process.exit(2);
  }
  const channel = generateCorpusChannel(seed, 'tuning');
  const analysis = analyse(channel);
  console.log(`oracle pairing: ${oraclePairing(channel)} of ${channel.truth.requests.length}`);
  console.log(`seed ${seed}, style ${channel.truth.style}, support ${channel.truth.supportTeam.join(', ')}`);
  for (const m of readChatExport(channel.csv).messages) {
    const link = m.replyTo ? ` ↩${m.replyTo.slice(-5)}` : m.thread ? ` 🧵${m.thread.slice(-5)}` : '';
    console.log(
      `${String(m.index).padStart(3)} ${m.id?.slice(-5) ?? ''} ${m.at.toISOString().slice(5, 16)} ${m.author}${link}: ${m.text.replace(/\n/g, ' / ')}`,
    );
  }
  const found = new Map(analysis.requests.map((r) => [r.index, r]));
  for (const r of channel.truth.requests) {
    const f = found.get(r.index);
    const ok = f && f.type === r.type && (f.answer?.index ?? null) === r.answerIndex;
    if (!ok)
      console.log(
        `MISS #${r.index} ${r.type} answer ${r.answerIndex} | found ${f ? `${f.type} answer ${f.answer?.index ?? null}` : 'nothing'}`,
      );
  }
  const truthIndexes = new Set(channel.truth.requests.map((r) => r.index));
  for (const f of analysis.requests)
    if (!truthIndexes.has(f.index)) console.log(`EXTRA #${f.index} ${f.type}: ${f.text}`);
}

const showAt = args.indexOf('--show');
if (showAt >= 0) show(Number(args[showAt + 1]));
else {
  const started = performance.now();
  const tuning = evaluate(corpusChannels('tuning'));
  const heldOut = evaluate(corpusChannels('held-out'));
  if (args.includes('--json')) console.log(JSON.stringify({ tuning, heldOut }, null, 2));
  else {
    print('Tuning channels (looked at while improving)', tuning);
    console.log('');
    print('HELD-OUT channels (never looked at; these are the figures)', heldOut);
    console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}
