// The end-to-end tests are Node scripts driving the app through WebDriver.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      // The tests run in Node; the functions they send to the app run in its web view.
      globals: { ...globals.node, ...globals.browser },
    },
  },
  { ignores: ["node_modules/"] },
];
