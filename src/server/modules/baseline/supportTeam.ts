// Infers the support team of a channel export from who answers requests: people who say "done",
// "sudah ya", "ok, it's live" after someone else asked for one of the request types, and who ask
// for little themselves. Used when an import names no support team; it says whom it chose.
import { authorKey } from './authors.js';
import { type ChatExportOptions, type ChatMessage, readChatExport } from './chatExport.js';
import { type ClassifierConfig, createClassifier } from './classifier.js';
import { defaultCompletionPatterns, defaultThanksPatterns } from './pairingOptions.js';

export interface SupportCandidate {
  name: string;
  id?: string;
  /** Messages saying something is done, posted while someone else's request was open. */
  answers: number;
  /** Messages recognised as requests of the four types. */
  requests: number;
}

export interface InferredSupportTeam {
  names: string[];
  ids: string[];
  /** Everyone who answered at least once, most answers first: why the team was chosen. */
  candidates: SupportCandidate[];
}

const openWindowMs = 14 * 86400_000;
const completion = defaultCompletionPatterns.map((source) => new RegExp(source, 'iu'));
const thanks = defaultThanksPatterns.map((source) => new RegExp(source, 'iu'));

export function inferSupportTeam(
  messages: readonly ChatMessage[],
  classifierConfig: ClassifierConfig = {},
): InferredSupportTeam {
  const classifier = createClassifier(classifierConfig);
  const ordered = [...messages].sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  const people = new Map<string, SupportCandidate>();
  /** Author → time of their latest request. */
  const lastRequest = new Map<string, number>();
  for (const message of ordered) {
    const key = authorKey(message);
    const person = people.get(key) ?? {
      name: message.author,
      ...(message.authorId ? { id: message.authorId } : {}),
      answers: 0,
      requests: 0,
    };
    people.set(key, person);
    const text = message.text.trim();
    if (text === '') continue;
    const at = message.at.getTime();
    const someoneWaits = [...lastRequest].some(
      ([asker, askedAt]) => asker !== key && at - askedAt <= openWindowMs,
    );
    // "data udah dicopy" speaks of a type but says it is done: an answer, not a request.
    const saysDone =
      completion.some((regex) => regex.test(text)) &&
      !thanks.some((regex) => regex.test(text)) &&
      !/\?\s*$/.test(text) &&
      // "up ya min" bumps a request; "kalau bisa sebelum jam 3" is a wish.
      !/^(up|bump)\b|\bkalau bisa\b|\bif possible\b/iu.test(text);
    if (someoneWaits && saysDone) person.answers++;
    else if (classifier.classify(text).type) {
      person.requests++;
      lastRequest.set(key, at);
    }
  }
  const candidates = [...people.values()]
    .filter((p) => p.answers > 0)
    .sort((a, b) => b.answers - a.answers || a.name.localeCompare(b.name));
  const most = candidates[0]?.answers ?? 0;
  // Answering is their job: several answers, a fair share of the busiest member's, and they
  // answer far more than they ask.
  const team = candidates.filter(
    (p) => p.answers >= 3 && p.answers >= most * 0.15 && p.answers >= 2 * p.requests,
  );
  return {
    names: team.map((p) => p.name),
    ids: team.flatMap((p) => (p.id ? [p.id] : [])),
    candidates,
  };
}

/** `inferSupportTeam` on a CSV export. */
export function inferSupportFromCsv(
  csv: string,
  options: ChatExportOptions & { classifier?: ClassifierConfig } = {},
): InferredSupportTeam {
  const { classifier, ...exportOptions } = options;
  return inferSupportTeam(readChatExport(csv, exportOptions).messages, classifier ?? {});
}
