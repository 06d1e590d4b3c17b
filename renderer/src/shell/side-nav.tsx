import { Badge, NavLink, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { sectionOf, type SectionPage } from '../store/route';
import { AgentsIcon, ApprovalsIcon, PlansIcon, RunsIcon, SettingsIcon, TriggersIcon } from './icons';

const sections: { page: SectionPage; icon: ReactNode; built: boolean }[] = [
  { page: 'plans', icon: <PlansIcon />, built: true },
  { page: 'runs', icon: <RunsIcon />, built: false },
  { page: 'approvals', icon: <ApprovalsIcon />, built: false },
  { page: 'triggers', icon: <TriggersIcon />, built: false },
  { page: 'agents', icon: <AgentsIcon />, built: true },
  { page: 'settings', icon: <SettingsIcon />, built: true },
];

export function SideNav() {
  const { t } = useTranslation();
  const current = useAppStore((state) => sectionOf(state.route));
  const navigate = useAppStore((state) => state.navigate);
  return (
    <Stack component="nav" gap={4} aria-label={t('nav.label')}>
      {sections.map(({ page, icon, built }) => (
        <NavLink
          key={page}
          data-testid={`nav-${page}`}
          href={`#/${page}`}
          label={t(`nav.${page}`)}
          leftSection={icon}
          rightSection={
            built ? null : (
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
          styles={{ root: { borderRadius: 'var(--mantine-radius-md)', padding: '10px 12px' } }}
        />
      ))}
    </Stack>
  );
}
