// The data module's public surface. Other folders import from here only.
export * from './store/index.ts';
export * from './import/index.ts';
export * from './sandbox/index.ts';
