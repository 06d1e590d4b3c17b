import '@mantine/core/styles.css';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initI18n } from './i18n/i18n';
import { startSession } from './start-session';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

void initI18n().then(() => {
  startSession();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
