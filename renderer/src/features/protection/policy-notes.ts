/** What each streaming policy does to the stream, for the publish dialog. */
import type { EncryptionScheme } from '@contract';

const BY_NAME: Readonly<Record<string, string>> = {
  Predefined_DownloadOnly: 'Progressive download of the MP4 files only; no streaming URLs.',
  Predefined_ClearStreamingOnly: 'HLS, DASH and Smooth in the clear.',
  Predefined_DownloadAndClearStreaming: 'HLS, DASH and Smooth in the clear, plus progressive download.',
  Predefined_ClearKey:
    'HLS with AES-128 envelope encryption: players fetch the raw key from the key URI in the playlist.',
  Predefined_MultiDrmCencStreaming:
    "DASH and Smooth with Common Encryption (cenc, AES-CTR); here played with the W3C ClearKey CDM and the origin's licence endpoint.",
  Predefined_MultiDrmStreaming:
    'HLS CMAF with cbcs (SAMPLE-AES) plus DASH and Smooth with cenc; ClearKey licences and keys from the origin.',
};

const BY_SCHEME: Readonly<Record<EncryptionScheme, string>> = {
  NoEncryption: 'In the clear.',
  EnvelopeEncryption: 'AES-128 envelope encryption (HLS).',
  CommonEncryptionCenc: 'Common Encryption, cenc.',
  CommonEncryptionCbcs: 'Common Encryption, cbcs.',
  CommonEncryptionCencAndCbcs: 'Common Encryption, cbcs for HLS and cenc for DASH/Smooth.',
};

export function isProtected(scheme: EncryptionScheme): boolean {
  return scheme !== 'NoEncryption';
}

export function policyNote(policy: { name: string; encryptionScheme: EncryptionScheme }): string {
  return BY_NAME[policy.name] ?? BY_SCHEME[policy.encryptionScheme];
}

/** "open" or "token (HS256, issuer …)" for pickers and lists. */
export function restrictionLabel(
  r: { kind: 'open' } | { kind: 'token'; algorithm: string; issuer: string },
): string {
  return r.kind === 'open' ? 'open: any client gets the key' : `token: ${r.algorithm} JWT from ${r.issuer}`;
}
