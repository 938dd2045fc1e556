/**
 * npm run bench:encode — what our encode path costs over plain ffmpeg. On a 1080p mezzanine
 * (BENCH_DURATION seconds, default 60) with the AdaptiveStreaming ladder, runs alternately, ROUNDS times:
 *  A. our path: planLadder → buildEncodeArgs → runFfmpeg (progress parsing, cancel plumbing);
 *  B. one hand-written reference ffmpeg command with the same settings, spawned bare;
 *  C. one ffmpeg process per rung (each decodes the source again), run side by side.
 * Prints wall times and the ratios A/B (target ≤ 1.03: the wrapper adds nothing) and C/B.
 *
 * Then content-aware encoding (issue 14) on two 720p titles of CAE_DURATION seconds (default 30): a static
 * slide-like clip and a high-motion noisy one. Each is encoded with AdaptiveStreaming and with
 * ContentAwareEncoding, quality measured per rung; printed: the ladders, total bits spent, top-rung PSNR,
 * CAE's bits saved against AdaptiveStreaming (target ≥ 30 % on the easy clip at no lower top-rung PSNR)
 * and its analysis's ffmpeg CPU and wall time as a share of those of the encode it plans (target ≤ 25 %).
 *
 * The machine may be shared: every figure is given as wall time and as the CPU time of the ffmpeg
 * processes (children of this one, from /proc/self/stat), which other load does not inflate, with the
 * load average when measured.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEncodeArgs } from '../electron/studio/encoding/ffmpeg-args.ts';
import { planLadder } from '../electron/studio/encoding/ladder.ts';
import { builtInPreset } from '../electron/studio/encoding/presets.ts';
import { runEncode, type EncodeResult } from '../electron/studio/encoding/run-encode.ts';
import { runFfmpeg } from '../electron/studio/media/ffmpeg-process.ts';
import { probeFile } from '../electron/studio/media/probe.ts';
import { resolveFfmpeg } from '../electron/studio/media/resolve-tools.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 60);
const CAE_DURATION = Number(process.env.CAE_DURATION ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const PARTS = (process.env.BENCH_PARTS ?? 'wrapper,cae').split(',');

function run(bin: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} exited ${code}: ${err}`))));
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** CPU seconds (user + system) of the finished child processes so far (cutime + cstime; 100 ticks/s on Linux). */
function childCpuSec(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function cpuTimed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = childCpuSec();
  const wall = await timed(fn);
  return { wall, cpu: childCpuSec() - c0 };
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' / ');

const work = await mkdtemp(path.join(tmpdir(), 'bench-encode-'));
const ffmpeg = await resolveFfmpeg();

/** Our encode path against a hand-written ffmpeg command and per-rung processes. */
async function wrapperPart(): Promise<void> {
  const mezz = path.join(work, 'mezzanine.mp4');
  console.log(`making a ${DURATION} s 1080p30 mezzanine…`);
  await run(ffmpeg.path, [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${DURATION}`,
    '-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${DURATION}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '256k', mezz,
  ]);
  const media = await probeFile(mezz);
  const plan = planLadder(builtInPreset('AdaptiveStreaming'), media);
  const video = plan.video!;
  console.log(`ladder: ${video.rungs.map((r) => `${r.width}x${r.height}@${r.kbps}k`).join(', ')} + audio`);

  // B: written by hand from the same numbers, as an engineer would type it.
  const reference = (out: string): string[] => {
    const n = video.rungs.length;
    const graph =
      `[0:v:0]fps=${video.frameRate.num}/${video.frameRate.den},format=yuv420p,split=${n}${video.rungs.map((_, i) => `[s${i}]`).join('')};` +
      video.rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1[v${i}]`).join(';');
    const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', mezz, '-filter_complex', graph];
    video.rungs.forEach((r, i) => {
      args.push('-map', `[v${i}]`, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', r.profile, '-level:v', r.level);
      args.push('-b:v', `${r.kbps}k`, '-maxrate', `${r.maxrateKbps}k`, '-bufsize', `${r.bufsizeKbps}k`, '-bf', '3', '-refs', '3');
      args.push('-g', `${video.gopFrames}`, '-keyint_min', `${video.gopFrames}`, '-sc_threshold', '0');
      args.push('-force_key_frames', `expr:gte(t,n_forced*${video.gopSec})`, '-x264-params', 'open-gop=0');
      args.push('-movflags', '+faststart', path.join(out, `ref_${r.height}.mp4`));
    });
    args.push('-map', '0:a:0', '-vn', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', '48000', '-movflags', '+faststart', path.join(out, 'ref_audio.mp4'));
    return args;
  };
  const perRung = (out: string): string[][] =>
    video.rungs.map((r, i) => [
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', mezz, '-an',
      '-vf', `fps=${video.frameRate.num}/${video.frameRate.den},format=yuv420p,scale=${r.width}:${r.height}:flags=bicubic,setsar=1`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', r.profile, '-level:v', r.level,
      '-b:v', `${r.kbps}k`, '-maxrate', `${r.maxrateKbps}k`, '-bufsize', `${r.bufsizeKbps}k`, '-bf', '3', '-refs', '3',
      '-g', `${video.gopFrames}`, '-keyint_min', `${video.gopFrames}`, '-sc_threshold', '0',
      '-force_key_frames', `expr:gte(t,n_forced*${video.gopSec})`, '-x264-params', 'open-gop=0',
      '-movflags', '+faststart', path.join(out, `rung_${i}.mp4`),
    ]);

  console.log(`load average (1/5/15 min) at start: ${load()} on ${(await import('node:os')).cpus().length} cores`);
  const times = { ours: [] as number[], reference: [] as number[], perRung: [] as number[] };
  const cpu = { ours: 0, reference: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const out = await mkdtemp(path.join(work, 'out-'));
    const order = round % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours'];
    for (const which of order) {
      if (which === 'ours') {
        const args = buildEncodeArgs(plan, mezz, out);
        const t = await cpuTimed(() => runFfmpeg({ ffmpegPath: ffmpeg.path, args, durationUs: DURATION * 1e6 }));
        times.ours.push(t.wall);
        cpu.ours += t.cpu;
      } else {
        const t = await cpuTimed(() => run(ffmpeg.path, reference(out)));
        times.reference.push(t.wall);
        cpu.reference += t.cpu;
      }
    }
    times.perRung.push(await timed(() => Promise.all(perRung(out).map((a) => run(ffmpeg.path, a)))));
    console.log(
      `round ${round + 1}: ours ${times.ours.at(-1)!.toFixed(2)} s, reference ${times.reference.at(-1)!.toFixed(2)} s, per-rung processes ${times.perRung.at(-1)!.toFixed(2)} s`,
    );
    await rm(out, { recursive: true, force: true });
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ratio = sum(times.ours) / sum(times.reference);
  console.log(`\nwall-time ratio ours / reference: ${ratio.toFixed(3)}× (target ≤ 1.03×)`);
  console.log(`CPU-time ratio ours / reference: ${(cpu.ours / cpu.reference).toFixed(3)}× (${cpu.ours.toFixed(1)} s vs ${cpu.reference.toFixed(1)} s of ffmpeg CPU; target ≤ 1.03×)`);
  console.log(`load average now: ${load()}`);
  console.log(`wall-time ratio per-rung processes / one process: ${(sum(times.perRung) / sum(times.reference)).toFixed(3)}×`);
  console.log(`encode speed (one process): ${((DURATION * ROUNDS) / sum(times.reference)).toFixed(2)}× real time`);

}

try {
  console.log(`ffmpeg: ${ffmpeg.path} (${ffmpeg.source}, ${ffmpeg.version})`);
  // BENCH_PARTS=cae: the content-aware part only (the wrapper part takes long on a loaded machine).
  if (PARTS.includes('wrapper')) await wrapperPart();
  console.log(`\ncontent-aware encoding on ${CAE_DURATION} s 720p titles`);
  const titles = {
    'static slides': `testsrc2=size=1280x720:rate=0.25:duration=${CAE_DURATION},fps=30`,
    'high-motion noise': `testsrc2=size=1280x720:rate=30:duration=${CAE_DURATION},noise=alls=25:allf=t+u`,
  };
  const spent = (r: EncodeResult): number => r.rungs.reduce((s, x) => s + (x.measuredKbps ?? 0), 0);
  const ladder = (r: EncodeResult): string => r.rungs.map((x) => `${x.height}p ${x.targetKbps}k (spent ${x.measuredKbps}k, ${x.quality?.psnr.toFixed(2)} dB)`).join(', ');
  for (const [label, source] of Object.entries(titles)) {
    const file = path.join(work, `${label.replace(/\W+/g, '-')}.mp4`);
    await run(ffmpeg.path, [
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', source,
      '-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${CAE_DURATION}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '16', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
    ]);
    const title = await probeFile(file);
    let as: EncodeResult | null = null;
    const asWall = await timed(async () => {
      as = await runEncode({ input: file, media: title, definition: builtInPreset('AdaptiveStreaming'), outDir: path.join(work, `${label}-as`), measureQuality: true });
    });
    let cae: EncodeResult | null = null;
    // Phases by the job log: the analysis ends when the ladder is explained, the encode when ffmpeg finished.
    const at = (): { cpu: number; wall: number } => ({ cpu: childCpuSec(), wall: performance.now() / 1000 });
    const marks = { start: at(), planned: null as { cpu: number; wall: number } | null, encoded: null as { cpu: number; wall: number } | null };
    const caeWall = await timed(async () => {
      cae = await runEncode({
        input: file, media: title, definition: builtInPreset('ContentAwareEncoding'), outDir: path.join(work, `${label}-cae`),
        onLog: (line) => {
          if (!marks.planned && line.includes('content-aware: analysed')) marks.planned = at();
          if (!marks.encoded && line.includes('ffmpeg finished')) marks.encoded = at();
        },
      });
    });
    const planned = marks.planned!;
    const encoded = marks.encoded!;
    const analysis = { cpu: planned.cpu - marks.start.cpu, wall: planned.wall - marks.start.wall };
    const encode = { cpu: encoded.cpu - planned.cpu, wall: encoded.wall - planned.wall };
    const a = as as unknown as EncodeResult;
    const c = cae as unknown as EncodeResult;
    const pct = (x: number, of: number): string => `${((x / of) * 100).toFixed(1)} %`;
    console.log(`${label}:`);
    console.log(`  AdaptiveStreaming    ${a.rungs.length} rungs, ${spent(a)} kb/s spent, ${asWall.toFixed(1)} s: ${ladder(a)}`);
    console.log(`  ContentAwareEncoding ${c.rungs.length} rungs, ${spent(c)} kb/s spent, ${caeWall.toFixed(1)} s: ${ladder(c)}`);
    console.log(
      `  top-rung PSNR: CAE ${c.rungs[0]?.quality?.psnr.toFixed(2)} dB vs AdaptiveStreaming ${a.rungs[0]?.quality?.psnr.toFixed(2)} dB; ` +
        `CAE bits ${((1 - spent(c) / spent(a)) * 100).toFixed(1)} % fewer (target ≥ 30 % on the static clip)`,
    );
    console.log(
      `  CAE analysis overhead (target ≤ 25 %): CPU ${analysis.cpu.toFixed(1)} s = ${pct(analysis.cpu, encode.cpu)} of the planned encode's ${encode.cpu.toFixed(1)} s of ffmpeg CPU; ` +
        `wall ${analysis.wall.toFixed(1)} s = ${pct(analysis.wall, encode.wall)} of its ${encode.wall.toFixed(1)} s; load average ${load()}`,
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
