import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options. The renderer is an untrusted web page as far as the main process is
 * concerned: no Node, isolated context, OS sandbox, web security on. It reaches the studio only
 * through the preload's typed, validated `window.studio`.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Origin Studio',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
