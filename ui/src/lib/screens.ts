// The open journal's screens, each its own chunk loaded when first shown: the first screen
// (unlock) parses 180 KB of script instead of 314 KB, and the charting library, the
// Markdown renderer and the sanitizer stay out of it. The journal's chunk starts loading
// when Unlock is pressed, while the KDF runs, so opening never waits for it.
export const screens = {
  journal: () => import("../screens/Journal.svelte"),
  reflection: () => import("../screens/Reflection.svelte"),
  relationships: () => import("../screens/Relationships.svelte"),
  settings: () => import("../screens/Settings.svelte"),
  trends: () => import("../screens/Trends.svelte"),
  decisions: () => import("../screens/Decisions.svelte"),
  lookback: () => import("../screens/LookBack.svelte"),
};

/** Starts loading the journal's screen (the module loader keeps it for the later import). */
export function preloadJournal(): void {
  void screens.journal();
}
