import { Background, Controls, MiniMap, Panel, ReactFlow, useReactFlow } from '@xyflow/react';
import { CloseButton, Group, Paper, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../i18n/i18n';
import { useAppStore } from '../store/app-store';
import { nodeTypes } from './step-node';

const fitViewOptions = { padding: 0.12, maxZoom: 1 } as const;
const deleteKeys = ['Delete', 'Backspace'];

/** The plan's graph: steps as nodes, dependencies as arrows from a step to the steps that wait for it. */
export function PlanCanvas() {
  const { t } = useTranslation();
  const nodes = useAppStore((state) => state.nodes);
  const edges = useAppStore((state) => state.edges);
  const onNodesChange = useAppStore((state) => state.onNodesChange);
  const onEdgesChange = useAppStore((state) => state.onEdgesChange);
  const onConnect = useAppStore((state) => state.onConnect);
  const viewedNumber = useAppStore((state) => state.viewing?.version.number ?? null);
  const direction = useAppStore((state) => directionOf(state.language));
  const readOnly = viewedNumber !== null;
  const { fitView } = useReactFlow();

  useEffect(() => {
    void fitView(fitViewOptions);
  }, [direction, viewedNumber, fitView]);

  const start = direction === 'rtl' ? 'right' : 'left';
  const end = direction === 'rtl' ? 'left' : 'right';

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={readOnly ? null : deleteKeys}
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.2}
      maxZoom={2}
      connectionRadius={28}
      defaultEdgeOptions={{ interactionWidth: 24 }}
      proOptions={{ hideAttribution: false }}
      attributionPosition={`top-${end}`}
      aria-label={t('plan.canvasLabel')}
    >
      <Background gap={24} size={1.5} color="var(--mantine-color-gray-4)" />
      <Controls position={`bottom-${start}`} showInteractive={false} />
      <MiniMap position={`bottom-${end}`} pannable zoomable nodeBorderRadius={8} nodeColor="var(--mantine-color-indigo-2)" />
      {nodes.length === 0 ? (
        <Panel position="top-center" className="canvas-empty">
          <Paper withBorder p="lg" radius="lg" maw={420} shadow="xs">
            <Text size="sm" c="dimmed" ta="center" data-testid="canvas-empty">
              {t('plan.emptyCanvas')}
            </Text>
          </Paper>
        </Panel>
      ) : null}
      <CanvasMessage />
    </ReactFlow>
  );
}

/** Why a connection was refused; it goes away by itself after a while. */
function CanvasMessage() {
  const { t } = useTranslation();
  const message = useAppStore((state) => state.canvasMessage);
  const clear = useAppStore((state) => state.clearCanvasMessage);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(clear, 8000);
    return () => clearTimeout(timer);
  }, [message, clear]);
  if (!message) return null;
  return (
    <Panel position="top-center">
      <Paper withBorder shadow="sm" p="sm" radius="md" className="canvas-message" role="alert" data-testid="canvas-message">
        <Group gap="sm" wrap="nowrap">
          <Text size="sm">{t(message.key, message.values)}</Text>
          <CloseButton size="sm" onClick={clear} aria-label={t('common.close')} />
        </Group>
      </Paper>
    </Panel>
  );
}
