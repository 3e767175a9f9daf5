// The colour theme: follows the OS unless the user picked light or dark (kept in
// localStorage — a display preference, nothing the user wrote).
export type Theme = "system" | "light" | "dark";

const KEY = "steward.theme";

export function loadTheme(): Theme {
  const saved = localStorage.getItem(KEY);
  return saved === "light" || saved === "dark" ? saved : "system";
}

export function applyTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
