import { ffprobeBin, mustRun } from '../../helpers/run-process.ts';

export interface ProbedPacket {
  readonly pts: number;
  readonly dts: number;
  readonly size: number;
  readonly key: boolean;
}

export interface ProbedStream {
  readonly index: number;
  /** The MP4 track_ID. */
  readonly id: number;
  readonly codec: string;
  readonly timescale: number;
  readonly startPts: number;
  readonly profile?: string;
  readonly level?: number;
  readonly width?: number;
  readonly height?: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  readonly language?: string;
  readonly packets: ProbedPacket[];
}

/** ffprobe's view of every stream and its packets (decode order), in each stream's own time base. */
export async function probeStreams(file: string): Promise<ProbedStream[]> {
  const r = await mustRun(ffprobeBin(), [
    '-v', 'error', '-of', 'json',
    '-show_entries', 'stream=index,id,codec_name,time_base,start_pts,profile,level,width,height,sample_rate,channels:stream_tags=language',
    '-show_entries', 'packet=stream_index,pts,dts,size,flags',
    `file:${file}`,
  ]);
  const json = JSON.parse(r.stdout.toString('utf8'));
  return json.streams.map((s: any) => ({
    index: s.index,
    id: Number(s.id),
    codec: s.codec_name,
    timescale: Number(String(s.time_base).split('/')[1]),
    startPts: Number(s.start_pts ?? 0),
    profile: s.profile,
    level: s.level,
    width: s.width,
    height: s.height,
    sampleRate: s.sample_rate ? Number(s.sample_rate) : undefined,
    channels: s.channels,
    language: s.tags?.language,
    packets: json.packets
      .filter((p: any) => p.stream_index === s.index)
      .map((p: any) => ({ pts: Number(p.pts), dts: Number(p.dts), size: Number(p.size), key: String(p.flags).startsWith('K') })),
  }));
}
