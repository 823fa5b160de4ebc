// Recurring incidents (pure): incidents on one CI whose words are alike form a cluster; a cluster
// of N or more is evidence of a problem. Words are reduced to crude stems ("dropping", "drops" →
// "drop") and two titles are alike when they share enough stems (overlap coefficient).

const stopWords = new Set(
  'the and for with not but are was were has have had can cannot cant could this that from into our your their its you all any out off too very when what who why how again still does did dont isnt wont there here about after before been being some more most'.split(
    ' ',
  ),
);

export function stem(word: string): string {
  let stemmed = word.replace(/(ings|ing|ions|ion|edly|ed|es|s)$/, '');
  if (stemmed.length < 3) stemmed = word;
  if (/([b-df-hj-np-tv-z])\1$/.test(stemmed)) stemmed = stemmed.slice(0, -1);
  return stemmed.slice(0, 8);
}

/** The stems of a text, each with the first word seen for it. */
export function stemsOf(text: string): Map<string, string> {
  const stems = new Map<string, string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length < 3 || stopWords.has(word)) continue;
    const key = stem(word);
    if (!stems.has(key)) stems.set(key, word);
  }
  return stems;
}

/** Shared stems over the smaller set: 1 when one text's words are all in the other. */
export function similarity(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const key of a.keys()) if (b.has(key)) shared++;
  return shared / Math.min(a.size, b.size);
}

export interface Candidate {
  id: string;
  text: string;
}

export interface Cluster {
  ids: string[];
  /** Words at least half of the incidents share, most shared first. */
  words: string[];
}

/** Groups alike incidents (linked when alike, transitively); returns the groups of `min` or more. */
export function clusters(candidates: readonly Candidate[], min: number, threshold: number): Cluster[] {
  const stems = candidates.map((candidate) => stemsOf(candidate.text));
  const parent = candidates.map((_, index) => index);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < candidates.length; i++)
    for (let j = i + 1; j < candidates.length; j++)
      if (similarity(stems[i]!, stems[j]!) >= threshold) parent[find(i)] = find(j);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < candidates.length; i++) {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  }
  const result: Cluster[] = [];
  for (const members of groups.values()) {
    if (members.length < min) continue;
    const counts = new Map<string, { word: string; count: number }>();
    for (const index of members)
      for (const [key, word] of stems[index]!) {
        const seen = counts.get(key);
        counts.set(key, { word: seen?.word ?? word, count: (seen?.count ?? 0) + 1 });
      }
    const words = [...counts.values()]
      .filter((entry) => entry.count * 2 >= members.length)
      .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
      .map((entry) => entry.word)
      .slice(0, 8);
    result.push({ ids: members.map((index) => candidates[index]!.id).sort(), words });
  }
  return result;
}

/** Whether `inner` ⊆ `outer`. */
export function isSubset(inner: readonly string[], outer: readonly string[]): boolean {
  const set = new Set(outer);
  return inner.every((id) => set.has(id));
}
