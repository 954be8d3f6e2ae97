import { createHash } from 'node:crypto';
import { UserError } from '@vigil/schema';
import { normaliseEntryPath } from './entry-path.ts';
import { refMatches } from './image-ref.ts';

/**
 * From an image's metadata files to the plan of a scan: which layers, in which order, with which
 * diff_ids and history. Understands `docker save` (manifest.json, legacy and OCI-style) and OCI
 * image layouts (index.json → optional nested index → manifest → config). Paths are in the
 * image's own namespace: `abc/layer.tar`, `blobs/sha256/<hex>`.
 */

export interface LayerPlan {
  path: string;
  diffId: string;
  createdBy?: string;
}

export interface ImagePlan {
  /** `sha256:` of the config blob. */
  imageId: string;
  layers: LayerPlan[];
  repoTags: string[];
  architecture?: string;
}

export interface ImageSelector {
  /** Pick the image carrying this tag (`name:tag`, or a bare tag). */
  tag?: string;
  /** `os/arch[/variant]`: required when given, else linux/amd64 is preferred. */
  platform?: string;
}

/** Small metadata file by path; `undefined` when the image does not have it (or not yet). */
export type MetadataReader = (path: string) => Buffer | undefined;

/** A metadata file the plan needs is not (yet) available. */
export class MissingMetadata extends Error {
  constructor(readonly path: string) {
    super(`missing ${path}`);
  }
}

const DEFAULT_PLATFORM = 'linux/amd64';
const MAX_INDEX_DEPTH = 4;
const INDEX_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const REF_ANNOTATIONS = ['io.containerd.image.name', 'org.opencontainers.image.ref.name'];

/** The plan, or `undefined` when there is neither manifest.json nor index.json (not an image). */
export function planImage(read: MetadataReader, name: string, selector: ImageSelector): ImagePlan | undefined {
  const plan = new Planner(read, name, selector);
  const dockerManifest = read('manifest.json');
  if (dockerManifest) return plan.fromDockerManifest(dockerManifest);
  const index = read('index.json');
  if (index) return plan.fromOciIndex(index);
  return undefined;
}

type Json = Record<string, unknown>;

interface Descriptor {
  mediaType?: string;
  digest: string;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

class Planner {
  constructor(
    private readonly read: MetadataReader,
    private readonly name: string,
    private readonly selector: ImageSelector,
  ) {}

  fromDockerManifest(bytes: Buffer): ImagePlan {
    const entries = this.array(this.json(bytes, 'manifest.json'), 'manifest.json');
    const images = entries.map((entry) => {
      const e = this.object(entry, 'manifest.json');
      return {
        config: this.path(this.string(e.Config, 'manifest.json Config')),
        layers: this.array(e.Layers, 'manifest.json Layers').map((l) => this.path(this.string(l, 'manifest.json Layers'))),
        repoTags: e.RepoTags == null ? [] : this.array(e.RepoTags, 'manifest.json RepoTags').map((t) => this.string(t, 'RepoTags')),
      };
    });
    const { tag } = this.selector;
    const chosen = tag ? images.find((i) => i.repoTags.some((t) => refMatches(t, tag))) : images[0];
    if (!chosen) throw this.noImage(images.flatMap((i) => i.repoTags));
    return this.fromConfig(chosen.config, chosen.layers, chosen.repoTags);
  }

  fromOciIndex(bytes: Buffer): ImagePlan {
    const index = this.object(this.json(bytes, 'index.json'), 'index.json');
    const top = this.choose(index, 'index.json', this.selector.tag);
    const repoTags = REF_ANNOTATIONS.map((key) => top.annotations?.[key]).filter((v): v is string => !!v);
    let descriptor = top;
    for (let depth = 0; ; depth++) {
      const path = this.blobPath(descriptor.digest);
      const doc = this.object(this.json(this.need(path), path), path);
      const isIndex = Array.isArray(doc.manifests) || INDEX_MEDIA_TYPES.has(descriptor.mediaType ?? '');
      if (!isIndex) {
        const config = this.descriptor(doc.config, `${path} config`);
        const layers = this.array(doc.layers, `${path} layers`).map((l) => this.blobPath(this.descriptor(l, `${path} layers`).digest));
        return this.fromConfig(this.blobPath(config.digest), layers, [...new Set(repoTags)]);
      }
      if (depth >= MAX_INDEX_DEPTH) throw this.bad(`image indexes nested too deep`);
      descriptor = this.choose(doc, path, undefined);
    }
  }

  private fromConfig(configPath: string, layerPaths: string[], repoTags: string[]): ImagePlan {
    const bytes = this.need(configPath);
    const config = this.object(this.json(bytes, configPath), configPath);
    const rootfs = config.rootfs == null ? {} : this.object(config.rootfs, `${configPath} rootfs`);
    const diffIds = rootfs.diff_ids == null ? [] : this.array(rootfs.diff_ids, `${configPath} diff_ids`);
    if (diffIds.length !== layerPaths.length) {
      throw this.bad(`image config lists ${diffIds.length} layer digests for ${layerPaths.length} layers`);
    }
    const history = (config.history == null ? [] : this.array(config.history, `${configPath} history`))
      .map((h) => this.object(h, `${configPath} history`))
      .filter((h) => h.empty_layer !== true);
    // History lines up with layers only when every non-empty step made one; otherwise it says nothing reliable.
    const aligned = history.length === layerPaths.length;
    const architecture = typeof config.architecture === 'string' ? config.architecture : undefined;
    this.checkPlatform(config);
    return {
      imageId: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      layers: layerPaths.map((path, i) => {
        const createdBy = aligned ? history[i].created_by : undefined;
        return {
          path,
          diffId: this.string(diffIds[i], `${configPath} diff_ids`),
          ...(typeof createdBy === 'string' ? { createdBy } : {}),
        };
      }),
      repoTags,
      ...(architecture ? { architecture } : {}),
    };
  }

  /** One manifest out of an index: by tag (top level only), then by platform. */
  private choose(index: Json, where: string, tag: string | undefined): Descriptor {
    let candidates = this.array(index.manifests, `${where} manifests`)
      .map((d) => this.descriptor(d, `${where} manifests`))
      .filter((d) => !isAttestation(d));
    if (tag) {
      const all = candidates.flatMap((d) => REF_ANNOTATIONS.map((k) => d.annotations?.[k]).filter((v): v is string => !!v));
      candidates = candidates.filter((d) => REF_ANNOTATIONS.some((k) => {
        const ref = d.annotations?.[k];
        return ref !== undefined && refMatches(ref, tag);
      }));
      if (candidates.length === 0) throw this.noImage(all);
    }
    if (candidates.length === 0) throw this.bad(`${where} lists no images`);
    const wanted = this.selector.platform ?? DEFAULT_PLATFORM;
    const match = candidates.find((d) => d.platform && platformMatches(d.platform, wanted));
    if (match) return match;
    const platforms = candidates.filter((d) => d.platform).map((d) => platformName(d.platform!));
    if (this.selector.platform && platforms.length > 0) {
      throw new UserError(`no ${wanted} image in ${this.name} (it has ${platforms.join(', ')})`, 'NOT_FOUND');
    }
    return candidates[0];
  }

  private checkPlatform(config: Json): void {
    const wanted = this.selector.platform;
    if (!wanted || typeof config.os !== 'string' || typeof config.architecture !== 'string') return;
    const actual = { os: config.os, architecture: config.architecture, variant: typeof config.variant === 'string' ? config.variant : undefined };
    if (!platformMatches(actual, wanted)) {
      throw new UserError(`${this.name} is a ${platformName(actual)} image, not ${wanted}`, 'NOT_FOUND');
    }
  }

  private need(path: string): Buffer {
    const bytes = this.read(path);
    if (!bytes) throw new MissingMetadata(path);
    return bytes;
  }

  private blobPath(digest: string): string {
    const m = /^(sha256|sha512):([a-f0-9]{64,128})$/.exec(digest);
    if (!m) throw this.bad(`invalid digest ${JSON.stringify(digest)}`);
    return `blobs/${m[1]}/${m[2]}`;
  }

  private path(ref: string): string {
    const path = normaliseEntryPath(ref);
    if (!path) throw this.bad(`unsafe path ${JSON.stringify(ref)} in manifest.json`);
    return path;
  }

  private descriptor(value: unknown, where: string): Descriptor {
    const d = this.object(value, where);
    const digest = this.string(d.digest, `${where} digest`);
    return {
      digest,
      ...(typeof d.mediaType === 'string' ? { mediaType: d.mediaType } : {}),
      ...(d.platform && typeof d.platform === 'object' ? { platform: d.platform as Descriptor['platform'] } : {}),
      ...(d.annotations && typeof d.annotations === 'object' ? { annotations: d.annotations as Record<string, string> } : {}),
    };
  }

  private json(bytes: Buffer, path: string): unknown {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      throw this.bad(`invalid JSON in ${path}`);
    }
  }

  private object(value: unknown, where: string): Json {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw this.bad(`${where} is not an object`);
    return value as Json;
  }

  private array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) throw this.bad(`${where} is not a list`);
    return value;
  }

  private string(value: unknown, where: string): string {
    if (typeof value !== 'string') throw this.bad(`${where} is not a string`);
    return value;
  }

  private noImage(tags: string[]): UserError {
    const has = tags.length ? `; it has ${tags.join(', ')}` : '';
    return new UserError(`no image tagged ${this.selector.tag} in ${this.name}${has}`, 'NOT_FOUND');
  }

  private bad(message: string): UserError {
    return new UserError(`bad image ${this.name}: ${message}`, 'BAD_IMAGE');
  }
}

function isAttestation(d: Descriptor): boolean {
  return d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || d.platform?.os === 'unknown';
}

function platformMatches(p: NonNullable<Descriptor['platform']>, wanted: string): boolean {
  const [os, architecture, variant] = wanted.split('/');
  return p.os === os && p.architecture === architecture && (variant === undefined || p.variant === variant);
}

function platformName(p: NonNullable<Descriptor['platform']>): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
