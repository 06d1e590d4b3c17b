import { Tabs } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContextTab } from './tabs/context-tab';
import { LogsTab } from './tabs/logs-tab';
import { MetricsTab } from './tabs/metrics-tab';
import { TraceTab } from './tabs/trace-tab';

const tabs = ['logs', 'context', 'metrics', 'trace'] as const;
type TabName = (typeof tabs)[number];

/** Logs, context, metrics and trace of the run; each follows the step selected on the graph. */
export function RunTabs() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabName>('logs');
  return (
    <Tabs value={tab} onChange={(value) => setTab((value as TabName | null) ?? 'logs')} className="run-tabs" keepMounted={false}>
      <Tabs.List grow>
        {tabs.map((name) => (
          <Tabs.Tab key={name} value={name} data-testid={`tab-${name}`}>
            {t(`runTabs.${name}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="logs" className="run-tab-panel">
        <LogsTab />
      </Tabs.Panel>
      <Tabs.Panel value="context" className="run-tab-panel">
        <ContextTab />
      </Tabs.Panel>
      <Tabs.Panel value="metrics" className="run-tab-panel">
        <MetricsTab />
      </Tabs.Panel>
      <Tabs.Panel value="trace" className="run-tab-panel">
        <TraceTab />
      </Tabs.Panel>
    </Tabs>
  );
}
