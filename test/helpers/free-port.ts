import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 now, for a process the test starts that cannot take port 0 (nginx). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
