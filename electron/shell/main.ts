/**
 * The Electron main process: the thin shell around the studio. It owns the window, the app://
 * protocol, IPC registration and app lifecycle; everything else lives in electron/studio.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, session, shell } from 'electron';
import { APP_ORIGIN, APP_SCHEME, registerAppProtocol } from './app-protocol.ts';
import { openStudio, type Studio } from '../studio/index.ts';
import { utilityProcessSpawner } from './origin-process.ts';
import { menuTemplate } from './menu-template.ts';
import { QueueEmptiedDetector } from './queue-notifier.ts';
import { registerStudioIpc } from './ipc-main.ts';
import { dialogConfirm, guardHandlers, installSessionPolicy, windowOpenHandler } from './shell-policy.ts';
import { mainWindowOptions } from './window-options.ts';

// Bundled to dist-electron/main.cjs; the renderer build is in dist/renderer.
const appRoot = path.resolve(__dirname, '..');
const rendererRoot = path.join(appRoot, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

let studio: Studio | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(path.join(__dirname, 'preload.cjs')));
  win.webContents.setWindowOpenHandler(windowOpenHandler(shell));
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** Menu actions that need the page (import) are handed to the renderer as a DOM event it listens for. */
function sendToRenderer(action: string): void {
  const [win] = BrowserWindow.getAllWindows();
  void win?.webContents.executeJavaScript(
    `window.dispatchEvent(new CustomEvent('studio:menu', { detail: ${JSON.stringify(action)} }))`,
  );
}

function installMenu(s: Studio): void {
  const template = menuTemplate(
    {
      importFiles: () => sendToRenderer('import'),
      openLibraryFolder: () => void shell.openPath(s.catalog.layout.root),
      openLogsFolder: () => void shell.openPath(app.getPath('logs')),
      showAbout: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: 'About Origin Studio',
          message: `Origin Studio ${app.getVersion()}`,
          detail: `Electron ${process.versions.electron}, Node ${process.versions.node}\nLibrary: ${s.catalog.layout.root}`,
        }),
    },
    { isMac: process.platform === 'darwin', isDev: !app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** One native notification each time the queue empties (not one per job). */
function notifyWhenQueueEmpties(s: Studio): void {
  const detector = new QueueEmptiedDetector();
  s.queue.on((event) => {
    if (event.type !== 'state') return;
    const message = detector.onJobEnded(event.job.state, { active: s.queue.activeJobs() });
    if (message && Notification.isSupported()) new Notification({ title: 'Origin Studio: queue done', body: message }).show();
  });
}

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows();
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

void app.whenReady().then(async () => {
  installSessionPolicy(session.defaultSession);
  registerAppProtocol(protocol, rendererRoot, (p) => readFile(p));
  try {
    studio = await openStudio({
      appInfo: { name: 'Origin Studio', version: app.getVersion(), host: 'electron' },
      startEndpoint: true,
      // The origin answers from a utility process: segment builds never block this (the UI's) process.
      endpointSpawner: utilityProcessSpawner(path.join(__dirname, 'origin-worker.cjs')),
      // On when the user turned it on in Settings (it is off by default).
      startAmsApi: true,
    });
  } catch (err) {
    dialog.showErrorBox('Origin Studio cannot open its library', err instanceof Error ? err.message : String(err));
    app.quit();
    return;
  }
  registerStudioIpc(ipcMain, guardHandlers(studio.handlers, dialogConfirm(dialog)), APP_ORIGIN);
  installMenu(studio);
  notifyWhenQueueEmpties(studio);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

// Running jobs are recorded as interrupted (retryable) and the endpoint closes before the app exits.
app.on('will-quit', (event) => {
  const closing = studio;
  if (!closing) return;
  studio = null;
  event.preventDefault();
  void closing.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
