import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { stepNodeSize } from './graph-layout';
import type { PlanFlowNode } from './graph-to-flow';

const size = { width: 200, height: 150 };

/** Fill colours of the minimap, matching the step node states. */
const colours = {
  step: '#bac8ff',
  problem: '#ffa8a8',
  added: '#69db7c',
  changed: '#ffd43b',
  moved: '#b197fc',
  removed: '#ffc9c9',
  view: 'rgba(76, 110, 245, 0.9)',
};

function colourOf(node: PlanFlowNode): string {
  if (node.type === 'ghost') return colours.removed;
  const diff = node.data.diff;
  if (diff?.status === 'added') return colours.added;
  if (diff?.status === 'changed') return colours.changed;
  if (diff?.moved) return colours.moved;
  return node.data.problems ? colours.problem : colours.step;
}

/**
 * The overview for big plans: every step drawn as one rectangle on a canvas (React Flow's own
 * minimap keeps one SVG element and one store subscription per step, which does not scale to
 * 10,000 steps). A click centres the view there.
 */
export function CanvasMinimap({ position }: { position: 'bottom-left' | 'bottom-right' }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const nodes = useAppStore((state) => state.nodes);
  const transform = useStore((state) => state.transform);
  const view = useStore((state) => ({ width: state.width, height: state.height }), (a, b) => a.width === b.width && a.height === b.height);
  const { setCenter, getZoom } = useReactFlow();
  const frame = useRef<{ scale: number; minX: number; minY: number } | null>(null);
  const drawnAt = useRef(0);

  useEffect(() => {
    const draw = () => {
      drawnAt.current = performance.now();
      const context = canvas.current?.getContext('2d');
      if (!context || nodes.length === 0) return;
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const node of nodes) {
        minX = Math.min(minX, node.position.x);
        minY = Math.min(minY, node.position.y);
        maxX = Math.max(maxX, node.position.x + stepNodeSize.width);
        maxY = Math.max(maxY, node.position.y + stepNodeSize.height);
      }
      const scale = Math.min(size.width / (maxX - minX), size.height / (maxY - minY));
      frame.current = { scale, minX, minY };
      context.clearRect(0, 0, size.width, size.height);
      const width = Math.max(1, stepNodeSize.width * scale);
      const height = Math.max(1, stepNodeSize.height * scale);
      for (const node of nodes) {
        context.fillStyle = colourOf(node);
        context.fillRect((node.position.x - minX) * scale, (node.position.y - minY) * scale, width, height);
      }
      const [x, y, zoom] = transform;
      context.strokeStyle = colours.view;
      context.lineWidth = 1.5;
      context.strokeRect((-x / zoom - minX) * scale, (-y / zoom - minY) * scale, (view.width / zoom) * scale, (view.height / zoom) * scale);
    };
    // While a step is dragged the nodes change every frame; the overview follows ten times a second.
    let request = 0;
    const timer = setTimeout(() => (request = requestAnimationFrame(draw)), Math.max(0, 100 - (performance.now() - drawnAt.current)));
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(request);
    };
  }, [nodes, transform, view]);

  const onClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const placed = frame.current;
    if (!placed) return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - box.left) / placed.scale + placed.minX;
    const y = (event.clientY - box.top) / placed.scale + placed.minY;
    void setCenter(x, y, { zoom: getZoom(), duration: 200 });
  };

  return (
    <Panel position={position} className="canvas-minimap">
      <canvas ref={canvas} width={size.width} height={size.height} onClick={onClick} aria-label={t('plan.minimap')} data-testid="canvas-minimap" />
    </Panel>
  );
}
