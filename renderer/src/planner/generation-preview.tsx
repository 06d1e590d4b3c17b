import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { Background, ReactFlow, ReactFlowProvider, useNodesInitialized, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../i18n/i18n';
import { useAppStore } from '../store/app-store';
import { useGenerationStore } from './generation-store';
import { layoutPreview } from './preview-layout';
import { PreviewNode } from './preview-node';

const nodeTypes = { preview: PreviewNode };

/** How long a finished plan with nothing to warn about stays in view before it opens. */
const openDelayMs = 1200;

/** The plan as the planner writes it, step by step, then its warnings and the way into it. */
export function GenerationPreview() {
  const { t } = useTranslation();
  const open = useGenerationStore((state) => state.open);
  const request = useGenerationStore((state) => state.request);
  const kind = useGenerationStore((state) => state.kind);
  const phase = useGenerationStore((state) => state.phase);
  const steps = useGenerationStore((state) => state.steps);
  const message = useGenerationStore((state) => state.message);
  const result = useGenerationStore((state) => state.result);
  const openPlan = useGenerationStore((state) => state.openPlan);
  const hide = useGenerationStore((state) => state.hide);
  const warnings = result?.warnings ?? [];
  // The offline planner titles a plan with its request, which is shown just above.
  let readyText = result && result.plan.title !== request ? t('generate.ready', { title: result.plan.title }) : t('generate.readyPlain');
  if (result && kind === 'replan') readyText = t('replan.ready', { number: result.version.number });

  useEffect(() => {
    if (!open || !result || result.warnings.length > 0) return;
    const timer = setTimeout(openPlan, openDelayMs);
    return () => clearTimeout(timer);
  }, [open, result, openPlan]);

  return (
    <Modal opened={open} onClose={hide} title={kind === 'replan' ? t('replan.previewTitle') : t('generate.previewTitle')} size="min(1040px, 92vw)" centered closeOnClickOutside={false}>
      <Stack gap="md" data-testid="generation-preview" data-phase={phase ?? ''} data-kind={kind}>
        <Text size="sm" className="generation-request" dir="auto" lineClamp={3}>
          {request}
        </Text>
        <Group gap="sm" wrap="nowrap" data-testid="generation-status">
          {result ? null : <Loader size="sm" />}
          <div>
            <Text size="sm" fw={600}>
              {result ? readyText : t(`generate.phase.${phase ?? 'started'}`)}{' '}
              <Text span c="dimmed" fw={400}>
                · {t('generate.steps', { count: steps.length })}
              </Text>
            </Text>
            {result ? (
              <Text size="xs" c="dimmed" data-testid="generation-provider">
                {result.provider === 'offline' ? t('generate.madeOffline') : t('generate.madeBy', { provider: result.provider, model: result.model ?? '' })}
              </Text>
            ) : message ? (
              <Text size="xs" c="dimmed" dir="auto">
                {message}
              </Text>
            ) : null}
          </div>
        </Group>
        <div className="generation-canvas">
          <ReactFlowProvider>
            <PreviewCanvas />
          </ReactFlowProvider>
        </div>
        {warnings.length > 0 ? (
          <Alert color="yellow" variant="light" title={t('generate.warningsTitle')} data-testid="generation-warnings">
            <ul className="generation-warning-list">
              {warnings.map((warning) => (
                <li key={warning} dir="auto">
                  {warning}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={hide} data-testid="generation-hide">
            {result ? t('common.close') : t('generate.hide')}
          </Button>
          <Button onClick={openPlan} disabled={!result} data-testid="generation-open">
            {kind === 'replan' ? t('replan.show') : t('generate.open')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PreviewCanvas() {
  const { t } = useTranslation();
  const steps = useGenerationStore((state) => state.steps);
  const reading = useAppStore((state) => directionOf(state.language));
  const { nodes, edges } = useMemo(() => layoutPreview(steps, reading), [steps, reading]);
  const { fitView } = useReactFlow();
  const initialized = useNodesInitialized();
  const shape = nodes.map((node) => `${node.id}@${node.position.x},${node.position.y}`).join('|');

  useEffect(() => {
    if (initialized) void fitView({ padding: 0.15, maxZoom: 1, duration: 200 });
  }, [initialized, shape, fitView]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      zoomOnDoubleClick={false}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
      minZoom={0.2}
    >
      <Background gap={20} size={1} />
      {steps.length === 0 ? (
        <div className="generation-waiting">
          <Text c="dimmed" size="sm">
            {t('generate.waiting')}
          </Text>
        </div>
      ) : null}
    </ReactFlow>
  );
}
