import { Badge, NavLink, Stack, Tooltip, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApprovalsBadge, ApprovalsIndicator } from '../approvals/approvals-badge';
import { useAppStore } from '../store/app-store';
import { sectionOf, type SectionPage } from '../store/route';
import { AgentsIcon, ApprovalsIcon, PlansIcon, RunsIcon, SettingsIcon, TriggersIcon } from './icons';

const sections: { page: SectionPage; icon: ReactNode; built: boolean }[] = [
  { page: 'plans', icon: <PlansIcon />, built: true },
  { page: 'runs', icon: <RunsIcon />, built: true },
  { page: 'approvals', icon: <ApprovalsIcon />, built: true },
  { page: 'triggers', icon: <TriggersIcon />, built: true },
  { page: 'agents', icon: <AgentsIcon />, built: true },
  { page: 'settings', icon: <SettingsIcon />, built: true },
];

/** The sections; `compact` (beside the plan editor, which needs the room) shows icons with their names as tooltips. */
export function SideNav({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const current = useAppStore((state) => sectionOf(state.route));
  const navigate = useAppStore((state) => state.navigate);
  return (
    <Stack component="nav" gap={4} aria-label={t('nav.label')}>
      {sections.map(({ page, icon, built }) => (
        <Tooltip key={page} label={built ? t(`nav.${page}`) : `${t(`nav.${page}`)} (${t('nav.soon')})`} position="right" disabled={!compact}>
          <NavLink
            data-testid={`nav-${page}`}
            href={`#/${page}`}
            label={compact ? <VisuallyHidden>{t(`nav.${page}`)}</VisuallyHidden> : t(`nav.${page}`)}
            leftSection={page === 'approvals' && compact ? <ApprovalsIndicator>{icon}</ApprovalsIndicator> : icon}
            rightSection={
              page === 'approvals' && !compact ? (
                <ApprovalsBadge />
              ) : built || compact ? null : (
                <Badge size="xs" variant="light" color="gray">
                  {t('nav.soon')}
                </Badge>
              )
            }
            active={current === page}
            onClick={(event) => {
              event.preventDefault();
              navigate({ page });
            }}
            styles={{
              root: { borderRadius: 'var(--mantine-radius-md)', padding: '10px 12px' },
              section: compact ? { marginInlineEnd: 0 } : undefined,
            }}
          />
        </Tooltip>
      ))}
    </Stack>
  );
}
