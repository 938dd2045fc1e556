/**
 * Why a hardware encoder is unavailable, as a sentence a user understands; the trial encode's raw
 * ffmpeg line stays available behind a details toggle. Patterns are ffmpeg 5–7's messages per vendor.
 */
interface Rule {
  readonly encoder: RegExp;
  readonly raw: RegExp;
  readonly sentence: string;
}

const RULES: readonly Rule[] = [
  { encoder: /./, raw: /not compiled into this ffmpeg|Unknown encoder/i, sentence: 'this ffmpeg was built without it' },
  { encoder: /_nvenc$/, raw: /libcuda|nvcuda|CUDA_ERROR_NO_DEVICE|No NVENC capable devices|libnvidia-encode|Driver does not support/i, sentence: 'no NVIDIA GPU found (or its driver is not installed)' },
  { encoder: /_qsv$/, raw: /MFX session|libmfx|libvpl|unsupported \(-3\)|MFX_ERR/i, sentence: 'no Intel GPU with Quick Sync found' },
  { encoder: /_vaapi$/, raw: /VAAPI render device|vaInitialize|Failed to initialise VAAPI|No VA display/i, sentence: 'no GPU with VAAPI video encoding found (/dev/dri/renderD128)' },
  { encoder: /_amf$/, raw: /amfrt|AMF|DLL/i, sentence: 'no AMD GPU with AMF found' },
  { encoder: /_videotoolbox$/, raw: /./, sentence: 'VideoToolbox works on macOS only' },
  { encoder: /./, raw: /did not finish/i, sentence: 'its trial encode did not finish in time' },
];

const SHORT: Readonly<Record<string, string>> = { nvenc: 'NVENC', qsv: 'Quick Sync', vaapi: 'VAAPI', amf: 'AMF', videotoolbox: 'VideoToolbox' };

/** "NVENC: no NVIDIA GPU found …" for h264_nvenc's raw reason. */
export function plainEncoderReason(encoder: string, raw: string | null): string {
  const family = SHORT[encoder.split('_')[1] ?? ''] ?? encoder;
  const rule = raw === null ? undefined : RULES.find((r) => r.encoder.test(encoder) && r.raw.test(raw));
  return `${family}: ${rule?.sentence ?? 'its trial encode failed on this machine'}.`;
}
