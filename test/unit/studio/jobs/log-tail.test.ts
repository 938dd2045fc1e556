import { describe, expect, it } from 'vitest';
import { LogTail } from '../../../../electron/studio/jobs/log-tail.ts';

describe('LogTail', () => {
  it('keeps the last lines within the line and character bounds', () => {
    const t = new LogTail('', 3, 1000);
    t.push('a\nb\r\nc');
    t.push('d');
    expect(t.toString()).toBe('b\nc\nd');
    const small = new LogTail('', 100, 10);
    small.push('12345');
    small.push('67890');
    expect(small.toString()).toBe('67890');
    expect(new LogTail('x\ny', 1).toString()).toBe('y');
  });
});
