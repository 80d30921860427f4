/**
 * The dashboard's colour theme: the user's choice (light, dark or the system's), remembered in
 * localStorage, resolved to light or dark and set as `data-theme` on <html>, where styles.css
 * swaps its custom properties. Charts subscribe to follow a change without a reload.
 */

/** What the user picked in the header. `system` follows `prefers-color-scheme`. */
export type ThemeChoice = 'light' | 'dark' | 'system';

/** The theme in force: what `data-theme` on <html> says. */
export type Theme = 'light' | 'dark';

/** The localStorage key of the choice. */
export const THEME_STORAGE_KEY = 'orderflow.theme';

/** The choices in the order the header offers them. */
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** A stored value as a choice: anything but `light` or `dark` (missing, corrupted) is `system`. */
export const parseThemeChoice = (stored: string | null | undefined): ThemeChoice =>
  stored === 'light' || stored === 'dark' ? stored : 'system';

/** The theme a choice gives, `systemDark` being whether the system prefers dark. */
export const resolveTheme = (choice: ThemeChoice, systemDark: boolean): Theme =>
  choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;

const listeners = new Set<() => void>();
const darkQuery = () => globalThis.matchMedia?.('(prefers-color-scheme: dark)');

/** The stored choice (`system` when storage is unavailable). */
export function themeChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system';
  }
}

/** The theme in force now (from <html data-theme>, set by {@link applyTheme}). */
export const currentTheme = (): Theme =>
  document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';

/** Resolves the stored choice, sets <html data-theme> and tells the subscribers if it changed. */
export function applyTheme(): void {
  const theme = resolveTheme(themeChoice(), darkQuery()?.matches ?? false);
  const root = document.documentElement;
  if (root.dataset.theme === theme) return;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  for (const listener of listeners) listener();
}

/** Stores `choice` (system: forgets the override) and applies it. */
export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage refused (private mode): the choice holds for this page only.
  }
  applyTheme();
  for (const listener of listeners) listener();
}

/** Calls `listener` when the theme or the choice changes; returns the unsubscribe function. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Applies the theme now and follows the system's preference from then on. Call once at start. */
export function startTheme(): void {
  applyTheme();
  darkQuery()?.addEventListener('change', applyTheme);
}
