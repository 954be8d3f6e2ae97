/** A rules directory for tests: one Falco rule that fires on an exec of a process named `evilsh`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestServer, testServer } from './server.ts';

export const TEST_RULE_NAME = 'Test evil shell';

export function testRulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
  writeFileSync(
    join(dir, 'test.yaml'),
    `- rule: ${TEST_RULE_NAME}
  desc: an exec of evilsh
  condition: evt.type = execve and proc.name = evilsh
  output: evil shell %proc.cmdline by %user.name
  priority: WARNING
  tags: [mitre_execution, T1059.004]
`,
  );
  return dir;
}

/** A test server whose rules are the built-in pack plus the test rule; `stop` removes both. */
export async function serverWithTestRule(): Promise<TestServer> {
  const dir = testRulesDir();
  const t = await testServer({ rules: [dir] });
  return {
    ...t,
    async stop() {
      await t.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
