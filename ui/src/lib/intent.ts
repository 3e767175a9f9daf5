// What the app shell asks the journal to do when a shortcut is pressed on another screen:
// Ctrl+N (a new entry) and Ctrl+F (search). `n` grows with every press, so the journal
// acts on each one, also the same shortcut twice.
export interface JournalIntent {
  kind: "new" | "search";
  n: number;
}
