// What the app shell asks the journal to do: Ctrl+N (a new entry) and Ctrl+F (search) from
// any screen, and from a person's page "open this entry" or "write about this person"
// (`id`: the entry's or the relationship's). `n` grows with every request, so the journal
// acts on each one, also the same shortcut twice.
export interface JournalIntent {
  kind: "new" | "search" | "open" | "about";
  n: number;
  id?: string;
}
