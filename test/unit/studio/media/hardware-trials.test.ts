/**
 * Hardware encoders are offered only after a trial encode passes, for HEVC as for H.264: a fake ffmpeg
 * (a shell script) lists hevc_nvenc, hevc_qsv, h264_nvenc and hevc_amf-less encoders, lets the hevc_nvenc
 * trial succeed and fails the others with a vendor error line; the studio's list then offers hevc_nvenc
 * as an HEVC choice, gives the others ffmpeg's own reason, and keeps libx265 the HEVC default.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoderList } from '../../../../electron/studio/app/encoder-detection.ts';
import { detectCapabilities } from '../../../../electron/studio/media/capabilities.ts';

let dir = '';
let fake = '';

const SCRIPT = `#!/bin/sh
case "$*" in
  *-encoders*) printf 'Encoders:\\n V..... = Video\\n ------\\n V....D libx264  H.264\\n V....D libx265  H.265\\n V....D h264_nvenc  NVIDIA\\n V....D hevc_nvenc  NVIDIA\\n V....D hevc_qsv  QSV\\n' ;;
  *-filters*) printf 'Filters:\\n ... zscale  V->V  Apply resizing\\n' ;;
  *"-c:v hevc_nvenc"*) exit 0 ;;
  *"-c:v hevc_qsv"*) echo '[hevc_qsv @ 0x55] [error] Error creating a MFX session: -9.' >&2; exit 1 ;;
  *) echo '[h264_nvenc @ 0x55] [error] Cannot load libcuda.so.1' >&2; exit 1 ;;
esac
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fake-ffmpeg-'));
  fake = path.join(dir, 'ffmpeg');
  await writeFile(fake, SCRIPT);
  await chmod(fake, 0o755);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('hardware trial encodes (fake ffmpeg)', () => {
  it('an HEVC hardware encoder whose trial passes is offered; failed and missing ones carry the reason; software stays the default', async () => {
    const caps = await detectCapabilities(fake, { refresh: true });
    const trial = (name: string) => caps.hardware.find((h) => h.encoder === name);
    expect(trial('hevc_nvenc')).toEqual({ encoder: 'hevc_nvenc', listed: true, usable: true, reason: null });
    expect(trial('hevc_qsv')).toMatchObject({ listed: true, usable: false, reason: 'Error creating a MFX session: -9.' });
    expect(trial('h264_nvenc')).toMatchObject({ listed: true, usable: false, reason: 'Cannot load libcuda.so.1' });
    expect(trial('hevc_amf')).toMatchObject({ listed: false, usable: false, reason: 'not compiled into this ffmpeg' });
    // The HEVC trial does not make it an H.264 choice.
    expect(caps.h264Encoders).toEqual(['libx264']);

    const list = encoderList(caps);
    expect(list.find((e) => e.name === 'hevc_nvenc')).toMatchObject({ codec: 'h265', hardware: true, available: true, default: false });
    expect(list.find((e) => e.name === 'hevc_qsv')).toMatchObject({ codec: 'h265', available: false, reason: 'Error creating a MFX session: -9.' });
    expect(list.find((e) => e.name === 'libx265')).toMatchObject({ codec: 'h265', available: true, default: true });
    expect(list.find((e) => e.name === 'h264_nvenc')).toMatchObject({ available: false });
  });
});
