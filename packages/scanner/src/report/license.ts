/**
 * License strings from package metadata, sorted into what SBOM formats can state: an SPDX
 * license id, an SPDX license expression, or a free-text name. Ids are checked against the SPDX
 * license list that @cyclonedx/cyclonedx-library ships.
 */
// The SPDX subpath alone: the library's root module costs ~50 ms of start-up on every run.
import * as SPDX from '@cyclonedx/cyclonedx-library/SPDX';

export type LicenseTerm =
  | { kind: 'id'; id: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'name'; name: string };

/** An SPDX id as the list spells it (`mit` → `MIT`), or undefined when it is not on the list. */
export function spdxId(value: string): string | undefined {
  return SPDX.fixupSpdxId(value.trim());
}

const TOKEN = /\s*(\(|\)|[A-Za-z0-9.+:-]+)\s*/y;
const OPERATORS = new Set(['AND', 'OR', 'WITH']);

/**
 * Whether `text` is a license expression over list ids and `LicenseRef-` references (SPDX spec
 * annex D). Exception names after WITH are only checked for shape: the library ships no
 * exceptions list.
 */
function isExpression(text: string): boolean {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) return false;
    tokens.push(m[1]);
  }
  let i = 0;
  const operand = (): boolean => {
    const t = tokens[i++];
    if (t === '(') {
      if (!expression()) return false;
      return tokens[i++] === ')';
    }
    if (t === undefined || t === ')' || OPERATORS.has(t)) return false;
    const id = t.endsWith('+') ? t.slice(0, -1) : t;
    if (!(SPDX.isSupportedSpdxId(id) || /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(id))) return false;
    if (tokens[i] === 'WITH') {
      i++;
      const exception = tokens[i++];
      return exception !== undefined && /^[A-Za-z0-9.-]+$/.test(exception) && !OPERATORS.has(exception);
    }
    return true;
  };
  const expression = (): boolean => {
    if (!operand()) return false;
    while (tokens[i] === 'AND' || tokens[i] === 'OR') {
      i++;
      if (!operand()) return false;
    }
    return true;
  };
  return tokens.length > 0 && expression() && i === tokens.length;
}

export function classifyLicense(value: string): LicenseTerm {
  const text = value.trim();
  const id = spdxId(text);
  if (id) return { kind: 'id', id };
  if (isExpression(text)) return { kind: 'expression', expression: text };
  return { kind: 'name', name: text };
}
