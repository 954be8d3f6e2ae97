#!/usr/bin/env node
// Entry point for `npx vigil`: loads the TypeScript CLI through tsx (Node 20 has no type stripping).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
