import { redactSecrets } from '../../../packaging-core/index.ts';

/** The last lines a job logged, bounded in lines and characters so a chatty ffmpeg cannot bloat a row. */
export class LogTail {
  readonly #maxLines: number;
  readonly #maxChars: number;
  #lines: string[] = [];
  #chars = 0;

  constructor(initial = '', maxLines = 200, maxChars = 16_384) {
    this.#maxLines = maxLines;
    this.#maxChars = maxChars;
    for (const line of initial.split('\n')) if (line) this.push(line);
  }

  push(text: string): void {
    // Secrets never reach the catalog or the UI (an input URL with a token, an Authorization header).
    for (const raw of redactSecrets(text).split(/\r?\n/)) {
      const line = raw.length > this.#maxChars ? raw.slice(-this.#maxChars) : raw;
      if (!line) continue;
      this.#lines.push(line);
      this.#chars += line.length + 1;
    }
    while (this.#lines.length > this.#maxLines || this.#chars > this.#maxChars) {
      this.#chars -= (this.#lines.shift() ?? '').length + 1;
    }
  }

  toString(): string {
    return this.#lines.join('\n');
  }
}
