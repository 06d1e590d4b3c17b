import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StepFlowNode } from './graph-to-flow';

/**
 * One step on the canvas: its title and agent, a target handle on the reading-start side
 * (what it waits for comes in) and a source handle on the reading-end side.
 */
export const StepNode = memo(function StepNode({ id, data, selected, sourcePosition, targetPosition }: NodeProps<StepFlowNode>) {
  return (
    <div className={selected ? 'step-node is-selected' : 'step-node'} data-testid={`step-node-${id}`}>
      <Handle
        type="target"
        position={targetPosition ?? Position.Left}
        className="step-handle"
        data-testid={`step-target-${id}`}
      />
      <div className="step-node-title" data-testid="step-title">
        {data.title}
      </div>
      <div className="step-node-agent" data-testid="step-agent" dir="ltr">
        {data.agent}
      </div>
      <Handle
        type="source"
        position={sourcePosition ?? Position.Right}
        className="step-handle"
        data-testid={`step-source-${id}`}
      />
    </div>
  );
});

/** Node types for React Flow, at module scope so the object never changes. */
export const nodeTypes = { step: StepNode };
