/**
 * Follows a URL written inside a manifest the way a player does (resolved against the document's URL)
 * and checks with our own parser that it names something the presentation really has.
 */
import { expect } from 'vitest';
import type { Presentation } from '../../../../packaging-core/types/media.ts';
import type {
  FragmentRequest,
  OriginRequest,
  PlaylistRequest,
} from '../../../../packaging-core/types/request.ts';
import { findFragmentIndex, findTrack } from '../../../../packaging-core/presentation/find-track.ts';
import { parseOriginPath } from '../../../../packaging-core/url/parse-url.ts';

export const LOC = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
export const ISM_DIR = `/${LOC}/fake.ism/`;

export function resolveChild(parentPath: string, relative: string): OriginRequest {
  const url = new URL(relative, `http://origin.test${parentPath}`);
  expect(url.host).toBe('origin.test');
  return parseOriginPath(url.pathname);
}

export function expectPlaylist(presentation: Presentation, request: OriginRequest): PlaylistRequest {
  expect(request.kind).toBe('playlist');
  const playlist = request as PlaylistRequest;
  findTrack(presentation, playlist.bitrate, playlist.track);
  return playlist;
}

/** The fragment exists: bitrate and track resolve and the time is a real fragment start (or init). */
export function expectFragment(presentation: Presentation, request: OriginRequest): FragmentRequest {
  expect(request.kind).toBe('fragment');
  const fragment = request as FragmentRequest;
  const track = findTrack(presentation, fragment.bitrate, fragment.track);
  if (fragment.time !== 'init') findFragmentIndex(track, fragment.time);
  return fragment;
}

/** Lines following each tag: the URI lines of an HLS playlist. */
export function uriLines(playlist: string): string[] {
  return playlist.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

/** Attributes of an HLS tag line, e.g. BANDWIDTH → "123". Quoted values keep no quotes. */
export function hlsAttributes(line: string): Record<string, string> {
  const list = line.slice(line.indexOf(':') + 1);
  const out: Record<string, string> = {};
  for (const match of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    out[match[1]!] = match[2]!.replace(/^"|"$/g, '');
  }
  return out;
}
