import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { PreviewNode as PreviewFlowNode } from './preview-layout';

/** A step of a plan being generated: its number, title and agent; read-only. */
export const PreviewNode = memo(function PreviewNode({ id, data, sourcePosition, targetPosition }: NodeProps<PreviewFlowNode>) {
  const { step, index } = data;
  return (
    <div className="preview-node" data-testid={`generation-step-${id}`}>
      <Handle type="target" position={targetPosition ?? Position.Left} className="preview-handle" isConnectable={false} />
      <span className="preview-node-number">{index + 1}</span>
      <div className="preview-node-text">
        <div className="preview-node-title" dir="auto" title={step.title}>
          {step.title}
        </div>
        <div className="preview-node-agent" dir="ltr">
          {step.agent}
        </div>
      </div>
      <Handle type="source" position={sourcePosition ?? Position.Right} className="preview-handle" isConnectable={false} />
    </div>
  );
});
