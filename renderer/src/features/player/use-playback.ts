import { useEffect, useRef, useState } from 'react';
import { NO_TRACKS, type EngineFactory, type EngineStats, type EngineTracks, type PlayerEngine, type PlayerError } from './engine.ts';
import { mediaStats, type MediaStats } from './media-stats.ts';

const STATS_MS = 500;

/**
 * The last player of each video element, until it is destroyed. A new player waits for it: two
 * players attached to one element at once (a quick tab switch, StrictMode's double effects) fight
 * over its MediaSource and neither plays.
 */
const teardowns = new WeakMap<HTMLVideoElement, Promise<void>>();

export interface Playback {
  readonly engineName: string | null;
  readonly engine: EngineStats | null;
  readonly media: MediaStats | null;
  readonly errors: readonly PlayerError[];
  readonly tracks: EngineTracks;
  /** The switches (null until the player has loaded): each applies at once and refreshes `tracks`. */
  readonly control: PlaybackControl | null;
}

export type PlaybackControl = Pick<PlayerEngine, 'setAbr' | 'selectRung' | 'selectAudio' | 'selectText'>;

/** Plays `url` with the engine into the returned video element; tears it down on change or unmount. */
export function usePlayback(factory: EngineFactory, url: string): [React.RefObject<HTMLVideoElement | null>, Playback] {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [engineName, setEngineName] = useState<string | null>(null);
  const [engine, setEngine] = useState<EngineStats | null>(null);
  const [media, setMedia] = useState<MediaStats | null>(null);
  const [errors, setErrors] = useState<PlayerError[]>([]);
  const [tracks, setTracks] = useState<EngineTracks>(NO_TRACKS);
  const [control, setControl] = useState<PlaybackControl | null>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let live = true;
    let player: PlayerEngine | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    const onError = (e: PlayerError) => live && setErrors((all) => [...all.slice(-9), e]);
    const onVideoError = () => onError({ message: `video element: ${video.error?.code ?? '?'} ${video.error?.message ?? ''}`, url: null });
    video.addEventListener('error', onVideoError);
    const previous = teardowns.get(video) ?? Promise.resolve();
    const started = (async () => {
      await previous;
      if (!live) return;
      player = await factory(video, onError);
      if (!live) return;
      setEngineName(player.name);
      await player.load(url);
      if (!live) return;
      await video.play().catch((err: unknown) => onError({ message: `play(): ${(err as Error).message}`, url: null }));
      const p = player;
      const refresh = () => {
        if (!live) return;
        setEngine(p.stats());
        setTracks(p.tracks());
        setMedia(mediaStats(video));
      };
      const then =
        <A extends unknown[]>(f: (...a: A) => void) =>
        (...a: A) => {
          f(...a);
          refresh();
        };
      setControl({
        setAbr: then((on: boolean) => p.setAbr(on)),
        selectRung: then((key: string) => p.selectRung(key)),
        selectAudio: then((key: string) => p.selectAudio(key)),
        selectText: then((key: string | null) => p.selectText(key)),
      });
      refresh();
      timer = setInterval(refresh, STATS_MS);
    })().catch((err: unknown) => onError({ message: `Could not start the player: ${(err as Error).message}`, url }));
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      video.removeEventListener('error', onVideoError);
      teardowns.set(
        video,
        started.then(() => player?.destroy()).catch(() => undefined),
      );
      setErrors([]);
      setEngine(null);
      setMedia(null);
      setEngineName(null);
      setTracks(NO_TRACKS);
      setControl(null);
    };
  }, [factory, url]);

  return [videoRef, { engineName, engine, media, errors, tracks, control }];
}
