import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Contrast: the default dimmed grey on white falls short of WCAG AA for small text.
  colors: {},
  defaultRadius: 'md',
});
