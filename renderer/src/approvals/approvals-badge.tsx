import { Badge, Indicator } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';

/** The number of approvals waiting, beside "Approvals" in the sidebar; nothing when none wait. */
export function ApprovalsBadge() {
  const { t } = useTranslation();
  const waiting = useAppStore((state) => state.pendingApprovals.length);
  if (waiting === 0) return null;
  return (
    <Badge size="sm" color="red" variant="filled" circle={waiting < 10} data-testid="approvals-badge" aria-label={t('runsNav.waiting', { count: waiting })}>
      {waiting}
    </Badge>
  );
}

/** The sidebar icon of Approvals with the number waiting on it, for the narrow sidebar. */
export function ApprovalsIndicator({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const waiting = useAppStore((state) => state.pendingApprovals.length);
  return (
    <Indicator label={waiting} size={16} color="red" disabled={waiting === 0} offset={2} data-testid={waiting > 0 ? 'approvals-badge' : undefined} aria-label={t('runsNav.waiting', { count: waiting })}>
      {children}
    </Indicator>
  );
}
