// Text normalisation shared by the rules and the model. Staging names, domains, table names,
// mentions and numbers differ in every message but say the same thing about the request type,
// so they become placeholders (`<stg>`, `<domain>`, `<ident>`, `<mention>`, `<url>`, `<num>`).

const topLevelDomains = [
  'com',
  'id',
  'net',
  'org',
  'io',
  'dev',
  'app',
  'co',
  'xyz',
  'tech',
  'site',
  'cloud',
  'local',
  'internal',
  'test',
  'my',
  'sg',
  'ai',
];
const domainPattern = new RegExp(
  `\\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${topLevelDomains.join('|')})\\b(?![.-]?[a-z0-9])`,
  'g',
);
/** `staging-x`, `stg-a`, `ms_payment`; not the Indonesian suffixes in `staging-nya`, `stg-in`. */
const prefixedStaging =
  /\b(?:stg|staging|stage|ms|multistaging)[-_](?!(?:nya|an|kan|in|ku|mu|ya)\b)[a-z0-9]+(?:[-_][a-z0-9]+)*\b/g;
/** `bugfix1x2`, `feature12`: letters then a digit, at least four characters. */
const numberedStaging = /\b[a-z]+\d[a-z0-9]*\b/g;
const notStagingNames = new Set([
  'ec2',
  'utf8',
  'mysql5',
  'mysql8',
  'php7',
  'php8',
  'node16',
  'node18',
  'node20',
  'http2',
  'ipv4',
  'ipv6',
  'oauth2',
  'base64',
  'sha256',
  'es6',
  'k8s',
  'mongo4',
  'mongo5',
  'mongo6',
  'pg15',
  'route53',
]);
const identifierPattern = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
const urlPattern = /\bhttps?:\/\/\S+/g;
const discordEmoji = /<a?:\w+:\d+>/g;
const discordMention = /<[@#][!&]?\d+>/g;
// Letters are matched by code point ranges (Latin, Greek, Cyrillic, … and CJK) rather than \p{L}:
// the property classes made normalisation ten times slower.
const letter = 'a-z\\u00c0-\\u1fff\\u3040-\\u9fff';
const plainMention = new RegExp(`@[${letter}0-9_.]+`, 'g');
const letterRun = new RegExp(`([${letter}])\\1{2,}`, 'g');
const notWordCharacter = new RegExp(`[^${letter}0-9<>\\s]+`, 'g');

const isStagingName = (token: string): boolean => token.length >= 4 && !notStagingNames.has(token);

export interface Entities {
  stagings: string[];
  domains: string[];
}

/** Staging names and domains a message names, lowercased, for matching answers to requests. */
export function extractEntities(text: string): Entities {
  let lower = text.toLowerCase().normalize('NFKC').replace(urlPattern, ' ');
  const domains = unique(lower.match(domainPattern) ?? []);
  lower = lower.replace(domainPattern, ' ');
  const prefixed = lower.match(prefixedStaging) ?? [];
  lower = lower.replace(prefixedStaging, ' ');
  const numbered = (lower.match(numberedStaging) ?? []).filter(isStagingName);
  // `api-bugfix1x2.stg.example.com` names the staging server it belongs to.
  const inDomains = domains.flatMap((domain) => (domain.match(numberedStaging) ?? []).filter(isStagingName));
  return { stagings: unique([...prefixed, ...numbered, ...inDomains]), domains };
}

export function normaliseText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(discordEmoji, ' ')
      .replace(discordMention, ' <mention> ')
      .replace(urlPattern, ' <url> ')
      .replace(plainMention, ' <mention> ')
      .replace(domainPattern, ' <domain> ')
      .replace(prefixedStaging, ' <stg> ')
      .replace(numberedStaging, (token) => (isStagingName(token) ? ' <stg> ' : token))
      .replace(identifierPattern, ' <ident> ')
      .replace(/\d+(?:[.,:]\d+)*/g, ' <num> ')
      // `pleeease`, `plsss`: long letter runs are emphasis, not spelling.
      .replace(letterRun, '$1')
      .replace(/\bre-(?=[a-z])/g, 're')
      .replace(notWordCharacter, ' ')
      .replace(/<(?!(?:stg|domain|ident|mention|url|num)>)|(?<!<(?:stg|domain|ident|mention|url|num))>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(wordToken, correctTypo)
  );
}

// Typos in the words that decide a message ("requset", "nyalian", "pleaase", "toolong") are
// corrected to the word meant when exactly one word of this lexicon is one edit away (a letter
// missing, extra, wrong, or two swapped). Short words are left alone: "done" is not a typo of
// "dong", nor "make" of "wake" — except "need" and "copy", whose typos ("ned", "nede", "cpy")
// are common and whose neighbours are listed in `notTypos`.
const lexicon = [
  'please',
  'tolong',
  'need',
  'minta',
  'request',
  'could',
  'would',
  'kindly',
  'mohon',
  'butuh',
  'boleh',
  'thanks',
  'makasih',
  'nyalain',
  'nyalakan',
  'dinyalain',
  'dinyalakan',
  'hidupin',
  'hidupkan',
  'dihidupin',
  'idupin',
  'diidupin',
  'aktifin',
  'aktifkan',
  'start',
  'started',
  'starting',
  'wake',
  'power',
  'turn',
  'recreate',
  'recreated',
  'rebuild',
  'bikin',
  'bikinin',
  'ulang',
  'template',
  'domain',
  'domains',
  'subdomain',
  'copy',
  'copied',
  'clone',
  'sync',
  'table',
  'tables',
  'tabel',
  'database',
  'staging',
  'server',
  'running',
];
/** Words one edit from a lexicon word that are words of their own. */
const notTypos = new Set([
  'smart',
  'stark',
  'stars',
  'tablet',
  'cloud',
  'powder',
  'tower',
  'feed',
  'seed',
  'nerd',
  'heed',
  'reed',
  'weed',
  'deed',
  'nee',
  'cop',
  'cozy',
  'code',
]);
const shortWords = new Set(['need', 'copy']);
const lexiconWords = new Set(lexicon);
/** Every lexicon word with one letter deleted → the words it comes from. */
const byDeletion = new Map<string, Set<string>>();
for (const word of lexicon) {
  for (const variant of [word, ...deletions(word)]) {
    const words = byDeletion.get(variant) ?? new Set<string>();
    words.add(word);
    byDeletion.set(variant, words);
  }
}
const wordToken = /\b[a-z]{3,}\b/g;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Tokens already looked at (a channel repeats its words); cleared when it grows large. */
const corrected = new Map<string, string>();

function correctTypo(token: string): string {
  let known = corrected.get(token);
  if (known === undefined) {
    if (corrected.size > 50_000) corrected.clear();
    known = lookUpTypo(token);
    corrected.set(token, known);
  }
  return known;
}

function lookUpTypo(token: string): string {
  if (lexiconWords.has(token) || notTypos.has(token)) return token;
  const candidates = new Set<string>();
  // A letter missing (the token is a deletion of a word), extra, wrong or swapped (shared deletion).
  for (const variant of [token, ...deletions(token)]) {
    for (const word of byDeletion.get(variant) ?? []) {
      const longEnough = Math.max(word.length, token.length) >= 5 || shortWords.has(word);
      if (longEnough && isOneEdit(token, word)) candidates.add(word);
    }
  }
  return candidates.size === 1 ? [...candidates][0]! : token;
}

/** One insertion, deletion, substitution or adjacent swap apart (the shared-deletion test admits a few two-edit pairs). */
function isOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export function tokenise(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}

export interface FeatureOptions {
  /** 1: words only; 2: words and adjacent word pairs. */
  wordNgrams: 1 | 2;
  /** Length of character n-grams taken inside each word (0 for none); they absorb typos. */
  charNgrams: number;
  /** Count given to each character n-gram relative to a word. */
  charWeight: number;
}

/** Feature → weighted count, for the naive Bayes model. */
export function textFeatures(text: string, options: FeatureOptions): Map<string, number> {
  return normalisedTextFeatures(normaliseText(text), options);
}

/** `textFeatures` of a text already passed through `normaliseText`. */
export function normalisedTextFeatures(normalised: string, options: FeatureOptions): Map<string, number> {
  const tokens = tokenise(normalised);
  const features = new Map<string, number>();
  const add = (feature: string, weight: number): void => {
    features.set(feature, (features.get(feature) ?? 0) + weight);
  };
  tokens.forEach((token, i) => {
    add(`w:${token}`, 1);
    if (options.wordNgrams === 2 && i + 1 < tokens.length) add(`b:${token} ${tokens[i + 1]}`, 1);
    if (options.charNgrams > 0 && !token.startsWith('<')) {
      const padded = `^${token}$`;
      for (let start = 0; start + options.charNgrams <= padded.length; start++) {
        add(`c:${padded.slice(start, start + options.charNgrams)}`, options.charWeight);
      }
    }
  });
  return features;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
