/**
 * A subtitle file a user adds (WebVTT, SRT, TTML/IMSC1), read into cues checked against the asset's
 * duration. Bytes are UTF-8 (a BOM is dropped), UTF-16 with a BOM, or else Windows-1252 — the usual
 * encoding of SRT files that are not UTF-8; what is stored is always UTF-8 WebVTT.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Cue, detectTextFormat, readTextTrack, TextTrackError } from '../../../packaging-core/index.ts';
import { looksLikeTtml, readTtml } from './read-ttml.ts';

export type TextInputFormat = 'webvtt' | 'srt' | 'ttml';

export interface TextInput {
  readonly format: TextInputFormat;
  readonly cues: readonly Cue[];
}

/** Largest subtitle file taken: a feature film's SRT is ~100 KB, TTML with styling a few MB. */
const MAX_BYTES = 50 * 1024 * 1024;

export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Reads text already in memory; `name` labels errors (the file name). */
export function readTextInputText(text: string, name: string, durationMs?: number): TextInput {
  if (looksLikeTtml(text)) return { format: 'ttml', cues: readTtml(text, name, durationMs) };
  return { format: detectTextFormat(text), cues: readTextTrack(text, name, durationMs) };
}

export async function readTextInput(file: string, durationMs?: number): Promise<TextInput> {
  const name = path.basename(file);
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new TextTrackError(err.code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${err.code ?? err.message})`);
  });
  if (bytes.length > MAX_BYTES) throw new TextTrackError(`${name} is ${Math.round(bytes.length / 1048576)} MB; a subtitle file is at most ${MAX_BYTES / 1048576} MB`);
  const text = decodeText(bytes);
  if (text.includes('\0')) throw new TextTrackError(`${name} is not a text file (it holds binary data); add a WebVTT, SRT or TTML file`);
  return readTextInputText(text, name, durationMs);
}
