// Splits text into plain and matching parts for the search terms, so the list can mark
// matches without any HTML strings (each part is rendered as text).
export interface Part {
  text: string;
  hit: boolean;
}

/** The terms of a query as the back end reads it: words, or "quoted phrases". */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  query.split('"').forEach((part, i) => {
    if (i % 2 === 1) {
      const phrase = part.trim().split(/\s+/).join(" ");
      if (phrase) terms.push(phrase.toLowerCase());
    } else {
      for (const w of part.split(/\s+/)) if (w) terms.push(w.toLowerCase());
    }
  });
  return terms;
}

export function highlight(text: string, terms: string[]): Part[] {
  const lower = text.toLowerCase();
  // Lowercasing changed the length (rare scripts): show the text unmarked rather than
  // marking the wrong characters.
  if (!terms.length || lower.length !== text.length) return [{ text, hit: false }];
  const parts: Part[] = [];
  let pos = 0;
  while (pos < text.length) {
    let best = -1;
    let len = 0;
    for (const t of terms) {
      const at = lower.indexOf(t, pos);
      if (at !== -1 && (best === -1 || at < best || (at === best && t.length > len))) {
        best = at;
        len = t.length;
      }
    }
    if (best === -1) break;
    if (best > pos) parts.push({ text: text.slice(pos, best), hit: false });
    parts.push({ text: text.slice(best, best + len), hit: true });
    pos = best + len;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), hit: false });
  return parts;
}
