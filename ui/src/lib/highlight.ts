// Splits text into plain and matching parts for the search terms, so the list can mark
// matches without any HTML strings (each part is rendered as text). Text is folded as the
// engine folds it (crates/steward-core/src/search.rs): compatibility-decomposed, accents
// dropped, lowercased, ß as ss — or, for an exact search, only normalized (NFC) and
// lowercased. A match is marked over the whole characters the user sees: a letter and the
// accents written after it are one unit.
export interface Part {
  text: string;
  hit: boolean;
}

/** A base character and the combining marks that follow it. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

function foldCluster(cluster: string, exact: boolean): string {
  if (exact) return cluster.normalize("NFC").toLowerCase();
  return cluster
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/\p{M}/gu, "");
}

/** Folds `text` for matching (see the module comment). */
export function fold(text: string, exact = false): string {
  return text.replace(CLUSTER, (c) => foldCluster(c, exact));
}

/** The folded text, and for each of its UTF-16 units the span of `text` it came from. */
function foldMapped(text: string, exact: boolean): { folded: string; from: number[]; to: number[] } {
  let folded = "";
  const from: number[] = [];
  const to: number[] = [];
  for (const m of text.matchAll(CLUSTER)) {
    const f = foldCluster(m[0], exact);
    for (let i = 0; i < f.length; i++) {
      from.push(m.index);
      to.push(m.index + m[0].length);
    }
    folded += f;
  }
  return { folded, from, to };
}

/** The terms of a query as the back end reads it (words, or "quoted phrases"), folded. */
export function queryTerms(query: string, exact = false): string[] {
  const terms: string[] = [];
  query.split('"').forEach((part, i) => {
    if (i % 2 === 1) {
      const phrase = part.trim().split(/\s+/).join(" ");
      if (phrase) terms.push(fold(phrase, exact));
    } else {
      for (const w of part.split(/\s+/)) if (w) terms.push(fold(w, exact));
    }
  });
  return terms.filter(Boolean);
}

export function highlight(text: string, terms: string[], exact = false): Part[] {
  if (!terms.length || !text) return [{ text, hit: false }];
  const { folded, from, to } = foldMapped(text, exact);
  const parts: Part[] = [];
  let pos = 0; // in `folded`
  let shown = 0; // in `text`: everything before it is in `parts`
  while (pos < folded.length) {
    let best = -1;
    let len = 0;
    for (const t of terms) {
      const at = folded.indexOf(t, pos);
      if (at !== -1 && (best === -1 || at < best || (at === best && t.length > len))) {
        best = at;
        len = t.length;
      }
    }
    if (best === -1) break;
    const start = Math.max(from[best], shown);
    const end = to[best + len - 1];
    if (start > shown) parts.push({ text: text.slice(shown, start), hit: false });
    if (end > start) parts.push({ text: text.slice(start, end), hit: true });
    shown = Math.max(shown, end);
    pos = best + len;
  }
  if (shown < text.length) parts.push({ text: text.slice(shown), hit: false });
  return parts;
}
