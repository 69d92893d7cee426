import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateVsCode, runVsCodeSuite } from './runTest';

// The mocha suite in desktop VS Code. Where VS Code can be neither found nor downloaded (this
// offline machine), it says so in one line and skips; codeServer.test.ts runs the same suite in
// code-server's extension host instead.

test('e2e suite in desktop VS Code (@vscode/test-electron)', { timeout: 600_000 }, async (t) => {
  const found = await locateVsCode();
  if (!found.ok) {
    t.skip(found.reason);
    console.log(`e2e (VS Code desktop): skipped, ${found.reason}`);
    return;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    const reason = 'no DISPLAY for VS Code desktop; run `xvfb-run -a npm test`';
    t.skip(reason);
    console.log(`e2e (VS Code desktop): skipped, ${reason}`);
    return;
  }
  assert.equal(await runVsCodeSuite(found.value), 0, 'mocha suite failed inside VS Code');
});
