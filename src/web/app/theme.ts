import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  toRgba,
  type VariantColorsResolver,
} from '@mantine/core';

/** Text of light, subtle and outline variants (badges, quiet buttons): shade 9 darkened by 35 %.
 * Mantine's own (shade 9 on shade 1, or shade 6 on white) is under AA for small text: green
 * 3.8:1, red 3.3:1, yellow less. */
const textOn = (shade9: string) => darken(shade9, 0.35);

/** WCAG contrast ratio of white text on an opaque background (`#rrggbb` or Mantine's `rgba(r, g, b, 1)`). */
function contrastWithWhite(color: string): number {
  const rgb = toRgba(color);
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * linear(rgb.r) + 0.7152 * linear(rgb.g) + 0.0722 * linear(rgb.b);
  return 1.05 / (luminance + 0.05);
}

/** A filled background darkened until white text on it reaches AA (4.5:1): green 8 is 3.4:1. */
function readableFill(background: string): string {
  let fill = background;
  for (let step = 0; step < 10 && contrastWithWhite(fill) < 4.5; step++) fill = darken(fill, 0.08);
  return fill;
}

const variantColorResolver: VariantColorsResolver = (input) => {
  const result = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  // A filled one with an explicit shade (green.8): darkened as the default filled colours are
  // (see cssVariablesResolver) when white text on it is under AA.
  if ((input.variant ?? 'filled') === 'filled') {
    if (!parsed.isThemeColor || parsed.shade === undefined || input.autoContrast) return result;
    const background = readableFill(parsed.value);
    return background === parsed.value
      ? result
      : { ...result, background, hover: darken(background, 0.1), border: `1px solid ${background}` };
  }
  if (!['light', 'subtle', 'outline'].includes(input.variant ?? '')) return result;
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
    // Filled buttons and badges carry white text: their shade 8 darkened where it is under AA
    // (green 8 is 3.4:1; cyan, teal, lime, yellow and orange are under 4.5 too); blue, red, grape keep theirs.
    ...Object.fromEntries(
      Object.entries(current.colors).flatMap(([name, shades]) => {
        const filled = shades[8];
        if (!filled) return [];
        const readable = readableFill(filled);
        return readable === filled
          ? []
          : [
              [`--mantine-color-${name}-filled`, readable],
              [`--mantine-color-${name}-filled-hover`, darken(readable, 0.1)],
            ];
      }),
    ),
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Error text (field errors) in red 8: red 6 is 3.3:1 on white.
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
