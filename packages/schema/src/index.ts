export * from './errors.ts';
export * from './package.ts';
export * from './finding.ts';
