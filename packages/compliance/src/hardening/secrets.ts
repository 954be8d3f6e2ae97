/**
 * Secrets an image should never carry: credentials in ENV and build history, and key or token
 * files. Only what a secret looks like is reported, never its value.
 */

export interface SecretHit {
  /** `/root/.ssh/id_rsa`, `history: RUN …`, `ENV` */
  where: string;
  what: string;
}

export const SECRET_FILE_MAX_BYTES = 64 * 1024;

interface SecretFile {
  path: RegExp;
  /** The kind of secret when the content is one, else undefined. */
  test(text: string): string | undefined;
}

const PRIVATE_KEY = /-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/;

const FILES: SecretFile[] = [
  { path: /(^|\/)(id_rsa|id_dsa|id_ecdsa|id_ed25519|[^/]*\.key|[^/]*\.pem)$/, test: (t) => (PRIVATE_KEY.test(t) ? 'private key' : undefined) },
  { path: /(^|\/)\.aws\/credentials$/, test: (t) => (/aws_secret_access_key\s*=\s*\S+/.test(t) ? 'AWS credentials' : undefined) },
  { path: /(^|\/)\.npmrc$/, test: (t) => (/_authToken\s*=\s*\S+/.test(t) ? 'npm token' : undefined) },
  { path: /(^|\/)\.git-credentials$/, test: (t) => (/https?:\/\/[^:\s]+:[^@\s]+@/.test(t) ? 'git credentials' : undefined) },
  { path: /(^|\/)\.docker\/config\.json$/, test: (t) => (/"auth"\s*:\s*"[^"]+"/.test(t) ? 'registry credentials' : undefined) },
  { path: /(^|\/)\.env$/, test: (t) => (SECRET_ASSIGNMENT.test(t) ? 'credentials in .env' : undefined) },
];

export function secretFileKind(path: string): SecretFile | undefined {
  return FILES.find((f) => f.path.test(path));
}

/** `PASSWORD=…`, `API_KEY: …`, `--token xyz`: a credential given a non-empty value. */
const SECRET_ASSIGNMENT = /\b([A-Z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY)[A-Z0-9_]*)\s*[=:]\s*["']?[^\s"'$]{4,}/i;

/** `text` with every credential's value replaced by `***` (history shown in reports). */
export function redactSecrets(text: string): string {
  return text.replace(new RegExp(SECRET_ASSIGNMENT.source, 'gi'), (_match, name: string) => `${name}=***`);
}

/** Credentials set in build history steps (ENV, ARG, RUN lines): the step number and the variable, never the value. */
export function historySecrets(steps: readonly string[]): SecretHit[] {
  const out: SecretHit[] = [];
  steps.forEach((step, i) => {
    const m = SECRET_ASSIGNMENT.exec(step);
    const verb = /\b(ENV|ARG|RUN|LABEL)\b/.exec(step)?.[1] ?? 'RUN';
    if (m) out.push({ where: `history step ${i + 1} (${verb})`, what: `credential ${m[1]}` });
  });
  return out;
}

/** Credentials in the image's configured environment (`KEY=value` entries). */
export function envSecrets(env: readonly string[]): SecretHit[] {
  return env.filter((e) => SECRET_ASSIGNMENT.test(e)).map((e) => ({ where: 'ENV', what: `credential ${e.slice(0, e.indexOf('='))}` }));
}
