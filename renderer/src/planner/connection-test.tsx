import { Alert, Button, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TizmorError, type ConnectionTest, type PlannerProvider } from '../api/contract';
import { useAppStore } from '../store/app-store';

/** A finished test: the host's answer, or why the test could not be asked (e.g. a base URL that is not an address). */
export type ConnectionOutcome = { kind: 'answer'; result: ConnectionTest } | { kind: 'refused'; message: string };

/**
 * "Test connection": one tiny request to the provider as the form shows it (model and base URL,
 * saved or not) with the stored key. The host never fails the call for a provider fault; it says what to fix.
 */
export function ConnectionTestButton(props: {
  workspaceId: string;
  provider: PlannerProvider;
  model: string;
  baseUrl: string;
  /** A key was typed and not saved yet: the test would use the stored one, so it waits. */
  keyPending: boolean;
  onResult: (outcome: ConnectionOutcome | null) => void;
}) {
  const { t } = useTranslation();
  const api = useAppStore((state) => state.api);
  const [testing, setTesting] = useState(false);

  const test = async () => {
    setTesting(true);
    props.onResult(null);
    try {
      const result = await api().planner.testConnection({
        workspaceId: props.workspaceId,
        provider: props.provider,
        model: props.model.trim() || undefined,
        baseUrl: props.baseUrl.trim() || undefined,
      });
      props.onResult({ kind: 'answer', result });
    } catch (error) {
      const details = error instanceof TizmorError && Array.isArray(error.details) ? (error.details as Array<{ message?: unknown }>) : [];
      const detail = details.map((item) => (typeof item.message === 'string' ? item.message : '')).filter(Boolean).join(' ');
      props.onResult({ kind: 'refused', message: detail || (error instanceof Error ? error.message : String(error)) });
    } finally {
      setTesting(false);
    }
  };

  const button = (
    <Button variant="default" onClick={() => void test()} loading={testing} disabled={props.keyPending} data-testid="settings-planner-test">
      {t('connectionTest.button')}
    </Button>
  );
  return props.keyPending ? (
    <Tooltip label={t('connectionTest.saveKeyFirst')} withArrow>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

/** The answer of a connection test: a headline in the person's language, then the host's own words. */
export function ConnectionTestResult({ outcome }: { outcome: ConnectionOutcome }) {
  const { t } = useTranslation();
  if (outcome.kind === 'refused') {
    return (
      <Alert color="red" variant="light" title={t('connectionTest.fault.bad_input')} data-testid="settings-planner-test-result" data-ok="false" data-fault="bad_input">
        <Text size="sm" dir="auto">
          {outcome.message}
        </Text>
      </Alert>
    );
  }
  const { result } = outcome;
  const title = result.ok ? t('connectionTest.ok', { ms: result.latencyMs }) : t(`connectionTest.fault.${result.fault ?? 'bad_request'}`);
  return (
    <Alert
      color={result.ok ? 'teal' : 'red'}
      variant="light"
      title={title}
      data-testid="settings-planner-test-result"
      data-ok={String(result.ok)}
      data-fault={result.fault ?? ''}
    >
      <Text size="sm" dir="auto" data-testid="settings-planner-test-message">
        {result.message}
      </Text>
    </Alert>
  );
}
