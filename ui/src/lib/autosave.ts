// Saving as you type, shared by the journal editor and the weekly reflection: a save a
// moment after the last edit, one save at a time, and a flush that returns only once
// everything typed so far is stored (or a save failed), so locking or closing the window
// during a save cannot drop the last keystrokes.

export interface AutosaveOptions {
  /** Quiet time after the last edit before saving. */
  delayMs: number;
  /** Whether anything is unsaved right now. */
  isDirty: () => boolean;
  /** Stores what is unsaved; resolves to whether it was stored. Never called twice at once. */
  store: () => Promise<boolean>;
}

export class Autosave {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<boolean> | null = null;

  constructor(private readonly options: AutosaveOptions) {}

  /** An edit happened: save once the typing pauses. */
  changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveOnce(), this.options.delayMs);
  }

  /** Stops a pending timed save (the screen is going away without saving). */
  cancel(): void {
    clearTimeout(this.timer);
  }

  /** Saves now and returns when everything typed before and during the save is stored,
   * or when a save fails (the text stays on screen, marked unsaved). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    while (await this.saveOnce()) {
      if (!this.options.isDirty()) return;
    }
  }

  /** One save, after any save in flight; true when it stored something. */
  private async saveOnce(): Promise<boolean> {
    clearTimeout(this.timer);
    while (this.inflight) await this.inflight;
    if (!this.options.isDirty()) return false;
    this.inflight = this.options.store();
    let stored: boolean;
    try {
      stored = await this.inflight;
    } finally {
      this.inflight = null;
    }
    // Typed during the save: that waits for the next pause (or the flush loop).
    if (stored && this.options.isDirty()) this.changed();
    return stored;
  }
}
