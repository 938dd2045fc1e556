import { createServer } from 'node:net';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';
import { createUploadRoute } from '../../../electron/studio/web/upload-route.ts';
import { startWebServer, type WebServer } from '../../../electron/studio/web/web-server.ts';
import { RENDERER_DIST } from '../../helpers/build-renderer.ts';

export interface StudioWeb {
  readonly studio: Studio;
  readonly web: WebServer;
  close(): Promise<void>;
}

/**
 * Web mode in-process, wired as `origin-studio web` wires it (API, upload route, renderer build,
 * endpoint origin allowed for media), on free ports so tests never collide with a running studio.
 */
export async function startStudioWeb(libraryDir: string): Promise<StudioWeb> {
  const studio = await openStudio({ libraryDir, runJobs: true });
  try {
    // A free port, kept in the settings: a settings save restarts the endpoint, and it must come back
    // on the origin the page's CSP allows for media (port 0 would pick another one).
    await studio.handlers['endpoint.settings.set']({ port: await freePort() });
    const status = await studio.endpoint.start();
    let token = '';
    const web = await startWebServer({
      handlers: studio.handlers,
      rendererDir: RENDERER_DIST,
      extraRoutes: createUploadRoute({ uploadsDir: studio.catalog.layout.uploadsDir, token: () => token }),
      ...(status.url && { mediaOrigins: [new URL(status.url).origin] }),
    });
    token = web.token;
    return {
      studio,
      web,
      close: async () => {
        await web.close();
        await studio.close();
      },
    };
  } catch (err) {
    await studio.close();
    throw err;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
