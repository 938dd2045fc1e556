import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../packaging-core/server/redact-secrets.ts';
import { toApiError } from '../../../../electron/studio/app/api-error.ts';
import { LogTail } from '../../../../electron/studio/jobs/log-tail.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWV3ZXIifQ.c2lnbmF0dXJl_x-y';

describe('redactSecrets: one function for logs, job logs and errors', () => {
  it.each([
    [`/loc/a.ism/manifest(format=m3u8-aapl)?token=${JWT}&x=1`, '/loc/a.ism/manifest(format=m3u8-aapl)?token=[redacted]&x=1'],
    [`/keys/loc/clearkey?access_token=abc`, '/keys/loc/clearkey?access_token=[redacted]'],
    [`Authorization: Bearer ${JWT}`, 'Authorization: Bearer [redacted]'],
    [`{"authorization":"Basic dXNlcjpwYXNz"}`, '{"authorization":"Basic [redacted]"}'],
    [`failed for bearer abc.def-ghi`, 'failed for bearer [redacted]'],
    [`the token ${JWT} expired`, 'the token [redacted] expired'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
    expect(redactSecrets(input)).not.toContain(JWT);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Token policies and authorization rules: see the key policy panel (format=m3u8-aapl).';
    expect(redactSecrets(text)).toBe(text);
  });

  it('job logs keep no token (an ffmpeg input URL carrying one)', () => {
    const tail = new LogTail();
    tail.push(`Input #0, hls, from 'http://cdn.example/a.m3u8?token=${JWT}':\nAuthorization: Bearer ${JWT}`);
    expect(tail.toString()).not.toContain(JWT);
    expect(tail.toString()).toContain('token=[redacted]');
    expect(new LogTail(`old line token=${JWT}`).toString()).toBe('old line token=[redacted]');
  });

  it('API errors reach the UI without the token', () => {
    const err = toApiError(new Error(`fetch http://x/a?token=${JWT} failed`)) as Error;
    expect(err.message).toBe('fetch http://x/a?token=[redacted] failed');
  });
});
