/**
 * The fMP4 variants the origin writes. They share one box layout and differ in brands, in the
 * optional `styp`, and (Smooth) in having no init segment and a `tfxd` box per fragment.
 *  - csf: DASH `format=mpd-time-csf`
 *  - cmaf: DASH `format=mpd-time-cmaf`
 *  - hls-cmaf: HLS `format=m3u8-cmaf`
 *  - smooth: Smooth Streaming fragments (media segments only)
 */
export type InitFlavor = 'csf' | 'cmaf' | 'hls-cmaf';
export type SegmentFlavor = InitFlavor | 'smooth';
