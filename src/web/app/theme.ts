import { createTheme } from '@mantine/core';

// Blue 8 on white and dimmed text (gray 7) keep AA contrast; focus rings always visible.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  focusRing: 'always',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  other: { dimmed: 'var(--mantine-color-gray-7)' },
});
