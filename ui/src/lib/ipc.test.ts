import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { IpcError, errorText, ipc, toIpcError, whenLocked } from "./ipc";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("sends each command its name and arguments", async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "update_entry") return { id: "x", version: 3 };
      return null;
    });
    await ipc.updateEntry("x", { title: "T", body: "B", tags: ["a"], people: ["p"] }, 2);
    await ipc.changePassphrase("old one", "new one", null);
    await ipc.entryPage("trust", false, 50, 50);
    expect(calls[0]).toEqual([
      "update_entry",
      { id: "x", title: "T", body: "B", tags: ["a"], people: ["p"], version: 2 },
    ]);
    expect(calls[1]).toEqual([
      "change_passphrase",
      { current: "old one", new: "new one", keepRecoveryKey: null },
    ]);
    expect(calls[2]).toEqual(["entry_page", { query: "trust", exact: false, offset: 50, limit: 50 }]);
  });

  it("turns {code, message} rejections into typed IpcErrors", async () => {
    mockIPC(() => {
      throw { code: "wrong_passphrase", message: "wrong passphrase: it does not unlock this journal" };
    });
    const err = await ipc.unlock("nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect((err as IpcError).code).toBe("wrong_passphrase");
    expect((err as IpcError).message).toContain("wrong passphrase");
  });

  it("carries an incomplete reflection's missing fields as data", () => {
    const err = toIpcError({ code: "incomplete_reflection", message: "…", missing: ["exercise.step"] });
    expect(err.code).toBe("incomplete_reflection");
    expect(err.missing).toEqual(["exercise.step"]);
    expect(toIpcError({ code: "conflict", message: "…" }).missing).toEqual([]);
  });

  it("tells the one locked handler when a call finds the journal locked", async () => {
    let told = 0;
    whenLocked(() => told++);
    mockIPC(() => {
      throw { code: "locked", message: "The journal is locked." };
    });
    const err = await ipc.entryList("", false, 50).catch((e: unknown) => e);
    expect(told).toBe(1);
    expect(errorText(err)).toBe("");
    expect(errorText(toIpcError({ code: "busy", message: "busy now" }))).toBe("busy now");
    whenLocked(null);
  });

  it("maps unknown shapes and codes to 'internal'", () => {
    expect(toIpcError("boom").code).toBe("internal");
    expect(toIpcError("boom").message).toBe("boom");
    expect(toIpcError({ code: "made_up", message: "x" }).code).toBe("internal");
    expect(toIpcError(undefined).code).toBe("internal");
  });
});
