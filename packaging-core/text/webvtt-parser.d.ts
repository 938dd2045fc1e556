// The parts of webvtt-parser (no bundled types) the text reader uses.
declare module 'webvtt-parser' {
  export interface ParsedCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  export interface ParseError {
    message: string;
    line: number;
    col: number;
  }
  export class WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'chapters'): { cues: ParsedCue[]; errors: ParseError[] };
  }
  // A CommonJS module: Node's ESM loader sees only its default export (module.exports).
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
