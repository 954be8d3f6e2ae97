/**
 * Hardening and slimming advice from an image's files and configuration, in the spirit of
 * SlimToolkit and the CIS image checks: who it runs as, setuid/setgid and world-writable files,
 * shells, package managers, compilers and debug tools left in, caches and docs, secrets, bytes a
 * later layer deleted or replaced (still shipped), the largest layers and files, and a slimmer
 * base with the bytes it would save — an estimate from the files such a base leaves out.
 */
import type { OSInfo } from '@vigil/schema';
import type { Bilingual } from '../model.ts';
import { VISIBLE_MIN_BYTES, type ImageFile, type ImageFiles, type VisibleFile } from './image-files.ts';
import { envSecrets, historySecrets, redactSecrets, type SecretHit } from './secrets.ts';

/** From the Docker Engine's image inspect, when the image is in the local Engine. */
export interface ImageConfig {
  user: string;
  env: string[];
  healthcheck: boolean;
  /** Every history step, empty layers (ENV, USER, ARG) included. */
  history: string[];
}

export type AdviceSeverity = 'high' | 'medium' | 'low';

export interface Advice {
  id: string;
  severity: AdviceSeverity;
  title: Bilingual;
  /** Paths or facts behind it, most important first. */
  items: string[];
  /** Bytes removing it would save from the image. */
  bytes?: number;
}

export interface HardeningReport {
  image: string;
  os?: string;
  user?: string;
  advice: Advice[];
  layers: { digest: string; createdBy?: string; bytes: number }[];
  largestFiles: { path: string; size: number }[];
  suggestedBase?: { image: string; estimatedSavedBytes: number; why: string };
  notes: string[];
}

const TOOLS: Record<'shell' | 'pkg' | 'compiler' | 'debug', RegExp> = {
  shell: /^(usr\/)?bin\/(sh|bash|dash|ash|zsh|ksh|busybox)$/,
  pkg: /^(usr\/)?(s?bin)\/(apt|apt-get|dpkg|apk|yum|dnf|microdnf|rpm|pip3?|npm|gem)$/,
  compiler: /^usr\/(local\/)?bin\/(gcc(-\d+)?|cc|g\+\+(-\d+)?|c\+\+|clang(-\d+)?|make|go|rustc|javac)$/,
  debug: /^(usr\/)?(s?bin)\/(gdb|strace|ltrace|tcpdump|nc|ncat|netcat|nmap|curl|wget|telnet|ssh|socat)$/,
};
const CACHES = /^(var\/cache\/(apt|yum|dnf|apk)\/|var\/lib\/apt\/lists\/|root\/\.cache\/|root\/\.npm\/|home\/[^/]+\/\.cache\/|tmp\/|var\/tmp\/|usr\/share\/(doc|man|info)\/)/;
/** What a distroless base leaves out besides caches and docs: the package manager's files and locales. */
const NOT_IN_DISTROLESS = /^(var\/lib\/(dpkg|apt|rpm)\/|usr\/lib\/apt\/|usr\/share\/locale\/|usr\/share\/i18n\/|usr\/lib\/x86_64-linux-gnu\/perl|usr\/share\/perl)/;

export function hardeningAdvice(img: ImageFiles, config: ImageConfig | undefined): HardeningReport {
  const final = finalFiles(img.files, img.visible);
  const advice: Advice[] = [];
  const add = (a: Advice) => {
    if (a.items.length) advice.push(a);
  };
  const notes: string[] = [];

  if (config) {
    const root = config.user === '' || /^(root|0)(:|$)/.test(config.user);
    add({ id: 'root-user', severity: 'high', title: { en: 'The image runs as root', zh: '镜像以 root 用户运行' }, items: root ? [`USER ${config.user || '(unset)'}: add a USER instruction with an unprivileged user`] : [] });
    add({ id: 'no-healthcheck', severity: 'low', title: { en: 'No HEALTHCHECK', zh: '未配置 HEALTHCHECK' }, items: config.healthcheck ? [] : ['add HEALTHCHECK so the runtime can tell a hung service'] });
  } else notes.push('image configuration (USER, ENV, HEALTHCHECK, empty-layer history) is read from the local Docker Engine; this image is not in it');

  const special = final.filter((f) => f.mode & 0o6000);
  add({ id: 'setuid-setgid', severity: 'medium', title: { en: 'setuid/setgid files', zh: '存在 setuid/setgid 文件' }, items: special.map((f) => `/${f.path} ${(f.mode & 0o7777).toString(8)}`) });
  const writable = final.filter((f) => f.mode & 0o002);
  add({ id: 'world-writable', severity: 'medium', title: { en: 'World-writable files', zh: '存在全局可写文件' }, items: writable.map((f) => `/${f.path} ${(f.mode & 0o7777).toString(8)}`) });
  const tool = (kind: keyof typeof TOOLS) => final.filter((f) => TOOLS[kind].test(f.path));
  const toolAdvice = (id: string, kind: keyof typeof TOOLS, severity: AdviceSeverity, title: Bilingual) => {
    const hits = tool(kind);
    add({ id, severity, title, items: hits.map((f) => `/${f.path}`), bytes: sum(hits) });
  };
  toolAdvice('shell', 'shell', 'low', { en: 'A shell is present (an attacker’s first tool)', zh: '镜像包含 shell' });
  toolAdvice('package-manager', 'pkg', 'low', { en: 'A package manager is present', zh: '镜像包含包管理器' });
  toolAdvice('compilers', 'compiler', 'medium', { en: 'Compilers and build tools are present', zh: '镜像包含编译器与构建工具' });
  toolAdvice('debug-tools', 'debug', 'medium', { en: 'Debugging and network tools are present', zh: '镜像包含调试与网络工具' });
  const caches = final.filter((f) => CACHES.test(f.path));
  add({ id: 'caches-docs', severity: 'low', title: { en: 'Package caches, temp files and docs left in layers', zh: '层中残留包缓存、临时文件与文档' }, items: topDirs(caches), bytes: sum(caches) });

  const secrets: SecretHit[] = [...img.secrets, ...(config ? [...envSecrets(config.env), ...historySecrets(config.history)] : [])];
  add({ id: 'secrets', severity: 'high', title: { en: 'Secrets in the image', zh: '镜像中包含密钥或凭据' }, items: secrets.map((s) => `${s.where}: ${s.what}`) });

  const hidden = hiddenCopies(img.files, img.visible);
  add({
    id: 'deleted-in-later-layer',
    severity: 'medium',
    title: { en: 'Bytes added in one layer and deleted or replaced in a later one (still shipped)', zh: '前层添加、后层删除或覆盖的文件仍占用镜像空间' },
    items: [...hidden].sort((a, b) => b.size - a.size).map((f) => `/${f.path} ${formatBytes(f.size)}`),
    bytes: sum(hidden),
  });
  if (hidden.length) notes.push('delete files in the same RUN step that creates them, or build in a stage and COPY only the result');

  const visibleFiles = [...img.visible.values()];
  const layerBytes = img.layers.map((l) => ({ digest: l.digest, ...(l.createdBy ? { createdBy: redactSecrets(l.createdBy) } : {}), bytes: sum(visibleFiles.filter((f) => f.layer === l.digest)) }));
  const base = suggestBase(img.os, final.filter((f) => CACHES.test(f.path) || NOT_IN_DISTROLESS.test(f.path) || Object.values(TOOLS).some((re) => re.test(f.path))));
  return {
    image: img.name,
    ...(img.os ? { os: `${img.os.id} ${img.os.versionId ?? img.os.codename ?? ''}`.trim() } : {}),
    ...(config ? { user: config.user || 'root' } : {}),
    advice,
    layers: [...layerBytes].sort((a, b) => b.bytes - a.bytes).slice(0, 5),
    largestFiles: [...final].sort((a, b) => b.size - a.size).slice(0, 10).map((f) => ({ path: `/${f.path}`, size: f.size })),
    ...(base ? { suggestedBase: base } : {}),
    notes,
  };
}

/**
 * The files the final image shows: each path's last copy in stream order (layers stream in
 * order), minus large ones the layer application removed; small files are assumed to stay.
 */
function finalFiles(files: readonly ImageFile[], visible: ReadonlyMap<string, VisibleFile>): ImageFile[] {
  const last = new Map<string, ImageFile>();
  for (const f of files) last.set(f.path, f);
  return [...last.values()].filter((f) => f.size < VISIBLE_MIN_BYTES || visible.has(f.path)).map((f) => ({ ...f, size: visible.get(f.path)?.size ?? f.size }));
}

/** Copies of large files the final image does not show: deleted by a later layer, or replaced by a newer copy. */
function hiddenCopies(files: readonly ImageFile[], visible: ReadonlyMap<string, VisibleFile>): ImageFile[] {
  const out: ImageFile[] = [];
  const shown = new Set<string>();
  for (const f of files) {
    if (f.size < VISIBLE_MIN_BYTES) continue;
    const v = visible.get(f.path);
    // One copy of a visible path is the one shown; every other copy is hidden.
    if (v && v.size === f.size && !shown.has(f.path)) shown.add(f.path);
    else out.push(f);
  }
  return out;
}

function sum(files: readonly { size: number }[]): number {
  return files.reduce((s, f) => s + f.size, 0);
}

/** `/usr/share/doc (812 files, 4.1 MB)`: directories two levels deep, largest first. */
function topDirs(files: readonly ImageFile[]): string[] {
  const dirs = new Map<string, { n: number; bytes: number }>();
  for (const f of files) {
    const d = f.path.split('/').slice(0, 3).join('/');
    const e = dirs.get(d) ?? { n: 0, bytes: 0 };
    e.n++;
    e.bytes += f.size;
    dirs.set(d, e);
  }
  return [...dirs].sort((a, b) => b[1].bytes - a[1].bytes).map(([d, e]) => `/${d} (${e.n} files, ${formatBytes(e.bytes)})`);
}

function suggestBase(os: OSInfo | undefined, removable: readonly ImageFile[]): HardeningReport['suggestedBase'] {
  if (!os) return undefined;
  const saved = sum(removable);
  const major = os.versionId?.split('.')[0];
  switch (os.id) {
    case 'debian':
      return { image: major ? `gcr.io/distroless/base-debian${major} (or debian:${os.codename ?? major}-slim)` : 'debian:stable-slim', estimatedSavedBytes: saved, why: 'no package manager, shell, docs or caches' };
    case 'ubuntu':
      return { image: 'gcr.io/distroless/base-debian12 (or ubuntu with --no-install-recommends and apt lists removed)', estimatedSavedBytes: saved, why: 'no package manager, shell, docs or caches' };
    case 'rhel':
    case 'centos':
    case 'rocky':
    case 'almalinux':
    case 'openEuler':
    case 'openeuler':
      return { image: 'registry.access.redhat.com/ubi9/ubi-micro', estimatedSavedBytes: saved, why: 'no package manager or docs' };
    case 'alpine':
      return { image: 'gcr.io/distroless/static (for static binaries)', estimatedSavedBytes: saved, why: 'no apk, busybox or caches' };
    default:
      return undefined;
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}
