/**
 * Entry point for `@vscode/test-electron` on machines that can download
 * desktop VS Code: the same in-host suites, run in order, without the
 * browser-driven checks that code-server's run adds.
 */
import { suites } from './suites';

/** The suites that need no screen, in the order the code-server run uses. */
const ORDER = ['problems', 'completion', 'outline', 'quickfix', 'fixAll', 'newPlan', 'crash'];

/** Called by VS Code's test host; a thrown error fails the run. */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const name of ORDER) {
    const started = Date.now();
    try {
      await suites[name]();
      console.log(`✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures.push(name);
      console.error(`✘ ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  console.log(`${ORDER.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`failed: ${failures.join(', ')}`);
}
