export { applyVex, type SuppressedFinding, type VexResult } from './apply.ts';
export {
  parseOpenVex,
  readVex,
  type VexDocument,
  type VexProduct,
  type VexStatement,
  type VexStatus,
} from './openvex.ts';
