/**
 * Hand-made Presentations shaped like the AMS encoder's output (and like abrFixture()): H.264 rungs at
 * 30 fps in a 15360 Hz timescale with B-frame composition offsets, closed 2 s GOPs, keyframes several
 * times larger than other frames, sizes that vary so peak and average bitrates differ; AAC-LC 48 kHz
 * stereo tracks whose fragments start at the first AAC frame at or after each video boundary.
 */
import type {
  AacConfig,
  AvcConfig,
  Presentation,
  PresentationTrack,
  SampleTable,
  TrackFragments,
} from '../../../../packaging-core/types/media.ts';
import { TICKS_PER_SECOND } from '../../../../packaging-core/types/media.ts';
import { DEFAULT_RECIPE, type AbrRecipe, type Rung } from '../../../helpers/fixtures.ts';

export type FakeRung = Rung;
export type FakeRecipe = Omit<AbrRecipe, 'name' | 'fragmentsPerHlsSegment'> & { readonly fragmentsPerHlsSegment: number };

/** abrFixture()'s own recipe, with the origin's default of 3 fragments per HLS segment spelled out. */
export const FAKE_RECIPE: FakeRecipe = { ...DEFAULT_RECIPE, fragmentsPerHlsSegment: 3 };

const VIDEO_TIMESCALE = 15360;
const AUDIO_RATE = 48000;
const AAC_FRAME = 1024;
const SPS = Uint8Array.from([
  0x67, 0x64, 0x00, 0x1e, 0xac, 0xd9, 0x40, 0xa0, 0x2f, 0xf9, 0x61, 0x00, 0x00, 0x03, 0x00, 0x01,
]);
const PPS = Uint8Array.from([0x68, 0xeb, 0xe3, 0xcb, 0x22, 0xc0]);

/** Deterministic pseudo-random sizes (LCG): peaks without flakiness. */
function jitter(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 0.6 + (state / 2 ** 32) * 0.8;
  };
}

function toTicks(value: number, timescale: number): number {
  return Math.round((value * TICKS_PER_SECOND) / timescale);
}

function videoTrack(recipe: FakeRecipe, rung: FakeRung, index: number): PresentationTrack {
  const frameDuration = VIDEO_TIMESCALE / recipe.fps;
  const count = Math.round(recipe.durationSec * recipe.fps);
  const gopFrames = Math.round(recipe.gopSec * recipe.fps);
  const bytesPerFrame = (rung.kbps * 1000) / 8 / recipe.fps;
  const random = jitter(rung.kbps * 7 + index);
  const offsets = new Float64Array(count);
  const sizes = new Uint32Array(count);
  const dts = new Float64Array(count);
  const cto = new Int32Array(count);
  const durations = new Uint32Array(count).fill(frameDuration);
  const sync = new Uint8Array(count);
  let offset = 48;
  let complexity = 1;
  for (let i = 0; i < count; i++) {
    const key = i % gopFrames === 0;
    // Scene complexity changes per GOP, as in real content: segments differ, so peak > average.
    if (key) complexity = 0.5 + random() * 0.7;
    sync[i] = key ? 1 : 0;
    sizes[i] = Math.max(200, Math.round(bytesPerFrame * (key ? 5 : 0.85) * complexity * random()));
    offsets[i] = offset;
    offset += sizes[i]!;
    // Two frames of B-frame delay: decode starts 2 frames before presentation.
    dts[i] = (i - 2) * frameDuration;
    cto[i] = 2 * frameDuration;
  }
  const samples: SampleTable = { count, offsets, sizes, dts, cto, durations, sync };
  const fragmentCount = Math.ceil(count / gopFrames);
  const firstSample = new Uint32Array(fragmentCount + 1);
  const startTicks = new Float64Array(fragmentCount + 1);
  for (let f = 0; f < fragmentCount; f++) {
    firstSample[f] = f * gopFrames;
    startTicks[f] = toTicks(f * gopFrames * frameDuration, VIDEO_TIMESCALE);
  }
  firstSample[fragmentCount] = count;
  startTicks[fragmentCount] = toTicks(count * frameDuration, VIDEO_TIMESCALE);
  const config: AvcConfig = {
    codec: 'avc1',
    codecString: rung.height >= 360 ? 'avc1.64001e' : 'avc1.640015',
    width: rung.width,
    height: rung.height,
    profile: 100,
    profileCompatibility: 0,
    level: rung.height >= 360 ? 30 : 21,
    nalLengthSize: 4,
    sps: [SPS],
    pps: [PPS],
    avcC: new Uint8Array(0),
    parNum: 1,
    parDen: 1,
  };
  const bitrate = rung.kbps * 1000;
  return {
    key: `video-${bitrate}-video`,
    kind: 'video',
    name: 'video',
    bitrate,
    language: 'und',
    file: `/assets/fake/fake_${rung.width}x${rung.height}_${rung.kbps}.mp4`,
    trackId: 1,
    timescale: VIDEO_TIMESCALE,
    duration: count * frameDuration,
    config,
    samples,
    frameRate: recipe.fps,
    fragments: { firstSample, startTicks },
  };
}

function audioTrack(
  recipe: FakeRecipe,
  language: string,
  videoStarts: Float64Array,
  index: number,
): PresentationTrack {
  const count = Math.ceil((recipe.durationSec * AUDIO_RATE) / AAC_FRAME);
  const bytesPerFrame = (recipe.audioKbps * 1000) / 8 / (AUDIO_RATE / AAC_FRAME);
  const random = jitter(1000 + index);
  const samples: SampleTable = {
    count,
    offsets: new Float64Array(count),
    sizes: new Uint32Array(count),
    dts: new Float64Array(count),
    cto: new Int32Array(count),
    durations: new Uint32Array(count).fill(AAC_FRAME),
    sync: new Uint8Array(count).fill(1),
  };
  let offset = 48;
  for (let i = 0; i < count; i++) {
    samples.sizes[i] = Math.round(bytesPerFrame * random());
    samples.offsets[i] = offset;
    offset += samples.sizes[i]!;
    samples.dts[i] = i * AAC_FRAME;
  }
  const fragmentCount = videoStarts.length - 1;
  const firstSample = new Uint32Array(fragmentCount + 1);
  const startTicks = new Float64Array(fragmentCount + 1);
  for (let f = 0; f < fragmentCount; f++) {
    // Each AAC frame belongs to the fragment its start falls in.
    const frame = Math.ceil((videoStarts[f]! * AUDIO_RATE) / TICKS_PER_SECOND / AAC_FRAME);
    firstSample[f] = frame;
    startTicks[f] = toTicks(frame * AAC_FRAME, AUDIO_RATE);
  }
  firstSample[fragmentCount] = count;
  startTicks[fragmentCount] = toTicks(count * AAC_FRAME, AUDIO_RATE);
  const bitrate = recipe.audioKbps * 1000;
  const config: AacConfig = {
    codec: 'mp4a',
    codecString: 'mp4a.40.2',
    objectType: 2,
    sampleRate: AUDIO_RATE,
    channels: 2,
    audioSpecificConfig: Uint8Array.from([0x11, 0x90]),
    avgBitrate: bitrate,
    maxBitrate: bitrate,
  };
  const name = `aac_${language}_2_${bitrate}`;
  return {
    key: `audio-${bitrate}-${name}`,
    kind: 'audio',
    name,
    bitrate,
    language,
    file: `/assets/fake/fake_AACAudio_${language}_${recipe.audioKbps}.mp4`,
    trackId: 1,
    timescale: AUDIO_RATE,
    duration: count * AAC_FRAME,
    config,
    samples,
    frameRate: 0,
    fragments: { firstSample, startTicks } satisfies TrackFragments,
  };
}

export function fakePresentation(overrides: Partial<FakeRecipe> = {}): Presentation {
  const recipe = { ...FAKE_RECIPE, ...overrides };
  const video = [...recipe.rungs]
    .sort((a, b) => b.kbps - a.kbps)
    .map((rung, index) => videoTrack(recipe, rung, index));
  const timeline =
    video[0]?.fragments.startTicks ??
    Float64Array.from(
      { length: Math.ceil(recipe.durationSec / recipe.gopSec) + 1 },
      (_, f) => Math.min(f * recipe.gopSec, recipe.durationSec) * TICKS_PER_SECOND,
    );
  const audio = recipe.languages.map((language, index) => audioTrack(recipe, language, timeline, index));
  return {
    folder: '/assets/fake',
    ismName: 'fake.ism',
    video,
    audio,
    durationTicks: Math.round(recipe.durationSec * TICKS_PER_SECOND),
    fragmentsPerHlsSegment: recipe.fragmentsPerHlsSegment,
    version: 'fake-1',
  };
}
