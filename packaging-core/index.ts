/**
 * packaging-core's public face: everything code outside packaging-core (the studio, the shell, the
 * CLI, tests, benchmarks) may use. The layers behind it (README, "Layout") are free to change.
 * The renderer-shared contract is the one exception: it imports types/ and formats/ directly,
 * because this file also reaches Node-only modules.
 */

// The vocabulary: media model, requests and locators, filters, errors, bodies, format names.
export * from './types/body.ts';
export * from './types/errors.ts';
export * from './types/filter-definition.ts';
export * from './types/formats.ts';
export * from './types/media.ts';
export * from './types/request.ts';

// The format table: every format's protocol, container, content types, schemes, codecs, keys and names.
export * from './formats/format-table.ts';

// Where asset bytes live: local files or a mounted storage volume (e.g. blob storage).
export { mountVolume, type ByteSource, type ByteSourceVolume, type SourceStat } from './io/byte-source.ts';
export { ORIGIN_MEMORY } from './io/memory-budget.ts';

// The AMS URL grammar: parse a request path, build the paths the manifests and ListPaths show.
export { parseOriginPath } from './url/parse-url.ts';
export { isUrlName } from './url/url-options.ts';
export { manifestPath, playlistUrl, fragmentName, type CarriedOptions } from './url/build-url.ts';

// Assets: MP4 files, the .ism server manifest, presentations (fragments, GOP alignment), filters.
export { loadTrackSamples, readMp4, type Mp4File } from './mp4/read-mp4.ts';
export { type Box, BoxFormatError, childBoxes, findChild, findPath, fullBoxHeader, requireChild } from './mp4/box.ts';
export { parseIsm, type IsmSource, type IsmTextSource, type ParsedIsm } from './ism/parse-ism.ts';
export { writeIsm, type IsmDocument, type IsmTextEntry, type IsmTrackEntry } from './ism/write-ism.ts';
export { withTextStreams, withoutTrack, withTrack } from './ism/edit-ism.ts';
export { openPresentation } from './presentation/open-presentation.ts';
export { defaultTrackName } from './presentation/select-track.ts';
export { checkFragmentLengths, checkGopAlignment } from './presentation/gop-alignment.ts';
export { videoFragments } from './presentation/video-fragments.ts';
export { PresentationCache, type PresentationCacheOptions } from './presentation/presentation-cache.ts';
export { applyFilters, FILTER_REMOVED_ALL_STREAMS } from './presentation/filters/apply-filters.ts';
export { checkFilterName, FilterDefinitionError, parseFilterDefinition } from './presentation/filters/parse-filter-definition.ts';

// Text tracks: WebVTT and SRT read strictly, WebVTT written whole or per segment.
export type { Cue } from './text/cues.ts';
export { TextTrackError } from './text/cues.ts';
export { detectTextFormat, readTextTrack } from './text/read-text-track.ts';
export { cuesInRange, writeWebVtt, writeWebVttSegment, type VttSegmentTiming } from './text/write-webvtt.ts';

// The client manifest (.ismc) written next to an encoded asset.
export { writeIsmc } from './manifest/mss/smooth-manifest.ts';

// The origin: an HTTP handler that serves every format, protected or clear.
export {
  createOriginHandler,
  type OriginHandler,
  type OriginMemory,
  type OriginOptions,
} from './server/origin-handler.ts';
export { originMemoryReport } from './server/memory-report.ts';
export type { RequestLogEntry } from './server/request-log.ts';
export { corsHeaders } from './server/cors.ts';
export { REDACTED, redactSecrets } from './server/redact-secrets.ts';
export { CONTENT_KEY_ID_CLAIM, checkToken, MAX_TOKEN_LIFETIME_SEC, type TokenCheck } from './server/verify-token.ts';
