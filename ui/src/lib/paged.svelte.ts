// The journal list's entries, paged from Rust: the layout (how many entries, in runs per
// local day) comes first with the first page, in one round trip (a search is run once per
// keystroke), then only the summaries of the rows on screen, a page at a time.
// The web view never holds every summary of a long journal (at 10k entries, holding them
// all cost hundreds of MiB); pages far from the screen are let go.
// The maps here are never mutated once shown: each change makes a new one ($state.raw), so
// Svelte's reactive Map/Set (which track every mutation) would only add cost.
/* eslint-disable svelte/prefer-svelte-reactivity */
import { ipc, type EntrySummary } from "./ipc";
import type { EntryLayout } from "./ipc";

/** Summaries per page; a screen shows about ten rows. */
export const PAGE = 50;
/** Pages kept at most: the ones nearest the last one asked for. */
const KEEP_PAGES = 16;

export class PagedEntries {
  layout: EntryLayout = $state.raw({ total: 0, days: [], counts: [] });
  pages: ReadonlyMap<number, EntrySummary[]> = $state.raw(new Map());
  loaded = $state(false);
  #query = "";
  #exact = false;
  // A newer reset makes the answers to older requests stale.
  #generation = 0;
  #pending = new Set<number>();

  /** Lays the list out again for `query` (all entries when empty); pages load on demand. */
  async reset(query: string, exact: boolean): Promise<void> {
    const generation = ++this.#generation;
    this.#query = query;
    this.#exact = exact;
    this.#pending.clear();
    const { layout, first } = await ipc.entryList(query, exact, PAGE);
    if (generation !== this.#generation) return;
    this.layout = layout;
    this.pages = new Map([[0, first]]);
    this.loaded = true;
  }

  /** The summary of entry `index` of the list, if its page is here. */
  at(index: number): EntrySummary | undefined {
    return this.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  /** Asks for the pages holding entries `first ..= last` that are not here yet. */
  ensure(first: number, last: number): void {
    if (last < first) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      if (!this.pages.has(page) && !this.#pending.has(page)) void this.#fetch(page);
    }
  }

  /** Puts a saved entry's new summary where the list shows it (its place does not move). */
  replace(summary: EntrySummary): void {
    for (const [page, rows] of this.pages) {
      const at = rows.findIndex((e) => e.id === summary.id);
      if (at >= 0) {
        this.pages = new Map(this.pages).set(page, rows.with(at, summary));
        return;
      }
    }
  }

  async #fetch(page: number): Promise<void> {
    const generation = this.#generation;
    this.#pending.add(page);
    try {
      const rows = await ipc.entryPage(this.#query, this.#exact, page * PAGE, PAGE);
      if (generation !== this.#generation) return;
      const next = new Map(this.pages).set(page, rows);
      if (next.size > KEEP_PAGES) {
        const far = [...next.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
        for (const p of far.slice(0, next.size - KEEP_PAGES)) next.delete(p);
      }
      this.pages = next;
    } finally {
      this.#pending.delete(page);
    }
  }
}
