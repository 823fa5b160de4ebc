import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/** Text of light, subtle and outline variants (badges, quiet buttons): shade 9 darkened by 35 %.
 * Mantine's own (shade 9 on shade 1, or shade 6 on white) is under AA for small text: green
 * 3.8:1, red 3.3:1, yellow less. */
const textOn = (shade9: string) => darken(shade9, 0.35);

const variantColorResolver: VariantColorsResolver = (input) => {
  const result = defaultVariantColorsResolver(input);
  if (!['light', 'subtle', 'outline'].includes(input.variant ?? '')) return result;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return result;
  // An explicit dark shade (red.8) is kept; anything lighter gets the darkened shade 9.
  const text =
    parsed.shade !== undefined && parsed.shade >= 8
      ? parsed.value
      : textOn(input.theme.colors[parsed.color]![9]);
  return { ...result, color: text, ...(input.variant === 'outline' ? { border: `1px solid ${text}` } : {}) };
};

// Blue 8 on white and dimmed text (gray 7) keep AA contrast; focus rings always visible.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  focusRing: 'always',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  other: { dimmed: 'var(--mantine-color-gray-7)' },
  variantColorResolver,
  components: {
    // Links inside text are underlined: colour alone does not set them apart (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: 'always' } },
    // The × of drawers and dialogs is an icon: it needs a name for screen readers (WCAG 4.1.2).
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
  },
});

/** Mantine's "dimmed" text (descriptions, captions, placeholders' neighbours) is gray 6, under AA
 * contrast on white; gray 7 passes (7.5:1). */
export const cssVariablesResolver: CSSVariablesResolver = (current) => ({
  variables: {},
  light: {
    ...Object.fromEntries(
      Object.entries(current.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        textOn(shades[9] ?? '#000'),
      ]),
    ),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Error text (field errors) in red 8: red 6 is 3.3:1 on white.
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
