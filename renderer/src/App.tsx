import { useState } from 'react';
import type { StudioClient } from '@contract';
import { createEventBus, StudioEventsContext } from './lib/studio-events.ts';
import { ClientContext } from './lib/client-context.ts';
import { Shell } from './app/shell.tsx';
import { ToastProvider } from './components/toasts.tsx';
import './styles.css';

export function App({ client }: { client: StudioClient }) {
  const [events] = useState(createEventBus);
  return (
    <ClientContext.Provider value={client}>
      <StudioEventsContext.Provider value={events}>
        <ToastProvider>
          <Shell />
        </ToastProvider>
      </StudioEventsContext.Provider>
    </ClientContext.Provider>
  );
}
