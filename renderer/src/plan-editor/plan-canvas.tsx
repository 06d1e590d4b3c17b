import { Background, Controls, MiniMap, Panel, ReactFlow, SelectionMode, useReactFlow, type FitViewOptions, type Node } from '@xyflow/react';
import { CloseButton, Group, Loader, Paper, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../i18n/i18n';
import { useAppStore } from '../store/app-store';
import { editorActions } from './actions';
import { agentDragType, newStepFor } from './agent-palette-model';
import { CanvasMinimap } from './canvas-minimap';
import { fromView, stepNodeSize } from './graph-layout';
import type { PlanFlowNode } from './graph-to-flow';
import { nodeTypes } from './step-node';

const fitViewOptions = { padding: 0.12, maxZoom: 1 } as const;
const deleteKeys = ['Delete', 'Backspace'];
const multiSelectKeys = ['Meta', 'Control'];
/** Above this many steps only what is on screen is drawn. */
const visibleOnlyFrom = 300;
/** Above this many steps the overview is one canvas rather than an element per step. */
const bigPlanFrom = 2000;

/** How many steps a big plan opens on: its first ones, readable, rather than all of them at a tenth of their size. */
const openingSteps = 30;
let lastFit: { count: number; options: FitViewOptions } | null = null;

/** Fit everything in a small plan; in a big one, fit its first steps (far fewer nodes to draw, and legible). */
function useShallowFit(state: { nodes: PlanFlowNode[] }): FitViewOptions {
  const count = state.nodes.length;
  if (count < visibleOnlyFrom) return fitViewOptions;
  if (lastFit?.count === count) return lastFit.options;
  lastFit = { count, options: { ...fitViewOptions, nodes: state.nodes.slice(0, openingSteps).map((node) => ({ id: node.id })) } };
  return lastFit.options;
}

function minimapClass(node: Node): string {
  const flowNode = node as PlanFlowNode;
  if (flowNode.type === 'ghost') return 'minimap-removed';
  const diff = flowNode.data.diff;
  if (diff && diff.status !== 'same') return `minimap-${diff.status}`;
  if (diff?.moved) return 'minimap-moved';
  return flowNode.data.problems ? 'minimap-problem' : 'minimap-step';
}

/** The plan's graph: steps as nodes, dependencies as arrows from a step to the steps that wait for it. */
export function PlanCanvas() {
  const { t } = useTranslation();
  const nodes = useAppStore((state) => state.nodes);
  const edges = useAppStore((state) => state.edges);
  const onNodesChange = useAppStore((state) => state.onNodesChange);
  const onEdgesChange = useAppStore((state) => state.onEdgesChange);
  const onConnect = useAppStore((state) => state.onConnect);
  const deleteElements = useAppStore((state) => state.deleteElements);
  const viewedKey = useAppStore((state) =>
    state.viewing ? `${state.viewing.version.number}:${state.viewing.comparison?.from.number ?? ''}` : null,
  );
  const reading = useAppStore((state) => directionOf(state.language));
  const flow = useAppStore((state) => state.doc?.direction ?? 'LR');
  const layoutRuns = useAppStore((state) => state.layoutRuns);
  const readOnly = viewedKey !== null;
  const { fitView, screenToFlowPosition } = useReactFlow();
  const fitOptions = useAppStore(useShallowFit);

  useEffect(() => {
    void fitView(fitOptions);
    // Refit when the picture changes as a whole (not on every edit, hence no fitOptions here).
  }, [reading, flow, viewedKey, layoutRuns, fitView]);

  useFocusRequests();

  const onDelete = useCallback(
    ({ nodes: removed, edges: cut }: { nodes: Node[]; edges: { id: string; source: string; target: string }[] }) => {
      const stepIds = removed.filter((node) => node.type === 'step').map((node) => node.id);
      const dependencies = cut.filter((edge) => !edge.id.startsWith('removed:')).map(({ source, target }) => ({ source, target }));
      deleteElements(stepIds, dependencies);
    },
    [deleteElements],
  );

  const onDrop = useCallback(
    (event: DragEvent<HTMLDivElement>) => {
      const agentId = event.dataTransfer.getData(agentDragType);
      const state = useAppStore.getState();
      if (!agentId || !state.doc || state.viewing) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const drawn = { x: point.x - stepNodeSize.width / 2, y: point.y - stepNodeSize.height / 2 };
      const step = newStepFor(agentId, state.agentsById.get(agentId), state.doc.graph);
      state.dispatch(editorActions.addStep, { step, position: fromView(drawn, reading) });
    },
    [screenToFlowPosition, reading],
  );

  const start = reading === 'rtl' ? 'right' : 'left';
  const end = reading === 'rtl' ? 'left' : 'right';

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onDelete={onDelete}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes(agentDragType)) {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={readOnly ? null : deleteKeys}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={multiSelectKeys}
      selectionMode={SelectionMode.Partial}
      onlyRenderVisibleElements={nodes.length >= visibleOnlyFrom}
      fitView
      fitViewOptions={fitOptions}
      minZoom={0.1}
      maxZoom={2}
      connectionRadius={28}
      defaultEdgeOptions={{ interactionWidth: 24 }}
      proOptions={{ hideAttribution: false }}
      attributionPosition={`top-${end}`}
      aria-label={t('plan.canvasLabel')}
      data-testid="flow"
      data-layout-runs={layoutRuns}
    >
      <Background gap={24} size={1.5} color="var(--mantine-color-gray-4)" />
      {/* The fit-view button shows the whole plan, also where opening showed only its first steps. */}
      <Controls position={`bottom-${start}`} showInteractive={false} fitViewOptions={fitViewOptions} />
      {nodes.length <= bigPlanFrom ? (
        <MiniMap position={`bottom-${end}`} pannable zoomable nodeBorderRadius={8} nodeClassName={minimapClass} />
      ) : (
        <CanvasMinimap position={`bottom-${end}`} />
      )}
      {nodes.length === 0 ? (
        <Panel position="top-center" className="canvas-empty">
          <Paper withBorder p="lg" radius="lg" maw={420} shadow="xs">
            <Text size="sm" c="dimmed" ta="center" data-testid="canvas-empty">
              {t('plan.emptyCanvas')}
            </Text>
          </Paper>
        </Panel>
      ) : null}
      <LayoutBusy />
      <CanvasMessage />
    </ReactFlow>
  );
}

/** Brings a step into view when the problems list or the diff list asks for it. */
function useFocusRequests() {
  const request = useAppStore((state) => state.focusRequest);
  const { getInternalNode, setCenter, getZoom, fitView } = useReactFlow();
  const handled = useRef(0);
  useEffect(() => {
    // React Flow's helpers change identity now and then; each request is served once.
    if (!request || request.nonce === handled.current) return;
    handled.current = request.nonce;
    if (request.fit) {
      void fitView({ ...fitViewOptions, duration: 200 });
      return;
    }
    const node = getInternalNode(request.stepId);
    if (!node) return;
    const { x, y } = node.internals.positionAbsolute;
    void setCenter(x + stepNodeSize.width / 2, y + stepNodeSize.height / 2, { zoom: Math.max(getZoom(), 0.9), duration: 250 });
  }, [request, getInternalNode, setCenter, getZoom, fitView]);
}

function LayoutBusy() {
  const { t } = useTranslation();
  const busy = useAppStore((state) => state.layoutBusy);
  if (!busy) return null;
  return (
    <Panel position="top-center">
      <Paper withBorder shadow="xs" px="md" py={6} radius="xl" data-testid="layout-busy">
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('layout.busy')}</Text>
        </Group>
      </Paper>
    </Panel>
  );
}

/** Why a connection was refused, or what a copy or paste did; it goes away by itself. */
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
  const refusal = message.key.startsWith('plan.');
  return (
    <Panel position="top-center">
      <Paper
        withBorder
        shadow="sm"
        p="sm"
        radius="md"
        className={refusal ? 'canvas-message' : 'canvas-message is-info'}
        role={refusal ? 'alert' : 'status'}
        data-testid="canvas-message"
      >
        <Group gap="sm" wrap="nowrap">
          <Text size="sm">{t(message.key, message.values)}</Text>
          <CloseButton size="sm" onClick={clear} aria-label={t('common.close')} />
        </Group>
      </Paper>
    </Panel>
  );
}
