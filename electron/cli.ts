#!/usr/bin/env node
/**
 * `origin-studio`: the studio without a window — for servers, scripts, CI and the tests.
 * Runs on Node 24 (type stripping), the Node inside Electron 45.
 */
import { parseArgs } from 'node:util';

const USAGE = `Usage: origin-studio <command> [options]

Commands:
  demo [--json]      Make a short sample mezzanine with ffmpeg, encode it (AdaptiveStreaming),
                     publish it with a clear-streaming locator, serve it and print the six URLs.
  help               Show this help.
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    case 'demo': {
      parseArgs({ args: [...rest], options: { json: { type: 'boolean' } }, allowPositionals: false });
      process.stderr.write(
        'origin-studio demo: makes a sample mezzanine, encodes it with AdaptiveStreaming, creates a ' +
          'ClearStreaming locator, serves it and prints the six streaming URLs.\n' +
          'Not available yet in this build: the studio core (issue 4) provides it.\n',
      );
      return 2;
    }
    default:
      process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
      return 64;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
