import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../api/contract';
import { ConnectionTestButton, ConnectionTestResult, type ConnectionOutcome } from './connection-test';
import { useAppStore } from '../store/app-store';
import {
  changedSettings,
  environmentVariableOf,
  fieldsOf,
  plannerDefaults,
  plannerValuesOf,
  providers,
  secretOf,
  type PlannerValues,
} from './planner-settings-model';
import './planner.css';

type SecretStatus = Output<'secrets.status'>;

/**
 * Settings → Planner: which provider makes plans (offline by default), its model and base URL
 * (workspace settings), and its API key — written through `secrets.set`, never read back.
 */
export function PlannerSettings() {
  const { t } = useTranslation();
  const api = useAppStore((state) => state.api);
  const workspaceId = useAppStore((state) => state.workspaceId);
  const reportError = useAppStore((state) => state.reportError);
  const [saved, setSaved] = useState<PlannerValues | null>(null);
  const [values, setValues] = useState<PlannerValues | null>(null);
  const [status, setStatus] = useState<SecretStatus | null>(null);
  const [key, setKey] = useState('');
  const [keyMessage, setKeyMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [tested, setTested] = useState<ConnectionOutcome | null>(null);

  const load = useCallback(async () => {
    if (!workspaceId) return;
    try {
      const [settings, secrets] = await Promise.all([api().settings.get({ workspaceId }), api().secrets.status({})]);
      const loaded = plannerValuesOf(settings);
      setSaved(loaded);
      setValues(loaded);
      setStatus(secrets);
    } catch (error) {
      reportError(error);
    }
  }, [api, workspaceId, reportError]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!values || !saved) return null;
  const provider = values.provider;
  const fields = fieldsOf(provider);
  const secret = secretOf(provider);
  const secretStatus = secret && status ? status[secret] : null;
  const change = (patch: Partial<PlannerValues>) => {
    setDone(false);
    setTested(null);
    setValues({ ...values, ...patch });
  };
  const dirty = changedSettings(saved, values).length > 0 || key.trim() !== '';

  const storeKey = async (value: string | null) => {
    if (!secret) return;
    try {
      await api().secrets.set({ name: secret, value });
      setKey('');
    } catch (error) {
      // A headless host keeps no keys; its message says which variable to set instead.
      setKeyMessage(error instanceof Error ? error.message : String(error));
      setKey('');
    }
  };

  const save = async () => {
    if (!workspaceId) return;
    setBusy(true);
    setKeyMessage(null);
    try {
      for (const { key: name, value } of changedSettings(saved, values)) {
        await api().settings.set({ workspaceId, key: name, value });
      }
      setSaved(values);
      if (key.trim()) await storeKey(key.trim());
      setStatus(await api().secrets.status({}));
      setDone(true);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const removeKey = async () => {
    setKeyMessage(null);
    await storeKey(null);
    setStatus(await api().secrets.status({}));
  };

  return (
    <Paper withBorder p="xl" radius="lg" data-testid="settings-planner">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <div>
            <Text fw={600}>{t('plannerSettings.title')}</Text>
            <Text size="sm" c="dimmed">
              {t('plannerSettings.hint')}
            </Text>
          </div>
          <Select
            data-testid="settings-planner-provider"
            label={t('plannerSettings.provider')}
            data={providers.map((name) => ({ value: name, label: t(`plannerSettings.providers.${name}`) }))}
            value={provider}
            onChange={(next) => change({ provider: providers.find((name) => name === next) ?? provider })}
            allowDeselect={false}
          />
          {fields ? (
            <div className="planner-settings-pair">
              <TextInput
                data-testid="settings-planner-model"
                label={t('plannerSettings.model')}
                placeholder={plannerDefaults[fields.model]}
                value={values[fields.model]}
                onChange={(event) => change({ [fields.model]: event.currentTarget.value })}
                dir="ltr"
              />
              <TextInput
                data-testid="settings-planner-baseurl"
                label={t('plannerSettings.baseUrl')}
                placeholder={plannerDefaults[fields.baseUrl]}
                value={values[fields.baseUrl]}
                onChange={(event) => change({ [fields.baseUrl]: event.currentTarget.value })}
                dir="ltr"
              />
            </div>
          ) : (
            <Text size="sm" c="dimmed" className="planner-settings-note" data-testid="settings-planner-offline">
              {t('plannerSettings.offlineNote')}
            </Text>
          )}
          {secret && secretStatus ? (
            <Stack gap={6}>
              <PasswordInput
                data-testid="settings-planner-key"
                label={provider === 'openai' ? t('plannerSettings.keyOptional') : t('plannerSettings.key')}
                placeholder={secretStatus.set ? t('plannerSettings.keyReplace') : t('plannerSettings.keyPlaceholder')}
                value={key}
                onChange={(event) => {
                  setDone(false);
                  setKey(event.currentTarget.value);
                }}
                autoComplete="off"
                dir="ltr"
              />
              <Group gap="sm">
                <Badge
                  variant="light"
                  color={secretStatus.set ? 'teal' : 'gray'}
                  data-testid="settings-planner-key-status"
                  data-set={secretStatus.set}
                  data-source={secretStatus.source}
                >
                  {t(`plannerSettings.keyStatus.${secretStatus.source}`, { variable: environmentVariableOf(secret) })}
                </Badge>
                {secretStatus.source === 'keychain' ? (
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => void removeKey()} data-testid="settings-planner-key-remove">
                    {t('plannerSettings.keyRemove')}
                  </Button>
                ) : null}
              </Group>
              {keyMessage ? (
                <Alert color="orange" variant="light" data-testid="settings-planner-key-message">
                  {keyMessage}
                </Alert>
              ) : null}
            </Stack>
          ) : null}
          {tested ? <ConnectionTestResult outcome={tested} /> : null}
          <Group justify="flex-end" gap="sm">
            {done && !keyMessage ? (
              <Text size="sm" c="teal.7" data-testid="settings-planner-saved">
                {t('plannerSettings.saved')}
              </Text>
            ) : null}
            {workspaceId ? (
              <ConnectionTestButton
                workspaceId={workspaceId}
                provider={provider}
                model={fields ? values[fields.model] : ''}
                baseUrl={fields ? values[fields.baseUrl] : ''}
                keyPending={key.trim() !== ''}
                onResult={setTested}
              />
            ) : null}
            <Button type="submit" data-testid="settings-planner-save" loading={busy} disabled={!dirty}>
              {t('plannerSettings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
