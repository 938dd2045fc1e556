export * from './job-queue.ts';
export * from './log-tail.ts';
export * from './throttled-writer.ts';
