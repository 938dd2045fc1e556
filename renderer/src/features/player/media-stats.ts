/** What the <video> element itself proves, whichever library feeds it. */
export interface MediaStats {
  readonly currentTime: number;
  readonly bufferAhead: number;
  readonly videoWidth: number;
  readonly videoHeight: number;
  readonly totalFrames: number;
  readonly droppedFrames: number;
}

export function mediaStats(video: HTMLVideoElement): MediaStats {
  const t = video.currentTime;
  let ahead = 0;
  for (let i = 0; i < video.buffered.length; i++) {
    if (video.buffered.start(i) <= t + 0.1 && video.buffered.end(i) > t) ahead = video.buffered.end(i) - t;
  }
  const q = video.getVideoPlaybackQuality();
  return {
    currentTime: t,
    bufferAhead: ahead,
    videoWidth: video.videoWidth,
    videoHeight: video.videoHeight,
    totalFrames: q.totalVideoFrames,
    droppedFrames: q.droppedVideoFrames,
  };
}
