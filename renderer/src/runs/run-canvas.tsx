import { Background, Controls, MarkerType, Position as Side, ReactFlow, useReactFlow, useStore, type Edge, type NodeHandle } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { StepStatus } from '../api/contract';
import { directionOf } from '../i18n/i18n';
import { useAppStore } from '../store/app-store';
import { FarEdges } from './far-edges';
import { drawnPosition, runNodeSize } from './run-layout';
import { runNodeTypes, type RunFlowNode } from './run-node';
import { RunNodeLookContext, type RunNodeLook } from './run-node-look';

const arrow = { type: MarkerType.ArrowClosed, width: 18, height: 18 } as const;
const noEdges: Edge[] = [];
const fitViewOptions = { padding: 0.15, maxZoom: 1.1 };
/** From this many steps only the nodes in view are drawn. */
const visibleOnlyFrom = 300;
/** How many steps a big run's first view is fitted to. */
const focusCount = 8;
/** Below this zoom a node's words cannot be read: it is drawn as a block of its status colour. */
const farZoom = 0.45;

/**
 * Where a node's handles are, given up front with its size: React Flow then need not draw every
 * node once to measure it, and a 10,000-step run draws only the nodes in view from the start.
 */
function handlesOf(sides: { source: Side; target: Side }): NodeHandle[] {
  const size = 8;
  const middle = runNodeSize.height / 2 - size / 2;
  const at = (side: Side) => (side === Side.Left ? -size / 2 : runNodeSize.width - size / 2);
  return [
    { type: 'target', position: sides.target, x: at(sides.target), y: middle, width: size, height: size },
    { type: 'source', position: sides.source, x: at(sides.source), y: middle, width: size, height: size },
  ];
}

/** The run's graph: the plan's steps where the editor puts them, each showing its live status. */
export function RunCanvas() {
  const { t } = useTranslation();
  const language = useAppStore((state) => state.language);
  const graph = useAppStore((state) => state.runView?.graph ?? null);
  const positions = useAppStore((state) => state.runView?.positions ?? null);
  const reading = useAppStore((state) => directionOf(state.language));
  const selectRunStep = useAppStore((state) => state.selectRunStep);
  const { fitView } = useReactFlow();
  const far = useStore((state) => state.transform[2] < farZoom);
  // The words every node shows, made once per language rather than once per node.
  const look = useMemo<RunNodeLook>(
    () => ({
      far,
      language,
      statusLabel: Object.fromEntries(StepStatus.options.map((status) => [status, t(`stepStatus.${status}`)])) as RunNodeLook['statusLabel'],
      cacheHit: t('runNode.cacheHit'),
      attempt: (attempt) => t('runNode.attempt', { attempt }),
    }),
    [far, language, t],
  );

  const nodes = useMemo(() => {
    if (!graph || !positions) return [] as RunFlowNode[];
    const sides = reading === 'rtl' ? { source: Side.Left, target: Side.Right } : { source: Side.Right, target: Side.Left };
    const handles = handlesOf(sides);
    return graph.steps.map(
      (step): RunFlowNode => ({
        id: step.id,
        type: 'runStep',
        position: drawnPosition(positions[step.id] ?? { x: 0, y: 0 }, reading),
        ...runNodeSize,
        measured: runNodeSize,
        handles,
        data: { step },
        sourcePosition: sides.source,
        targetPosition: sides.target,
        draggable: false,
        connectable: false,
        deletable: false,
        selectable: false,
      }),
    );
  }, [graph, positions, reading]);

  const edges = useMemo(() => {
    if (!graph || !positions) return [] as Edge[];
    const ids = new Set(graph.steps.map((step) => step.id));
    return graph.steps.flatMap((step) =>
      step.dependsOn
        .filter((source) => ids.has(source))
        .map((source): Edge => ({ id: `${source}->${step.id}`, source, target: step.id, markerEnd: arrow, selectable: false, deletable: false })),
    );
  }, [graph, positions]);

  useEffect(() => {
    if (nodes.length === 0) return;
    if (nodes.length < visibleOnlyFrom) {
      void fitView(fitViewOptions);
      return;
    }
    // A big run opens at a readable zoom on what matters: its failures, else what runs or waits, else its start.
    const steps = useAppStore.getState().runView?.steps ?? {};
    const having = (statuses: string[]) => nodes.filter((node) => statuses.includes(steps[node.id]?.status ?? '')).slice(0, focusCount);
    const failed = having(['failed']);
    const busy = having(['running', 'waiting_approval']);
    const focus = failed.length > 0 ? failed : busy.length > 0 ? busy : nodes.slice(0, focusCount);
    void fitView({ nodes: focus.map((node) => ({ id: node.id })), padding: 0.3, minZoom: 0.6, maxZoom: 1 });
  }, [nodes, fitView]);

  // React Flow mounts with the nodes in hand, so its first fit knows how big the run is.
  if (nodes.length === 0) return null;
  return (
    <RunNodeLookContext.Provider value={look}>
      <ReactFlow
        nodes={nodes}
        // Far out the links are one path (FarEdges below); close up, React Flow's edges with their arrows.
        edges={far ? noEdges : edges}
        nodeTypes={runNodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        onNodeClick={(_, node) => selectRunStep(node.id)}
        onPaneClick={() => selectRunStep(null)}
        onlyRenderVisibleElements={nodes.length >= visibleOnlyFrom}
        fitView={nodes.length < visibleOnlyFrom}
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        maxZoom={2}
        aria-label={t('runView.canvasLabel')}
        data-testid="run-flow"
        className={far ? 'run-flow is-far' : 'run-flow'}
      >
        {/* Far out the dots would be a couple of pixels apart: no help to the eye, and drawn again in every tile a
            status change repaints (a third of a fast run's raster time). */}
        {far ? null : <Background gap={24} size={1.5} color="var(--mantine-color-gray-4)" />}
        <Controls position={reading === 'rtl' ? 'bottom-right' : 'bottom-left'} showInteractive={false} />
        {far && graph && positions ? <FarEdges graph={graph} positions={positions} reading={reading} /> : null}
      </ReactFlow>
    </RunNodeLookContext.Provider>
  );
}
