/** Track ids of our single-track movies: fixed per kind so a video and an audio init never collide. */
export function fmp4TrackId(kind: 'video' | 'audio'): number {
  return kind === 'video' ? 1 : 2;
}
