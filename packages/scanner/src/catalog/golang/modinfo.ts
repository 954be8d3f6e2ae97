/**
 * The module information text Go embeds in binaries (what `go version -m` prints), one
 * tab-separated record per line:
 *
 *   path   <main package import path>
 *   mod    <main module path> <version> [<sum>]
 *   dep    <module path> <version> [<sum>]
 *   =>     <replacement path> <version> [<sum>]     (replaces the mod/dep line above it)
 *   build  <key>=<value>                             (Go 1.18+: GOOS, GOARCH, vcs.revision, …)
 */

export interface ModuleRef {
  path: string;
  version: string;
  sum?: string;
}

export interface Module extends ModuleRef {
  /** Set by a `=>` line: the module whose code was actually compiled in. */
  replace?: ModuleRef;
}

export interface ModInfo {
  /** Import path of the main package. */
  path?: string;
  main?: Module;
  deps: Module[];
  /** `build` settings; keys and values unquoted. */
  settings: Map<string, string>;
}

export function parseModInfo(text: string): ModInfo {
  const info: ModInfo = { deps: [], settings: new Map() };
  let last: Module | undefined;
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    switch (fields[0]) {
      case 'path':
        info.path = fields[1];
        break;
      case 'mod':
      case 'dep': {
        const mod = moduleRef(fields);
        if (!mod) break;
        if (fields[0] === 'mod') info.main = mod;
        else info.deps.push(mod);
        last = mod;
        break;
      }
      case '=>': {
        const rep = moduleRef(fields);
        if (rep && last) last.replace = rep;
        last = undefined;
        break;
      }
      case 'build': {
        const setting = parseSetting(fields.slice(1).join('\t'));
        if (setting) info.settings.set(setting[0], setting[1]);
        break;
      }
    }
  }
  return info;
}

function moduleRef(fields: string[]): Module | undefined {
  const [, path, version = '', sum] = fields;
  if (!path) return undefined;
  return sum ? { path, version, sum } : { path, version };
}

/** `key=value`, where either side may be a Go-quoted string when it holds spaces, `=` or quotes. */
function parseSetting(text: string): [string, string] | undefined {
  let key: string;
  let rest: string;
  if (text.startsWith('"')) {
    const q = quotedPrefix(text);
    if (!q) return undefined;
    key = q.value;
    rest = text.slice(q.length);
    if (!rest.startsWith('=')) return undefined;
    rest = rest.slice(1);
  } else {
    const eq = text.indexOf('=');
    if (eq <= 0) return undefined;
    key = text.slice(0, eq);
    rest = text.slice(eq + 1);
  }
  const value = rest.startsWith('"') ? quotedPrefix(rest)?.value : rest;
  return value === undefined ? undefined : [key, value];
}

/**
 * A Go-quoted string at the start of `text`. Go and JSON share the escapes real settings use; a
 * string JSON cannot decode drops just that setting.
 */
function quotedPrefix(text: string): { value: string; length: number } | undefined {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') {
      try {
        return { value: JSON.parse(text.slice(0, i + 1)) as string, length: i + 1 };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
