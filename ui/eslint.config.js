import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import ts from "typescript-eslint";

export default ts.config(
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser } } },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // Only ipc.ts may talk to the back end.
    files: ["src/**/*.ts", "src/**/*.svelte"],
    ignores: ["src/lib/ipc.ts", "src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@tauri-apps/api/core", message: "Call the back end through src/lib/ipc.ts." }] },
      ],
    },
  },
  { ignores: ["dist/", "node_modules/"] },
);
