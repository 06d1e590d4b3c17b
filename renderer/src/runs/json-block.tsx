import { Text } from '@mantine/core';
import { prettyJson } from './format-run';

/** Past this many characters a value is cut, so a huge output does not stall the tab. */
const maxCharacters = 20_000;

/** A value as indented JSON, always left to right. */
export function JsonBlock({ value, testId, empty }: { value: unknown; testId?: string; empty?: string }) {
  if (value === undefined || value === null) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {empty ?? '—'}
      </Text>
    );
  }
  const text = prettyJson(value);
  return (
    <pre className="json-block" dir="ltr" data-testid={testId}>
      {text.length > maxCharacters ? `${text.slice(0, maxCharacters)}\n…` : text}
    </pre>
  );
}
