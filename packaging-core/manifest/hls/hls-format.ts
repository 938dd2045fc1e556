import type { FormatOf } from '../../formats/format-table.ts';

/** The HLS formats the origin writes (the format table's protocol 'hls'). */
export type HlsFormat = FormatOf<'hls'>;
