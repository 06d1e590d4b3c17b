import { Badge, createTheme } from '@mantine/core';

/** Tizmor's look: calm indigo, roomy spacing, system fonts that carry Hebrew. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Hebrew', 'DejaVu Sans', Arial, sans-serif",
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    // Sentence case reads calmer than Mantine's all-caps badges, and Hebrew has no case anyway.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none', fontWeight: 600 } } }),
  },
});
