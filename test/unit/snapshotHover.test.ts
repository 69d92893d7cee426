import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serviceWith } from '../support/fixtures';
import { dword, netshDump, netshEntry, netshFields, regExport, SCHANNEL } from '../support/snapshot';

const NETSH = 'file:///snap/sslcert.txt';
const REG = 'file:///snap/schannel.reg';

describe('hovers on a server snapshot', () => {
  test('every field of a netsh entry explains itself: meaning, default and how the value here reads', () => {
    const overrides = { 'Disable Future Feature': 'Set' };
    const text = netshDump(netshEntry('IP:port', '0.0.0.0:443', overrides));
    const service = serviceWith({ [NETSH]: text });
    const lines = text.split('\r\n');
    for (const [label, value] of netshFields('IP:port', '0.0.0.0:443', overrides)) {
      const line = lines.findIndex((l) => l.trimStart().startsWith(`${label} `));
      const hover = service.hover(NETSH, { line, character: 6 });
      assert.ok(hover, label);
      assert.equal(hover.range?.start.line, line, label);
      if (label === 'Disable Future Feature') {
        assert.match(hover.contents, /does not know .* kept as printed: `Set`/, label);
        continue;
      }
      assert.ok(hover.contents.startsWith(`**${label}**`), label);
      assert.match(hover.contents, /- Default: /, label);
      assert.match(hover.contents, /- Here: /, label);
      if (value === '(null)') assert.match(hover.contents, /Here: not set/, label);
    }
    const dsMapper = service.hover(NETSH, { line: lines.findIndex((l) => l.includes('DS Mapper Usage')), character: 30 });
    assert.match(dsMapper!.contents, /Here: off/);
    assert.match(dsMapper!.contents, /401\.2/);
  });

  test('registry values and keys explain themselves; an unknown value says no rule reads it', () => {
    const text = regExport({
      [SCHANNEL]: [dword('SendTrustedIssuerList', 0), dword('ClientAuthTrustMode', 1), dword('SomethingElse', 5)],
      [`${SCHANNEL}\\Protocols\\TLS 1.3\\Server`]: [dword('Enabled', 0)],
    });
    const service = serviceWith({ [REG]: text });
    const lines = text.split('\r\n');
    const at = (needle: string) => service.hover(REG, { line: lines.findIndex((l) => l.includes(needle)), character: 2 })!.contents;
    assert.match(at('SendTrustedIssuerList'), /Here: 0 \(0x0\): the issuer list is not sent/);
    assert.match(at('SendTrustedIssuerList'), /16 KB/);
    assert.match(at('ClientAuthTrustMode'), /Exclusive Root Trust/);
    assert.match(at('ClientAuthTrustMode'), /Default: 0 \(Machine Trust\)/);
    assert.match(at('"Enabled"'), /SCHANNEL TLS 1\.3 \(server side\)/);
    assert.match(at('"Enabled"'), /Here: 0 \(0x0\): off for the server/);
    assert.match(at('SomethingElse'), /No IIS Auth Config rule reads this value/);
    assert.match(at('[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL]'), /\*\*SCHANNEL\*\*/);
  });

  test('a .txt that is not netsh output gets no hover and no diagnostics', () => {
    const uri = 'file:///snap/notes.txt';
    const service = serviceWith({ [uri]: 'sslFlags="Ssl" is what we set, see <access>' });
    assert.equal(service.hover(uri, { line: 0, character: 2 }), undefined);
    assert.deepEqual(service.validate(uri), []);
  });
});
