import type { MenuItemConstructorOptions } from 'electron';

/** What the menu can ask the shell to do; main.ts wires each to the window or the studio. */
export interface MenuActions {
  importFiles(): void;
  openLibraryFolder(): void;
  openLogsFolder(): void;
  showAbout(): void;
}

/**
 * The application menu as data (testable without Electron): File (Import…, Open library folder),
 * Edit, View (zoom; reload and devtools only in development), Window, Help (About, logs folder).
 */
export function menuTemplate(actions: MenuActions, opts: { isMac: boolean; isDev: boolean }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (opts.isDev) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  return [
    ...(opts.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
        { label: 'Open Library Folder', accelerator: 'CmdOrCtrl+Shift+L', click: () => actions.openLibraryFolder() },
        { type: 'separator' },
        opts.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: '&View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'About Origin Studio', click: () => actions.showAbout() },
        { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ],
    },
  ];
}
