/**
 * The shell-compatible `KEY=value` format shared by os-release(5) and lsb-release: one
 * assignment per line, `#` comments, values optionally single- or double-quoted. Inside double
 * quotes only `\"`, `\\`, `\$` and `` \` `` are escapes; unquoted, a backslash escapes any
 * character; single quotes take everything literally. Anything that is not an assignment is
 * ignored, as the spec asks of readers.
 */
export function parseKeyValue(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const value = unquote(m[2]);
    if (value !== undefined) out.set(m[1], value);
  }
  return out;
}

/** One shell word; undefined when a quote is left open. Stops at unquoted whitespace. */
function unquote(word: string): string | undefined {
  let out = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < word.length && '"\\$`'.includes(word[i + 1])) out += word[++i];
      else out += c;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '\\' && i + 1 < word.length) {
      out += word[++i];
    } else if (/\s/.test(c)) {
      break; // trailing text after the value (`A="x" # note`) is not part of it
    } else {
      out += c;
    }
  }
  return quote ? undefined : out;
}
