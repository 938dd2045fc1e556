export * from './guid.ts';
export * from './streaming-policies.ts';
export * from './locators.ts';
export * from './list-paths.ts';
export * from './locator-paths.ts';
export * from './streaming-urls.ts';
export * from './locator-resolver.ts';
