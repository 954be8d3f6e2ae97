export * from './errors.ts';
export * from './package.ts';
export * from './finding.ts';
export * from './event.ts';
export * from './attack.ts';
export * from './shipped-path.ts';
