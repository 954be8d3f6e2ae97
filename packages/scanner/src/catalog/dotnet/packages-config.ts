/**
 * packages.config, the pre-PackageReference NuGet manifest (.NET Framework projects): an XML
 * `<packages>` root with one `<package id version [developmentDependency]/>` per package,
 * exact versions only. The format is flat and fixed, so a full XML parser is not needed: we
 * drop comments, require the root element to be closed (a truncated file is malformed), and
 * read the attributes of each `<package>` element.
 */
import type { Cataloger } from '../cataloger.ts';
import { nugetPackages, type NugetEntry } from './nuget-package.ts';

const COMMENT = /<!--[\s\S]*?-->/g;
const ROOT = /<packages\b[^>]*(?:\/>|>[\s\S]*<\/packages\s*>)/;
const PACKAGE = /<package\b([^>]*?)\/?>/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export const packagesConfigCataloger: Cataloger = {
  name: 'nuget-packages-config',
  wants: (path) => path === 'packages.config' || path.endsWith('/packages.config'),
  async catalog(file, ctx) {
    const text = (await file.read()).toString('utf8').replace(COMMENT, '');
    const root = ROOT.exec(text);
    if (!root) {
      ctx.warn(`${file.path}: no complete <packages> element; not a NuGet packages.config`);
      return {};
    }
    const entries: NugetEntry[] = [];
    for (const element of root[0].matchAll(PACKAGE)) {
      const attrs = attributes(element[1]);
      const name = attrs.get('id');
      const version = attrs.get('version');
      if (!name || !version) continue;
      entries.push({ name, version, dev: attrs.get('developmentDependency') === 'true' });
    }
    return { packages: nugetPackages(entries, file) };
  },
};

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) out.set(m[1], decode(m[2] ?? m[3]));
  return out;
}

function decode(value: string): string {
  return value.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(\w+));/g, (whole, hex: string, dec: string, name: string) => {
    const code = hex ? parseInt(hex, 16) : dec ? parseInt(dec, 10) : undefined;
    if (code === undefined) return ENTITIES[name] ?? whole;
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
