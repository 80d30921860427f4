import { useThemeChoice } from '../hooks/useTheme.ts';
import { THEME_CHOICES, parseThemeChoice, setThemeChoice } from '../lib/theme.ts';

const LABELS = { system: 'System theme', light: 'Light', dark: 'Dark' } as const;

/** The header's theme switch: light, dark or the system's; the choice is kept in localStorage. */
export function ThemeToggle() {
  const choice = useThemeChoice();
  return (
    <select
      className="theme-toggle"
      aria-label="Theme"
      data-testid="theme-toggle"
      value={choice}
      onChange={(e) => setThemeChoice(parseThemeChoice(e.target.value))}
    >
      {THEME_CHOICES.map((c) => (
        <option key={c} value={c}>
          {LABELS[c]}
        </option>
      ))}
    </select>
  );
}
