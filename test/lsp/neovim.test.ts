import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { marked } from '../support/fixtures';
import { missingHost } from '../e2e/hosts';

// The language server in a second, independent LSP client: Neovim, configured with exactly the
// Lua the README shows (test/neovim/init.lua), the way a user installs it (the server's bin on PATH).

const repoRoot = resolve(__dirname, '..', '..', '..');
const initLua = join(repoRoot, 'test', 'neovim', 'init.lua');
const probeLua = join(repoRoot, 'test', 'neovim', 'probe.lua');

interface ProbeResult {
  nvim: string;
  clients: string[];
  diagnostics_arrived: boolean;
  diagnostics: Array<{ code?: string; severity: string; message: string; lnum: number; col: number; end_lnum: number; end_col: number }>;
  hovers: Array<{ range?: { start: { line: number; character: number }; end: { line: number; character: number } }; contents?: { kind: string; value: string } }>;
  error?: string;
}

function neovimVersion(): { ok: true; version: string } | { ok: false; reason: string } {
  const result = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return { ok: false, reason: 'nvim not on PATH (Debian: apt-get install neovim)' };
  const match = /NVIM v(\d+)\.(\d+)\.(\d+)/.exec(result.stdout);
  if (!match) return { ok: false, reason: `unrecognised nvim --version: ${result.stdout.split('\n')[0]}` };
  // nvim_create_autocmd with a Lua callback, which the README config uses, arrived in 0.7.
  if (Number(match[1]) === 0 && Number(match[2]) < 7) return { ok: false, reason: `nvim ${match[0]} is older than 0.7` };
  return { ok: true, version: match[0] };
}

const nvim = neovimVersion();
const missing = missingHost('Neovim LSP client', nvim.ok ? undefined : nvim.reason);

/** Opens `text` as web.config in headless Neovim and returns what its LSP client received. */
function runNeovim(text: string, hoverAt: { line: number; character: number }): { result: ProbeResult; status: number | null; stderr: string } {
  const scratch = mkdtempSync(join(tmpdir(), 'iis-nvim-'));
  try {
    const workspace = join(scratch, 'site');
    const bin = join(scratch, 'bin');
    const home = join(scratch, 'home');
    mkdirSync(workspace);
    mkdirSync(bin);
    mkdirSync(home);
    writeFileSync(join(workspace, 'web.config'), text);
    // What `npm install -g` leaves on PATH: a link named after the package's bin entry.
    symlinkSync(join(repoRoot, 'bin', 'iis-auth-language-server.js'), join(bin, 'iis-auth-language-server'));
    const out = join(scratch, 'probe.json');
    const run = spawnSync('nvim', ['--headless', '-i', 'NONE', '-u', initLua, '-c', `luafile ${probeLua}`, 'web.config'], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        ...process.env,
        PATH: [bin, dirname(process.execPath), process.env.PATH].join(':'),
        // Keeps the user's own Neovim config, plugins and state out of the run.
        XDG_CONFIG_HOME: home,
        XDG_DATA_HOME: home,
        XDG_STATE_HOME: home,
        XDG_CACHE_HOME: home,
        IIS_PROBE_OUT: out,
        IIS_PROBE_LINE: String(hoverAt.line),
        IIS_PROBE_CHARACTER: String(hoverAt.character),
      },
    });
    let result: ProbeResult;
    try {
      result = JSON.parse(readFileSync(out, 'utf8')) as ProbeResult;
    } catch {
      assert.fail(`Neovim wrote no probe result (status ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
    }
    return { result, status: run.status, stderr: run.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('Neovim as LSP client (README config)', { skip: missing }, () => {
  test('the README shows test/neovim/init.lua verbatim', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const config = readFileSync(initLua, 'utf8').trimEnd();
    assert.ok(readme.includes('```lua\n' + config + '\n```'), 'README.md must contain test/neovim/init.lua in a ```lua block, unchanged');
  });

  test('a misspelt sslFlags keyword: diagnostics at the token, hover explaining it', () => {
    const fixture = marked(`<configuration>
  <system.webServer>
    <security>
      <access sslFlags="Ssl, [[SslNego|ciateCert]]" />
    </security>
  </system.webServer>
</configuration>
`);
    const { result, status, stderr } = runNeovim(fixture.text, fixture.cursor!);
    assert.equal(result.error, undefined, result.error);
    assert.equal(status, 0, stderr);
    assert.ok(result.diagnostics_arrived, 'no diagnostics reached Neovim');
    assert.deepEqual(result.clients, ['iis-auth']);

    const misspelt = result.diagnostics.filter((d) => d.code === 'IIS-AUTH-003');
    assert.equal(misspelt.length, 1, JSON.stringify(result.diagnostics));
    const [d] = misspelt;
    assert.equal(d.severity, 'ERROR');
    const expected = fixture.ranges[0];
    assert.deepEqual(
      { start: { line: d.lnum, character: d.col }, end: { line: d.end_lnum, character: d.end_col } },
      expected,
      'Neovim places the error on the misspelt keyword',
    );
    assert.match(d.message, /did you mean "SslNegotiateCert"/);
    assert.match(d.message, /500\.19/);
    // No applicationHost.config in the folder: IIS's default locks <access>, a note that it depends on the server.
    assert.ok(result.diagnostics.some((x) => x.code === 'IIS-AUTH-002' && x.severity === 'INFO'), JSON.stringify(result.diagnostics));
    assert.ok(result.diagnostics.every((x) => x.code && x.message.length > 0));

    assert.equal(result.hovers.length, 1);
    const [hover] = result.hovers;
    assert.deepEqual(hover.range, expected);
    assert.equal(hover.contents?.kind, 'markdown');
    assert.match(hover.contents!.value, /`SslNegociateCert` is not an sslFlags keyword/);
    // The rest of the value still means something to IIS, and the hover says what.
    assert.match(hover.contents!.value, /\*\*sslFlags\*\* = `Ssl` \(value 8\)/);
    assert.match(hover.contents!.value, /403\.4/);
  });
});
