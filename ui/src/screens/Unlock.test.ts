import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Unlock from "./Unlock.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const status = (copies_aside: string[]) => ({
  exists: true,
  unlocked: false,
  path: "/home/l/journal.steward",
  copies_aside,
});

describe("Unlock", () => {
  it("says where the copy made before an upgrade is, while it is there", async () => {
    mockIPC((cmd) => (cmd === "vault_status" ? status(["/home/l/journal.steward.pre-v1.bak"]) : null));
    render(Unlock, { onunlocked: () => {} });
    const note = await screen.findByText(/copy of the file from before/);
    expect(note.textContent).toContain("/home/l/journal.steward.pre-v1.bak");
  });

  it("explains a wrong passphrase, clears the field, and unlocks with the right one", async () => {
    const tried: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "vault_status") return status([]);
      if (cmd !== "unlock") return null;
      const { passphrase } = args as { passphrase: string };
      tried.push(passphrase);
      if (passphrase !== "the right one") {
        throw { code: "wrong_passphrase", message: "wrong passphrase: it does not unlock this journal" };
      }
      return null;
    });
    let unlocked = 0;
    render(Unlock, { onunlocked: () => unlocked++ });
    const field = screen.getByLabelText("Passphrase") as HTMLInputElement;
    const button = screen.getByRole("button", { name: "Unlock" });
    expect(button.hasAttribute("disabled")).toBe(true);

    await fireEvent.input(field, { target: { value: "a wrong one" } });
    await fireEvent.click(button);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("does not open this journal");
    expect(field.value).toBe("");
    expect(unlocked).toBe(0);

    await fireEvent.input(field, { target: { value: "the right one" } });
    await fireEvent.click(button);
    await new Promise((r) => setTimeout(r, 0));
    expect(unlocked).toBe(1);
    expect(tried).toEqual(["a wrong one", "the right one"]);
  });
});
