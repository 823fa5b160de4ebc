import { type CSSVariablesResolver, createTheme } from '@mantine/core';

// Blue 8 on white and dimmed text (gray 7) keep AA contrast; focus rings always visible.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  focusRing: 'always',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  other: { dimmed: 'var(--mantine-color-gray-7)' },
});

/** Mantine's "dimmed" text (descriptions, captions, placeholders' neighbours) is gray 6, under AA
 * contrast on white; gray 7 passes (7.5:1). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Error text (field errors) in red 8: red 6 is 3.3:1 on white.
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
