import { Loader, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentDescriptor } from '../api/contract';
import { SearchIcon } from '../shell/icons';
import { useAppStore } from '../store/app-store';
import { editorActions } from './actions';
import { AgentIcon, agentIconKind } from './agent-icon';
import { agentDragType, filterAgents, newStepFor } from './agent-palette-model';
import { placeNewStep } from './graph-layout';

/** Adds a step for `agent` after the selected step (or after the last one) and shows it. */
function addAgentStep(agent: AgentDescriptor): void {
  const state = useAppStore.getState();
  const doc = state.doc;
  if (!doc || state.viewing) return;
  const positions = { ...doc.autoPositions, ...doc.graph.layout };
  const anchorId = state.selectedStepIds.length === 1 ? state.selectedStepIds[0] : undefined;
  const anchor = anchorId ? (positions[anchorId] ?? null) : null;
  const step = newStepFor(agent.id, agent, doc.graph);
  if (state.dispatch(editorActions.addStep, { step, position: placeNewStep(Object.values(positions), anchor, doc.direction) })) {
    // A small plan is shown whole; in a big one the view goes to the new step.
    state.focusStep(step.id, undefined, doc.graph.steps.length < 30);
  }
}

/** The agent catalog beside the canvas: search it, click an agent to add a step, or drag it onto the canvas. */
export function AgentPalette() {
  const { t } = useTranslation();
  const agents = useAppStore((state) => state.agents);
  const disabled = useAppStore((state) => state.viewing !== null);
  const [query, setQuery] = useState('');
  const shown = agents ? filterAgents(agents, query) : [];

  return (
    <nav className="agent-palette" data-testid="agent-palette" aria-label={t('palette.title')}>
      <Stack gap="xs" className="agent-palette-head">
        <Text fw={600} size="sm">
          {t('palette.title')}
        </Text>
        <TextInput
          size="xs"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          placeholder={t('palette.search')}
          aria-label={t('palette.search')}
          leftSection={<SearchIcon size={14} />}
          data-testid="agent-palette-search"
        />
      </Stack>
      <ScrollArea className="agent-palette-list" type="auto" offsetScrollbars>
        {agents === null ? (
          <Loader size="sm" m="md" />
        ) : shown.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm" data-testid="palette-empty">
            {t('palette.none')}
          </Text>
        ) : (
          shown.map((agent) => (
            <UnstyledButton
              key={agent.id}
              className="palette-item"
              data-testid={`palette-agent-${agent.id}`}
              disabled={disabled}
              draggable={!disabled}
              title={agent.description}
              onDragStart={(event) => {
                event.dataTransfer.setData(agentDragType, agent.id);
                event.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => addAgentStep(agent)}
            >
              <span className={`palette-icon risk-${agent.risk}`} title={t(`agentsPage.risk.${agent.risk}`)}>
                <AgentIcon kind={agentIconKind(agent.id, agent)} size={18} />
              </span>
              <span className="palette-text">
                <Text size="sm" fw={500} lineClamp={1} component="span" className="palette-name" dir="auto">
                  {agent.name}
                </Text>
                <Text size="xs" c="dimmed" component="span" dir="ltr" className="palette-id">
                  {agent.id}
                </Text>
              </span>
            </UnstyledButton>
          ))
        )}
      </ScrollArea>
      <Text size="xs" c="dimmed" className="agent-palette-hint">
        {t('palette.hint')}
      </Text>
    </nav>
  );
}
