/**
 * The fMP4 variants the origin writes (which format uses which: format-table.ts). They share one box
 * layout and differ in brands, in the optional `styp`, and (Smooth) in having no init segment and a
 * `tfxd` box per fragment.
 */
export type InitFlavor = 'csf' | 'cmaf' | 'hls-cmaf';
export type SegmentFlavor = InitFlavor | 'smooth';
