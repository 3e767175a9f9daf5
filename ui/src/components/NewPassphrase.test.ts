import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import Create from "../screens/Create.svelte";
import { MIN_PASSPHRASE_CHARS } from "../lib/passphrase";

afterEach(cleanup);

// The component through the first-run screen that uses it: the Create button follows `ok`.
describe("NewPassphrase", () => {
  it("is ok only when the passphrase is long enough and typed the same twice", async () => {
    render(Create, { onready: () => {} });
    // First run opens on its welcome card; the passphrase is the next one.
    await fireEvent.click(screen.getByRole("button", { name: "Begin" }));
    const field = screen.getByLabelText("Passphrase") as HTMLInputElement;
    const confirm = screen.getByLabelText("Confirm passphrase") as HTMLInputElement;
    const create = screen.getByRole("button", { name: "Create journal" });
    const long = "correct horse battery staple";
    expect(long.length).toBeGreaterThanOrEqual(MIN_PASSPHRASE_CHARS);

    await fireEvent.input(field, { target: { value: "short" } });
    await fireEvent.input(confirm, { target: { value: "short" } });
    expect(screen.getByText(`At least ${MIN_PASSPHRASE_CHARS} characters.`)).toBeTruthy();
    expect(create.hasAttribute("disabled")).toBe(true);

    await fireEvent.input(field, { target: { value: long } });
    expect(screen.getByText("The two passphrases differ.")).toBeTruthy();
    expect(confirm.getAttribute("aria-invalid")).toBe("true");
    expect(create.hasAttribute("disabled")).toBe(true);

    await fireEvent.input(confirm, { target: { value: long } });
    expect(screen.queryByText("The two passphrases differ.")).toBeNull();
    expect(create.hasAttribute("disabled")).toBe(false);

    // Clearing the passphrase clears the confirmation, so a stale one cannot match later.
    await fireEvent.input(field, { target: { value: "" } });
    expect(confirm.value).toBe("");
    expect(create.hasAttribute("disabled")).toBe(true);
  });
});
