import { afterEach, describe, expect, it, vi } from "vitest";
import { Autosave } from "./autosave";

/** A fake store whose saves finish when the test says so. */
function harness() {
  let text = "";
  let saved = "";
  const finishers: Array<() => void> = [];
  const stores: string[] = [];
  const autosave = new Autosave({
    delayMs: 500,
    isDirty: () => text !== saved,
    store: () => {
      const snapshot = text;
      stores.push(snapshot);
      return new Promise<boolean>((resolve) =>
        finishers.push(() => {
          saved = snapshot;
          resolve(true);
        }),
      );
    },
  });
  const type = (t: string) => {
    text = t;
    autosave.changed();
  };
  return { autosave, type, stores, finish: () => finishers.shift()?.(), saved: () => saved };
}

afterEach(() => vi.useRealTimers());

describe("autosave", () => {
  it("saves once the typing pauses", async () => {
    vi.useFakeTimers();
    const h = harness();
    h.type("a");
    h.type("ab");
    expect(h.stores).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(h.stores).toEqual(["ab"]);
    h.finish();
    await vi.runAllTimersAsync();
    expect(h.saved()).toBe("ab");
  });

  it("a flush during a save waits for it and then stores what was typed meanwhile", async () => {
    vi.useFakeTimers();
    const h = harness();
    h.type("first");
    await vi.advanceTimersByTimeAsync(500); // the timed save starts and stays in flight
    expect(h.stores).toEqual(["first"]);
    h.type("first and the last keystrokes");
    let flushed = false;
    const flush = h.autosave.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false); // the old journal flush returned here, losing the text
    h.finish(); // the first save lands
    await vi.advanceTimersByTimeAsync(0);
    expect(h.stores).toEqual(["first", "first and the last keystrokes"]);
    expect(flushed).toBe(false);
    h.finish();
    await flush;
    expect(h.saved()).toBe("first and the last keystrokes");
  });

  it("a failed save ends the flush and keeps the text unsaved", async () => {
    let text = "x";
    const autosave = new Autosave({ delayMs: 500, isDirty: () => text !== "", store: async () => false });
    await autosave.flush();
    expect(text).toBe("x");
    text = "";
    await autosave.flush();
  });
});
