/**
 * AMS transform outputs ⇄ the studio's transform definitions. BuiltInStandardEncoderPreset names
 * are the studio's built-in transforms (whatever presets the encoder has: new ones flow through by
 * name); a StandardEncoderPreset maps onto a custom ladder as far as the ladder expresses it —
 * H264Video layers (height, bitrate, profile, level), one AacAudio (bitrate, channels), Mp4Format —
 * and anything else in it is refused by name rather than silently dropped.
 */
import type { TransformData } from '../../api/contract.ts';
import { notSupported, badRequest } from '../arm-error.ts';

type Json = Record<string, unknown>;
type Definition = TransformData['definition'];

const BUILTIN = '#Microsoft.Media.BuiltInStandardEncoderPreset';
const STANDARD = '#Microsoft.Media.StandardEncoderPreset';

const odataType = (v: unknown): string => String((v as Json | null)?.['@odata.type'] ?? '');

/** The ARM preset of a studio transform that has no ARM body stored (made in the desktop UI). */
export function presetOf(t: TransformData): Json {
  if (t.builtin) return { '@odata.type': BUILTIN, presetName: t.name };
  const d = t.definition;
  const codecs: Json[] = [];
  if (d.copy) codecs.push({ '@odata.type': '#Microsoft.Media.CopyVideo' }, { '@odata.type': '#Microsoft.Media.CopyAudio' });
  if (d.audio) codecs.push({ '@odata.type': '#Microsoft.Media.AacAudio', channels: d.audio.channels, bitrate: d.audio.kbps * 1000, profile: 'AacLc' });
  if (d.video.length > 0) {
    codecs.push({
      '@odata.type': '#Microsoft.Media.H264Video',
      keyFrameInterval: 'PT2S',
      ...(d.complexity && { complexity: d.complexity }),
      layers: d.video.map((r) => ({
        height: String(r.height),
        bitrate: r.kbps * 1000,
        ...(r.profile && { profile: r.profile[0]?.toUpperCase() + r.profile.slice(1) }),
        ...(r.level && { level: r.level }),
      })),
    });
  }
  return { '@odata.type': STANDARD, codecs, formats: [{ '@odata.type': '#Microsoft.Media.Mp4Format', filenamePattern: '{Basename}_{Resolution}_{Bitrate}{Extension}' }] };
}

function int(v: unknown, what: string): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw badRequest(`${what} must be a number; got ${JSON.stringify(v)}.`);
  return Math.round(n);
}

const PROFILES: Readonly<Record<string, 'baseline' | 'main' | 'high' | undefined>> = { auto: undefined, baseline: 'baseline', main: 'main', high: 'high' };

function standardToDefinition(name: string, description: string, preset: Json): Definition {
  const codecs = Array.isArray(preset.codecs) ? (preset.codecs as Json[]) : [];
  const formats = Array.isArray(preset.formats) ? (preset.formats as Json[]) : [];
  if (preset.filters !== undefined && preset.filters !== null && Object.keys(preset.filters as Json).length > 0) {
    throw notSupported('StandardEncoderPreset.filters (crop, rotation, overlays, deinterlace settings)');
  }
  const video: Definition['video'][number][] = [];
  let audio: Definition['audio'] = null;
  let copy = false;
  let complexity: Definition['complexity'];
  for (const c of codecs) {
    const type = odataType(c);
    if (type === '#Microsoft.Media.H264Video') {
      if (c.complexity !== undefined) complexity = String(c.complexity) as Definition['complexity'];
      for (const [i, l] of ((c.layers as Json[] | undefined) ?? []).entries()) {
        if (typeof l.height === 'string' && l.height.endsWith('%')) {
          throw notSupported(`H264Video layer ${i + 1}: a relative height ("${l.height}")`, 'give the height in lines.');
        }
        if (l.height === undefined) throw badRequest(`H264Video layer ${i + 1} needs a height (the studio keeps the source aspect ratio).`);
        const profileKey = String(l.profile ?? 'Auto').toLowerCase();
        if (!(profileKey in PROFILES)) throw notSupported(`H264Video profile "${String(l.profile)}"`, 'use Auto, Baseline, Main or High.');
        const profile = PROFILES[profileKey];
        video.push({
          height: int(l.height, `H264Video layer ${i + 1} height`),
          kbps: Math.round(int(l.bitrate, `H264Video layer ${i + 1} bitrate`) / 1000),
          ...(profile && { profile }),
          ...(typeof l.level === 'string' && l.level.toLowerCase() !== 'auto' && { level: l.level }),
        });
      }
    } else if (type === '#Microsoft.Media.AacAudio') {
      if (audio) throw notSupported('More than one AacAudio codec in a preset');
      audio = { kbps: Math.round(int(c.bitrate ?? 128000, 'AacAudio bitrate') / 1000), channels: int(c.channels ?? 2, 'AacAudio channels') };
    } else if (type === '#Microsoft.Media.CopyVideo' || type === '#Microsoft.Media.CopyAudio') {
      copy = true;
    } else {
      throw notSupported(`The codec ${type || '(without @odata.type)'}`, 'the studio encodes H264Video and AacAudio (or copies with CopyVideo/CopyAudio).');
    }
  }
  for (const f of formats) {
    const type = odataType(f);
    if (type !== '#Microsoft.Media.Mp4Format') {
      throw notSupported(`The output format ${type || '(without @odata.type)'}`, 'the studio writes Mp4Format outputs (thumbnails come with every encode).');
    }
  }
  if (copy) return { name, description, video: [], audio: null, interleaved: false, copy: true };
  // Mp4Format without outputFiles muxes audio into every video file (AMS's default); outputFiles that give audio its own file do not.
  const separateAudio = formats.some((f) => Array.isArray(f.outputFiles) && (f.outputFiles as Json[]).some((o) => Array.isArray(o.labels) && (o.labels as unknown[]).length === 1));
  return {
    name,
    description,
    video,
    audio,
    interleaved: video.length > 0 && audio !== null && !separateAudio,
    copy: false,
    ...(complexity && { complexity }),
  };
}

/** The studio definition an ARM transform's outputs describe; builtIns: the studio's built-in transforms. */
export function definitionOf(name: string, description: string, outputs: unknown, builtIns: readonly TransformData[]): Definition {
  if (!Array.isArray(outputs) || outputs.length === 0) throw badRequest('properties.outputs must hold one output with a preset.');
  if (outputs.length > 1) throw notSupported('A transform with more than one output', 'the studio runs one preset per transform; make one transform per preset.');
  const preset = (outputs[0] as Json).preset as Json | undefined;
  const type = odataType(preset);
  if (type === BUILTIN) {
    const presetName = String(preset?.presetName ?? '');
    const builtIn = builtIns.find((b) => b.name.toLowerCase() === presetName.toLowerCase());
    if (!builtIn) {
      throw notSupported(`The built-in preset "${presetName}"`, `the studio has ${builtIns.map((b) => b.name).join(', ')}.`);
    }
    if (preset?.configurations !== undefined) throw notSupported('BuiltInStandardEncoderPreset.configurations (content-aware encoding settings)');
    return { ...builtIn.definition, name, description: description || builtIn.definition.description };
  }
  if (type === STANDARD) return standardToDefinition(name, description, preset ?? {});
  throw notSupported(`The preset ${type || '(without @odata.type)'}`, 'the studio runs BuiltInStandardEncoderPreset and StandardEncoderPreset (analyzer and face presets are not available).');
}
