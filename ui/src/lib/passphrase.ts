// The engine's rule for a new passphrase, with its minimum length generated from Rust
// (bindings.ts): characters as Rust counts them (Unicode scalar values), not UTF-16 units.
import { MIN_PASSPHRASE_CHARS } from "./bindings";

export { MIN_PASSPHRASE_CHARS };

/** Whether the engine will accept `passphrase` as a new one. */
export function longEnough(passphrase: string): boolean {
  return passphrase.trim() !== "" && [...passphrase].length >= MIN_PASSPHRASE_CHARS;
}
