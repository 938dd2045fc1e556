import type { StudioClient } from '@contract';
import { ClientContext } from './lib/client-context.ts';
import { Shell } from './app/shell.tsx';
import { ToastProvider } from './components/toasts.tsx';
import './styles.css';

export function App({ client }: { client: StudioClient }) {
  return (
    <ClientContext.Provider value={client}>
      <ToastProvider>
        <Shell />
      </ToastProvider>
    </ClientContext.Provider>
  );
}
