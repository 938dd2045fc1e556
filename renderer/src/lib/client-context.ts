import { createContext, useContext } from 'react';
import type { StudioClient } from '@contract';

export const ClientContext = createContext<StudioClient | null>(null);

export function useClient(): StudioClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientContext.Provider>');
  return client;
}
