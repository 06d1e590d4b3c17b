import { Center, DirectionProvider, Loader, MantineProvider, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { directionOf, rememberedLanguage } from './i18n/i18n';
import { AppFrame } from './shell/app-frame';
import { ConnectionFailureView } from './shell/connection-failure-view';
import { ErrorBanner } from './shell/error-banner';
import { useAppStore } from './store/app-store';
import { theme } from './theme';

export function App() {
  return (
    <DirectionProvider initialDirection={directionOf(rememberedLanguage())}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <Session />
      </MantineProvider>
    </DirectionProvider>
  );
}

function Session() {
  const failure = useAppStore((state) => state.connectionFailure);
  const ready = useAppStore((state) => state.workspaceId !== null);
  if (failure) return <ConnectionFailureView failure={failure} />;
  return ready ? <AppFrame /> : <Connecting />;
}

function Connecting() {
  const { t } = useTranslation();
  return (
    <Center h="100dvh">
      <Stack align="center" gap="md" maw={560}>
        <Loader />
        <Text c="dimmed">{t('app.loading')}</Text>
        <ErrorBanner />
      </Stack>
    </Center>
  );
}
