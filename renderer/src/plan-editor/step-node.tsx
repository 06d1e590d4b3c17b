import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import i18next from 'i18next';
import type { AgentDescriptor, Step } from '../api/contract';
import { AgentIcon, agentIconKind } from './agent-icon';
import type { GhostFlowNode, StepFlowNode } from './graph-to-flow';
import { isMapStep } from './map-step';
import './map-step.css';

/** Whether a step stops for a person's approval before it runs, and why. */
export function approvalOf(step: Step, agent: AgentDescriptor | undefined): 'always' | 'risk' | null {
  if (step.approval === 'always') return 'always';
  if (step.approval === 'never') return null;
  return agent && agent.risk !== 'read' ? 'risk' : null;
}

function ShieldMark() {
  return (
    <svg width={13} height={13} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} aria-hidden="true">
      <path d="M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z" />
      <path d="M9 12l2 2 4-4" />
    </svg>
  );
}

function StackMark() {
  return (
    <svg width={11} height={11} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.4} aria-hidden="true">
      <rect x="3" y="9" width="13" height="12" rx="2" />
      <path d="M7 5h12a2 2 0 0 1 2 2v10" />
    </svg>
  );
}

/**
 * One step on the canvas: agent icon, title, problems, agent id, risk, "for each" and approval; a
 * target handle where what it waits for comes in and a source handle where its output leaves.
 */
export const StepNode = memo(function StepNode({ id, data, selected, sourcePosition, targetPosition }: NodeProps<StepFlowNode>) {
  // i18next's own `t`: thousands of nodes need no subscription each (a language switch redraws them all anyway).
  const t = i18next.t;
  const { step, agent, problems, diff } = data;
  const approval = approvalOf(step, agent);
  const classes = ['step-node'];
  if (selected) classes.push('is-selected');
  if (problems) classes.push('has-problems');
  if (diff && diff.status !== 'same') classes.push(`diff-${diff.status}`);
  if (diff?.moved) classes.push('diff-moved');
  const map = isMapStep(step);
  // A map step is drawn as a stack: the cards behind stand for its items.
  if (map) classes.push('is-map');
  return (
    <div
      className={classes.join(' ')}
      data-testid={`step-node-${id}`}
      data-diff={diff ? `${diff.status}${diff.moved ? ' moved' : ''}` : undefined}
      data-map={map ? 'true' : undefined}
    >
      <Handle type="target" position={targetPosition ?? Position.Left} className="step-handle" data-testid={`step-target-${id}`} />
      <div className="step-node-head">
        <span className={`step-node-icon risk-${agent?.risk ?? 'unknown'}`} title={agent?.name ?? t('node.unknownAgent')}>
          <AgentIcon kind={agentIconKind(step.agent, agent)} />
        </span>
        <div className="step-node-title" data-testid="step-title" dir="auto">
          {step.title}
        </div>
        {problems ? (
          <span className="step-node-problems" data-testid="step-problem-marker" title={problems.map((problem) => problem.message).join('\n')}>
            {problems.length}
          </span>
        ) : null}
      </div>
      <div className="step-node-meta">
        <span className="step-node-agent" data-testid="step-agent" dir="ltr" title={agent?.name}>
          {step.agent}
        </span>
        {agent ? (
          <span className={`risk-badge risk-${agent.risk}`} data-testid="step-risk">
            {t(`node.risk.${agent.risk}`)}
          </span>
        ) : null}
        {map ? (
          <span className="step-map-badge" data-testid="step-map-badge" title={t('mapStep.badgeTitle', { list: step.forEach })} dir="auto">
            <StackMark />
            {t('mapStep.badge')}
          </span>
        ) : null}
        {approval ? (
          <span
            className={`approval-marker approval-${approval}`}
            data-testid="step-approval"
            title={approval === 'always' ? t('node.approvalAlways') : t('node.approvalRisk')}
          >
            <ShieldMark />
          </span>
        ) : null}
        {diff?.moved ? <span className="moved-tag">{t('diff.movedTag')}</span> : null}
      </div>
      <Handle type="source" position={sourcePosition ?? Position.Right} className="step-handle" data-testid={`step-source-${id}`} />
    </div>
  );
});

/** A step removed in the newer of two compared versions, where it used to be. */
export const GhostNode = memo(function GhostNode({ data, sourcePosition, targetPosition }: NodeProps<GhostFlowNode>) {
  const t = i18next.t;
  return (
    <div className="step-node diff-removed" data-testid={`diff-ghost-${data.step.id}`} title={t('diff.removedStep')}>
      <Handle type="target" position={targetPosition ?? Position.Left} className="step-handle" isConnectable={false} />
      <div className="step-node-head">
        <div className="step-node-title" dir="auto">
          {data.step.title}
        </div>
      </div>
      <div className="step-node-meta">
        <span className="step-node-agent" dir="ltr">
          {data.step.agent}
        </span>
        <span className="moved-tag removed-tag">{t('diff.removedTag')}</span>
      </div>
      <Handle type="source" position={sourcePosition ?? Position.Right} className="step-handle" isConnectable={false} />
    </div>
  );
});

/** Node types for React Flow, at module scope so the object never changes. */
export const nodeTypes = { step: StepNode, ghost: GhostNode };
