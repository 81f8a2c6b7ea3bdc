import { Alert, Badge, createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // White on indigo.6 is 4.1:1; shade 8 passes WCAG AA (4.5:1) for button labels.
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  components: {
    // The light alerts' coloured titles (yellow on yellow: 2.7:1) fail AA; the body text colour passes.
    // Badges pick black or white text by their background (light badges' coloured text fails AA).
    Badge: Badge.extend({ defaultProps: { autoContrast: true, variant: 'filled' } }),
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
});

// Mantine's dimmed grey (descriptions, hints) is 3.3:1 on white; WCAG AA wants 4.5:1 for small text.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-placeholder': '#5c636a' },
  dark: {},
});
