import type { CatalogFile, FileInfo } from '../catalog/cataloger.ts';
import type { ScanTarget } from '../report/model.ts';

export interface SourceOptions {
  /** Files larger than this are never read (warned, skipped). Default 256 MiB. */
  maxFileSize: number;
  /** Cap on total decompressed bytes across all layers (gzip/zstd bomb guard). */
  maxDecompressedBytes: number;
  /** Scratch space the scan may use; the caller removes it. */
  tempDir: string;
  warn(message: string): void;
  /**
   * `os/arch[/variant]` to pick from a multi-platform index. When unset, linux/amd64 is preferred
   * and the first image is taken if there is none; when set, a missing platform is an error.
   */
  platform?: string;
}

export interface WalkVisitor {
  /** Called for every regular file; decides from path + metadata alone. Paths: relative, POSIX, no leading slash, normalised. */
  wants(path: string, info: FileInfo): boolean;
  /** A wanted file of layer `layerKey` ('' for directories). Awaited before the next entry is read. */
  file(layerKey: string, file: CatalogFile): Promise<void>;
  /** Bytes of input consumed so far, and the total when known (for a progress bar). */
  progress?(done: number, total?: number): void;
}

export interface LayerRecord {
  /** The key passed to visitor.file for this layer. */
  key: string;
  /** diff_id (sha256 of the uncompressed layer) from the image config. */
  digest?: string;
  /** History entry of this layer. */
  createdBy?: string;
  /** Paths deleted by this layer (`dir/.wh.name` → `dir/name`). */
  whiteouts: string[];
  /** Dirs whose earlier content this layer hides (`dir/.wh..wh..opq`); '' is the root. */
  opaqueDirs: string[];
}

export interface WalkResult {
  target: ScanTarget;
  /** Application order; one record for directories. */
  layers: LayerRecord[];
}

export interface Source {
  walk(visitor: WalkVisitor): Promise<WalkResult>;
}

export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024;
