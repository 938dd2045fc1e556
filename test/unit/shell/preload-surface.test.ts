import { beforeAll, describe, expect, it, vi } from 'vitest';

// The real preload runs against a stand-in 'electron' (the binary is not needed to check what the page
// is given): it must expose exactly `studio.call` and `studio.pathForFile`, and only contract operations
// may reach the one IPC channel.
const exposed: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
const invoke = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => (exposed[key] = api) },
  ipcRenderer: { invoke: (...args: unknown[]) => invoke(...args) },
  webUtils: { getPathForFile: (f: { name: string }) => `/dropped/${f.name}` },
}));

describe('preload surface', () => {
  beforeAll(async () => {
    await import('../../../electron/shell/preload.ts');
  });

  it('exposes only window.studio with call and pathForFile', () => {
    expect(Object.keys(exposed)).toEqual(['studio']);
    expect(Object.keys(exposed['studio']!).sort()).toEqual(['call', 'pathForFile']);
    expect(exposed['studio']!['pathForFile']!({ name: 'clip.mp4' })).toBe('/dropped/clip.mp4');
  });

  it('sends contract operations over the studio channel and never anything else', async () => {
    invoke.mockResolvedValueOnce({ ok: true, value: { name: 'Origin Studio' } });
    await expect(exposed['studio']!['call']!('app.info', {})).resolves.toEqual({ name: 'Origin Studio' });
    expect(invoke).toHaveBeenLastCalledWith('studio:call', { operation: 'app.info', input: {} });

    invoke.mockClear();
    await expect(exposed['studio']!['call']!('fs.readFile', { path: '/etc/passwd' })).rejects.toThrow(/Unknown operation/);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('turns an error reply into a thrown error carrying its code', async () => {
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not-media', message: 'This file is not a video or audio file.' } });
    await expect(exposed['studio']!['call']!('assets.import', { path: '/x.txt' })).rejects.toMatchObject({
      code: 'not-media',
      message: 'This file is not a video or audio file.',
    });
  });
});
