/**
 * Encrypted fMP4 for DASH, HLS CMAF and Smooth: the init segment with encv/enca + sinf and the pssh
 * boxes of the signalled systems, and media segments whose samples are read, encrypted in memory
 * (sizes unchanged) and described by senc + saiz + saio (PIFF's uuid box for Smooth).
 */
import { buildInitSegment } from '../fmp4/init-segment.ts';
import type { InitFlavor, SegmentFlavor } from '../fmp4/flavor.ts';
import { buildMediaSegment } from '../fmp4/media-segment.ts';
import { readSamples } from '../io/read-samples.ts';
import type { Body } from '../types/body.ts';
import { OriginError } from '../types/errors.ts';
import type { PresentationTrack } from '../types/media.ts';
import type { LocatorProtection } from '../types/request.ts';
import { avcSubsamples } from './avc-subsamples.ts';
import { keyIdBytes } from './key-id.ts';
import { COMMON_PSSH_SYSTEM_ID, pssh, sinf } from './protection-boxes.ts';
import { encryptSample } from './sample-cipher.ts';
import { piffSampleEncryption, saio, saiz, senc, sencInfoOffset, type SampleAuxInfo } from './sample-encryption-boxes.ts';
import { sampleCipher, sampleIv, trackEncryption, type CommonScheme } from './track-crypto.ts';

/** The ClearKey pssh (W3C common format, key ids listed) and one per configured DRM system. */
export function psshBoxes(protection: LocatorProtection): Uint8Array[] {
  const boxes = [pssh(COMMON_PSSH_SYSTEM_ID, [keyIdBytes(protection.keyId)])];
  for (const system of protection.drmSystems ?? []) {
    const data = system.psshData ? Buffer.from(system.psshData, 'base64') : undefined;
    boxes.push(pssh(system.systemId, null, data));
  }
  return boxes;
}

/**
 * AV1 samples need OBU-aware subsamples (AV1-ISOBMFF §4: OBU headers and frame headers clear, tile data
 * protected in whole blocks); encrypting them whole would make them undecodable, so it is refused.
 */
function refuseUnsupported(track: PresentationTrack): void {
  if (track.config.codec === 'av01') {
    throw new OriginError(
      415,
      'MPE_FORMAT_NOT_SUPPORTED',
      `${track.file}: common encryption (cenc/cbcs) of AV1 is not supported by this origin; publish the asset with a clear policy or the AES-128 envelope (Predefined_ClearKey).`,
    );
  }
}

export function buildEncryptedInitSegment(
  track: PresentationTrack,
  flavor: InitFlavor,
  scheme: CommonScheme,
  protection: LocatorProtection,
): Uint8Array {
  refuseUnsupported(track);
  const original = track.config.codec;
  return buildInitSegment(track, flavor, {
    sinf: sinf(original, trackEncryption(track, scheme, protection)),
    pssh: psshBoxes(protection),
  });
}

export async function buildEncryptedMediaSegment(
  track: PresentationTrack,
  fragmentIndex: number,
  flavor: SegmentFlavor,
  scheme: CommonScheme,
  protection: LocatorProtection,
): Promise<Body> {
  refuseUnsupported(track);
  const first = track.fragments.firstSample[fragmentIndex] ?? 0;
  const end = track.fragments.firstSample[fragmentIndex + 1] ?? first;
  const indices = new Uint32Array(end - first);
  for (let k = 0; k < indices.length; k++) indices[k] = first + k;
  const { data, at } = await readSamples(track, indices);
  const { sizes } = track.samples;
  let total = 0;
  for (const i of indices) total += sizes[i] ?? 0;
  const payload = new Uint8Array(total);

  const encryption = trackEncryption(track, scheme, protection);
  const key = protection.contentKey();
  const config = track.config;
  const infos: SampleAuxInfo[] = [];
  let out = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] ?? 0;
    const size = sizes[i] ?? 0;
    const pos = at[k] ?? 0;
    const sample = payload.subarray(out, out + size);
    sample.set(data.subarray(pos, pos + size));
    const where = `${track.file} sample ${i}`;
    const subsamples =
      config.codec === 'avc1'
        ? avcSubsamples(sample, config.nalLengthSize, where)
        : config.codec === 'hvc1' || config.codec === 'hev1'
          ? avcSubsamples(sample, config.nalLengthSize, where, 'hevc')
          : undefined;
    const iv = scheme === 'cenc' ? sampleIv(track, i) : new Uint8Array(0);
    encryptSample(sample, subsamples, sampleCipher(encryption, key, iv));
    infos.push({ iv, subsamples });
    out += size;
  }

  const smooth = flavor === 'smooth';
  // cbcs audio (constant IV, whole samples) has no per-sample information to describe.
  const needsInfo = infos.some((s) => s.iv.length > 0 || s.subsamples !== undefined);
  return buildMediaSegment(track, fragmentIndex, flavor, fragmentIndex + 1, {
    payload,
    trafBoxes: (offset) => {
      if (!needsInfo) return [];
      if (smooth) {
        const box = piffSampleEncryption(infos);
        return [box, saiz(infos), saio(offset + sencInfoOffset(true))];
      }
      return [senc(infos), saiz(infos), saio(offset + sencInfoOffset(false))];
    },
    // Smooth has no init segment to carry psshs: clients build their own from the manifest's
    // PlayReady-format header, so ClearKey players find the key id in each fragment's pssh.
    moofBoxes: smooth ? psshBoxes(protection) : [],
  });
}
