import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { textDirection } from './text-direction';

export interface RequestFormProps {
  /** data-testid of the text box; the button gets `submitTestId`. */
  testId: string;
  submitTestId: string;
  title: string;
  hint?: ReactNode;
  placeholder: string;
  buttonLabel: string;
  shortcut: string;
  busy: boolean;
  /** Why nothing can be asked now (shown instead of the shortcut), or null. */
  blockedReason?: string | null;
  minRows?: number;
  maxLength: number;
  /** Sends the text; resolves true when it was taken (the box then empties). */
  onSubmit: (text: string) => Promise<boolean> | boolean;
}

/**
 * A box for words to the planner — a new request or a change to a plan — in English or Hebrew:
 * it follows the writing direction of what is typed, and Ctrl+Enter sends it.
 */
export function RequestForm(props: RequestFormProps) {
  const [text, setText] = useState('');
  const blocked = Boolean(props.blockedReason);
  const ready = text.trim() !== '' && !props.busy && !blocked;

  const submit = async () => {
    if (!ready) return;
    if (await props.onSubmit(text.trim())) setText('');
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <div>
          <Text fw={600}>{props.title}</Text>
          {props.hint ? (
            <Text size="sm" c="dimmed">
              {props.hint}
            </Text>
          ) : null}
        </div>
        <Textarea
          data-testid={props.testId}
          aria-label={props.title}
          placeholder={props.placeholder}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              void submit();
            }
          }}
          autosize
          minRows={props.minRows ?? 2}
          maxRows={8}
          maxLength={props.maxLength}
          dir={textDirection(text, undefined)}
        />
        <Group justify="space-between" gap="sm" wrap="nowrap">
          <Text size="xs" c={blocked ? 'orange.8' : 'dimmed'} data-testid={blocked ? `${props.testId}-blocked` : undefined}>
            {props.blockedReason ?? props.shortcut}
          </Text>
          <Button type="submit" data-testid={props.submitTestId} disabled={!ready} loading={props.busy} style={{ flex: 'none' }}>
            {props.buttonLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
