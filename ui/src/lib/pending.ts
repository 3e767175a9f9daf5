// Work the UI must finish before the window closes (the editor's unsaved text). The
// screen that holds such work registers a flusher; closing runs it first.
let flusher: (() => Promise<void>) | null = null;

export function setFlusher(fn: (() => Promise<void>) | null): void {
  flusher = fn;
}

export async function flushPending(): Promise<void> {
  if (flusher) await flusher();
}
