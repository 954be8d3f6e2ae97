/**
 * The throwaway image the atomic tests run in: the project's debootstrap bookworm base
 * (scripts/testing/bookworm-image.sh) plus the Debian packages whose commands the selected tests
 * call. Built once per package list (the tag is its hash); the build is the only step with network.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGES = [
  'procps', 'psmisc', 'iproute2', 'net-tools', 'lsof', 'kmod', 'sudo', 'cron', 'at', 'systemd', 'openssl',
  'python3', 'perl', 'rsync', 'iputils-ping', 'p7zip-full', 'e2fsprogs', 'file', 'whois', 'dmidecode',
  'vim-tiny', 'gzip', 'bzip2', 'zip', 'locales', 'systemd-sysv', 'imagemagick',
];

export function atomicImage(repo: string): string {
  const tag = `vrule-atomic:${createHash('sha256').update(PACKAGES.join(' ')).digest('hex').slice(0, 12)}`;
  try {
    execFileSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' });
    return tag;
  } catch {
    // not built yet
  }
  execFileSync('bash', [join(repo, 'scripts/testing/bookworm-image.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ctx = mkdtempSync(join(tmpdir(), 'vrule-image-'));
  try {
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM vigil-test/bookworm:base\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES.join(' ')} && rm -rf /var/lib/apt/lists/*\n`,
    );
    execFileSync('docker', ['build', '-q', '-t', tag, ctx], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  return tag;
}
