import type { ReactNode } from 'react';
import type { AgentDescriptor } from '../api/contract';

/** Which picture an agent gets, from its id and capabilities. */
export type AgentIconKind = 'search' | 'read' | 'write' | 'web' | 'text' | 'wait' | 'simulate' | 'llm' | 'notify' | 'calendar' | 'person' | 'unknown';

export function agentIconKind(agentId: string, agent: AgentDescriptor | undefined): AgentIconKind {
  const words = new Set([...agentId.split(/[.\-_]/), ...(agent?.capabilities ?? [])]);
  if (!agent) return agentId.startsWith('llm') ? 'llm' : agentId.startsWith('notify') ? 'notify' : 'unknown';
  if (words.has('llm') || words.has('generate') || words.has('summarize')) return 'llm';
  if (words.has('calendar')) return 'calendar';
  if (words.has('person') || words.has('human') || words.has('ask')) return 'person';
  if (words.has('http') || words.has('fetch')) return 'web';
  if (words.has('search')) return 'search';
  if (words.has('write')) return 'write';
  if (words.has('read') && words.has('files')) return 'read';
  if (words.has('compose') || words.has('text') || words.has('template')) return 'text';
  if (words.has('wait') || words.has('delay')) return 'wait';
  if (words.has('simulate')) return 'simulate';
  if (words.has('notify') || words.has('notification')) return 'notify';
  return 'unknown';
}

const paths: Record<AgentIconKind, ReactNode> = {
  search: (
    <>
      <circle cx="10.5" cy="10.5" r="5.5" />
      <path d="M15 15l5 5" />
    </>
  ),
  read: (
    <>
      <path d="M6 3h8l4 4v14H6z" />
      <path d="M14 3v4h4M9 12h6M9 16h6" />
    </>
  ),
  write: (
    <>
      <path d="M4 20h4L19 9l-4-4L4 16z" />
      <path d="M13.5 6.5l4 4" />
    </>
  ),
  web: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.5 2.5 2.5 14.5 0 17M12 3.5c-2.5 2.5-2.5 14.5 0 17" />
    </>
  ),
  text: <path d="M5 6h14M5 10h14M5 14h9M5 18h6" />,
  wait: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </>
  ),
  simulate: <path d="M9 3h6M10 3v6l-5 10h14L14 9V3M7.5 14h9" />,
  llm: <path d="M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM18.5 16l.8 2.2 2.2.8-2.2.8-.8 2.2-.8-2.2-2.2-.8 2.2-.8z" />,
  notify: (
    <>
      <path d="M6 16V11a6 6 0 0112 0v5l1.5 2h-15z" />
      <path d="M10 20.5a2 2 0 004 0" />
    </>
  ),
  calendar: (
    <>
      <rect x="3.5" y="5" width="17" height="15.5" rx="2.5" />
      <path d="M3.5 10h17M8 3v4M16 3v4" />
    </>
  ),
  person: (
    <>
      <circle cx="12" cy="8" r="3.8" />
      <path d="M4.5 20.5c1.2-4 4-5.8 7.5-5.8s6.3 1.8 7.5 5.8" />
    </>
  ),
  unknown: (
    <>
      <rect x="4" y="4" width="16" height="16" rx="4" />
      <path d="M9.8 9.6a2.3 2.3 0 114 1.6c-.9.7-1.8 1.2-1.8 2.3M12 16.5h.01" />
    </>
  ),
};

/** A small line picture of what an agent does. */
export function AgentIcon({ kind, size = 16 }: { kind: AgentIconKind; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className="agent-icon"
    >
      {paths[kind]}
    </svg>
  );
}
