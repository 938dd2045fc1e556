import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../../electron/shell/menu-template.ts';
import { QueueEmptiedDetector } from '../../../electron/shell/queue-notifier.ts';

describe('application menu', () => {
  const actions = { importFiles: vi.fn(), openLibraryFolder: vi.fn(), openLogsFolder: vi.fn(), showAbout: vi.fn() };
  it('has File ▸ Import… on Ctrl/Cmd+O and Help ▸ logs folder', () => {
    const menu = menuTemplate(actions, { isMac: false, isDev: false });
    const file = menu.find((m) => m.label === '&File')!;
    const items = file.submenu as { label?: string; accelerator?: string; click?: () => void }[];
    const importItem = items.find((i) => i.label === 'Import…')!;
    expect(importItem.accelerator).toBe('CmdOrCtrl+O');
    importItem.click!();
    expect(actions.importFiles).toHaveBeenCalledOnce();
    const help = menu.find((m) => m.role === 'help')!;
    expect((help.submenu as { label?: string }[]).map((i) => i.label)).toContain('Open Logs Folder');
  });
  it('offers devtools only in development', () => {
    const roles = (dev: boolean) =>
      (menuTemplate(actions, { isMac: false, isDev: dev }).find((m) => m.label === '&View')!.submenu as { role?: string }[]).map(
        (i) => i.role,
      );
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
});

describe('queue-emptied notification', () => {
  it('speaks once when the last job ends, summarising failures', () => {
    const d = new QueueEmptiedDetector();
    expect(d.onJobEnded('Queued', { active: 2 })).toBeNull();
    expect(d.onJobEnded('Processing', { active: 2 })).toBeNull();
    expect(d.onJobEnded('Finished', { active: 1 })).toBeNull();
    expect(d.onJobEnded('Error', { active: 0 })).toBe('1 job(s) finished, 1 failed.');
    expect(d.onJobEnded('Canceled', { active: 0 })).toBeNull(); // already said
  });
});
