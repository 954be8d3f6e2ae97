/**
 * go.mod: the module's requirements with `replace` directives applied. Since Go 1.17 a module's
 * go.mod lists every module that provides a package to its build ("module graph pruning"), so it
 * is the complete dependency list; older modules list only direct and some indirect ones (go.sum
 * fills those in, see gosum.ts). `exclude` only removes versions from consideration, `retract`
 * concerns this module's own versions: neither changes what is built.
 */
import type { Package } from '@vigil/schema';
import type { CatalogFile, Cataloger } from '../cataloger.ts';
import { DEVEL_VERSION, goPackage, isLocalPath } from './go-package.ts';

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoModReplace {
  from: { path: string; version?: string };
  to: { path: string; version?: string };
}

export interface GoMod {
  module?: string;
  /** The `go` directive: the language version, a minimum, not the toolchain that builds it. */
  go?: string;
  requires: GoModRequire[];
  replaces: GoModReplace[];
}

export const goModCataloger: Cataloger = {
  name: 'go-mod',
  wants: (path) => path === 'go.mod' || path.endsWith('/go.mod'),
  async catalog(file: CatalogFile) {
    return { packages: goModPackages(parseGoMod((await file.read()).toString('utf8')), file) };
  },
};

export function goModPackages(mod: GoMod, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  return mod.requires.map((req) => {
    const rep = findReplace(mod.replaces, req);
    if (!rep) return goPackage({ path: req.path, version: req.version, indirect: req.indirect }, file);
    const replaces = `${req.path}@${req.version}`;
    if (isLocalPath(rep.to.path)) {
      return goPackage({ path: req.path, version: DEVEL_VERSION, indirect: req.indirect, metadata: { replaces, localReplace: rep.to.path } }, file);
    }
    return goPackage({ path: rep.to.path, version: rep.to.version ?? req.version, indirect: req.indirect, metadata: { replaces } }, file);
  });
}

/** A version-specific replacement wins over one for every version of the path. */
function findReplace(replaces: GoModReplace[], req: GoModRequire): GoModReplace | undefined {
  let any: GoModReplace | undefined;
  for (const r of replaces) {
    if (r.from.path !== req.path) continue;
    if (r.from.version === req.version) return r;
    if (r.from.version === undefined) any = r;
  }
  return any;
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [], replaces: [] };
  let block: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const { tokens, comment } = tokenize(raw);
    if (tokens.length === 0) continue;
    if (block) {
      if (tokens[0] === ')') block = undefined;
      else directive(mod, block, tokens, comment);
      continue;
    }
    if (tokens[1] === '(' && tokens.length === 2) {
      block = tokens[0];
      continue;
    }
    if (tokens[1] === '(' && tokens[2] === ')') continue;
    directive(mod, tokens[0], tokens.slice(1), comment);
  }
  return mod;
}

function directive(mod: GoMod, verb: string, args: string[], comment: string): void {
  switch (verb) {
    case 'module':
      if (args[0]) mod.module = args[0];
      break;
    case 'go':
      if (args[0]) mod.go = args[0];
      break;
    case 'require':
      if (args.length >= 2) mod.requires.push({ path: args[0], version: args[1], indirect: isIndirect(comment) });
      break;
    case 'replace': {
      const arrow = args.indexOf('=>');
      if (arrow < 1 || arrow > 2 || args.length <= arrow + 1) break;
      mod.replaces.push({
        from: { path: args[0], ...(arrow === 2 ? { version: args[1] } : {}) },
        to: { path: args[arrow + 1], ...(args[arrow + 2] ? { version: args[arrow + 2] } : {}) },
      });
      break;
    }
  }
}

/** Go marks indirect requirements with a trailing `// indirect` (optionally `// indirect; …`). */
function isIndirect(comment: string): boolean {
  const c = comment.trim();
  return c === 'indirect' || c.startsWith('indirect;');
}

/** Split a line into tokens (bare words, "interpreted" or `raw` strings, parentheses) and its `//` comment. */
function tokenize(line: string): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (line.startsWith('//', i)) {
      return { tokens, comment: line.slice(i + 2) };
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"' || c === '`') {
      let end = i + 1;
      while (end < line.length && line[end] !== c) end += c === '"' && line[end] === '\\' ? 2 : 1;
      const body = line.slice(i + 1, Math.min(end, line.length));
      tokens.push(c === '"' ? body.replace(/\\(.)/g, '$1') : body);
      i = end + 1;
    } else {
      let end = i;
      while (end < line.length && !/[\s()"`]/.test(line[end]) && !line.startsWith('//', end)) end++;
      tokens.push(line.slice(i, end));
      i = end;
    }
  }
  return { tokens, comment: '' };
}
