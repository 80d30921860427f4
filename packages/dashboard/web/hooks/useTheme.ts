import { useSyncExternalStore } from 'react';
import { currentTheme, subscribeTheme, themeChoice, type Theme, type ThemeChoice } from '../lib/theme.ts';

/** The theme in force; the component renders again when it changes. */
export const useTheme = (): Theme => useSyncExternalStore(subscribeTheme, currentTheme);

/** The user's choice (light, dark or system); the component renders again when it changes. */
export const useThemeChoice = (): ThemeChoice => useSyncExternalStore(subscribeTheme, themeChoice);
