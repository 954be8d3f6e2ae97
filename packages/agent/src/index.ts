export * from './inventory/index.ts';
export { AGENT_VERSION } from './version.ts';
