import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { Background, getViewportForBounds, ReactFlow, ReactFlowProvider, useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../i18n/i18n';
import { useAppStore } from '../store/app-store';
import { useGenerationStore } from './generation-store';
import { layoutPreview, previewNodeSize, type PreviewNode as PreviewFlowNode } from './preview-layout';
import { PreviewNode } from './preview-node';

const nodeTypes = { preview: PreviewNode };
const minZoom = 0.2;

/** The box around laid-out preview nodes, from their known size. */
function boundsOf(nodes: PreviewFlowNode[]): { x: number; y: number; width: number; height: number } {
  const xs = nodes.map((node) => node.position.x);
  const ys = nodes.map((node) => node.position.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) + previewNodeSize.width - x, height: Math.max(...ys) + previewNodeSize.height - y };
}

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
  const { setViewport } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const shape = nodes.map((node) => `${node.id}@${node.position.x},${node.position.y}`).join('|');

  // Every step that arrives is brought into view. Node sizes are known up front, so the view is
  // computed from the layout rather than from measured nodes (which lag behind new steps).
  useEffect(() => {
    if (!width || !height || nodes.length === 0) return;
    void setViewport(getViewportForBounds(boundsOf(nodes), width, height, minZoom, 1, 0.15), { duration: 200 });
    // `shape` stands for `nodes` (a new array each render, with the same steps in the same places).
  }, [shape, width, height, setViewport]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      zoomOnDoubleClick={false}
      minZoom={minZoom}
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
