import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frebCommand } from '../../server/src/cli/freb';
import { explainFrebTrace, renderFrebMarkdown } from '../../server/src/core/freb/explain';
import { readFrebTrace, type FrebTrace } from '../../server/src/core/freb/trace';
import { explainTraceCommand } from '../../server/src/lsp/frebCommand';
import { serviceWith } from '../support/fixtures';
import { mappedUserTrace, mappingLogonFailedTrace, noUserTrace } from '../support/frebTraces';
import { readFileSync } from 'node:fs';

// Failed Request Tracing files read as a story, on traces built like the two public ones in
// test/support/frebTraces.ts; the configuration's prediction for the URL comes from logs/predict.ts.

const HOST = 'file:///srv/iis/inetsrv/config/applicationHost.config';
const EXAMPLE = readFileSync(join(__dirname, '../../../examples/01-mapping-below-site/applicationHost.config'), 'utf8');

function trace(text: string): FrebTrace {
  const read = readFrebTrace(text);
  assert.ok('trace' in read, 'error' in read ? read.error : '');
  return read.trace;
}

describe('FREB: reading a trace', () => {
  test('the request and its events in order, names from RenderingInfo/Opcode, coded values with their descriptions', () => {
    const read = trace(noUserTrace());
    assert.equal(read.request.url, 'https://portal.contoso.example:443/Payroll/default.aspx');
    assert.equal(read.request.siteId, '2');
    assert.equal(read.request.statusCode, '401.2');
    assert.deepEqual(
      read.events.filter((e) => e.name.startsWith('AUTH_')).map((e) => e.name),
      ['AUTH_START', 'AUTH_REQUEST_AUTH_TYPE', 'AUTH_END', 'AUTH_START', 'AUTH_END'],
    );
    const start = read.events.find((e) => e.name === 'AUTH_START')!;
    assert.equal(start.data.get('AuthTypeSupported'), '128');
    assert.equal(start.descriptions.get('AuthTypeSupported'), 'MapCliCert');
    assert.equal(read.events.find((e) => e.name === 'MODULE_SET_RESPONSE_ERROR_STATUS')!.level, 3);
    assert.equal(read.truncated, undefined);
  });

  test('LF and CRLF traces read alike', () => {
    const crlf = trace(noUserTrace());
    const lf = trace(noUserTrace().replace(/\r\n/g, '\n'));
    assert.deepEqual(lf.events.map((e) => [e.name, [...e.data]]), crlf.events.map((e) => [e.name, [...e.data]]));
  });

  test('a truncated trace, cut anywhere: a clear message or the complete events with where the file ends, never an exception', () => {
    const full = noUserTrace();
    const complete = trace(full).events.length;
    for (let cut = 0; cut < full.length - 20; cut += 53) {
      const read = readFrebTrace(full.slice(0, cut));
      if ('error' in read) {
        assert.match(read.error, /empty|cut off|not a Failed Request Tracing file|no XML element/, `cut at ${cut}: ${read.error}`);
        continue;
      }
      assert.ok(read.trace.events.length < complete, `cut at ${cut} loses events`);
      assert.match(read.trace.truncated ?? '', /^The trace is cut off after its event \d+ \(line \d+\): IIS was still writing it, or the copy is incomplete\./, `cut at ${cut}`);
    }
    const half = readFrebTrace(full.slice(0, Math.floor(full.length / 2)));
    assert.ok('trace' in half && half.trace.events.length > 0, 'half a trace keeps its first events');
  });

  test('not a trace: what the file is instead', () => {
    assert.deepEqual(readFrebTrace('<configuration />'), { error: 'This is not a Failed Request Tracing file: its root element is <configuration>, not <failedRequest>.' });
    assert.match((readFrebTrace('') as { error: string }).error, /empty/);
    assert.match((readFrebTrace('\u0000\u0001garbage') as { error: string }).error, /not a Failed Request Tracing file/);
  });
});

describe('FREB: the story', () => {
  test('401.2, no module set a user: each AUTH step with its AuthType name and module; IIS Web Core set the status during AUTHENTICATE_REQUEST', () => {
    const story = explainFrebTrace(trace(noUserTrace()));
    assert.equal(story.status, '401.2');
    assert.equal(story.verb, 'GET');
    assert.equal(story.timeTaken, '1734');
    assert.deepEqual(
      story.authentication.map((s) => [s.event, s.detail, s.module]),
      [
        ['AUTH_START', 'supported: MapCliCert (client certificate mapping)', 'IISCertificateMappingAuthenticationModule'],
        ['AUTH_REQUEST_AUTH_TYPE', 'the request offers: CertMap (client certificate mapping)', 'IISCertificateMappingAuthenticationModule'],
        ['AUTH_END', '', 'IISCertificateMappingAuthenticationModule'],
        ['AUTH_START', 'supported: NT (Windows authentication (Negotiate/NTLM))', 'WindowsAuthenticationModule'],
        ['AUTH_END', '', 'WindowsAuthenticationModule'],
      ],
    );
    assert.equal(story.user.set, false);
    assert.match(story.user.text, /^2 authentication steps ran \(.*\) and none set one, so the authentication stage ended without a user and IIS answered 401\.2\.$/);
    assert.deepEqual(story.final, { status: '401.2', module: 'IIS Web Core', notification: 'AUTHENTICATE_REQUEST', error: 'Access is denied. (0x80070005)', from: 'MODULE_SET_RESPONSE_ERROR_STATUS' });
  });

  test('401.1, the mapping module ran and the logon failed', () => {
    const story = explainFrebTrace(trace(mappingLogonFailedTrace()));
    assert.equal(story.status, '401.1', 'statusCode="401" takes its sub-status from the event that set it');
    assert.equal(story.final?.module, 'IISCertificateMappingAuthenticationModule');
    assert.equal(story.user.set, false);
    assert.match(story.user.text, /certificate mapping module ran and mapped the certificate to an account, and logging that account on failed.*401\.1 \(The user name or password is incorrect\. \(0x8007052e\)\)/);
  });

  test('a mapped user: which method set it, for whom', () => {
    const story = explainFrebTrace(trace(mappedUserTrace()));
    assert.deepEqual(story.user, { set: true, text: 'set by MapCliCert (client certificate mapping) for CONTOSO\\dana.ruiz (AUTH_SUCCEEDED, USER_SET).' });
    assert.equal(story.final?.status, '404.0');
    assert.equal(story.final?.notification, 'MAP_REQUEST_HANDLER');
  });

  test('with the configuration: the trace\'s site id and URL get the same prediction as the log summary', () => {
    const service = serviceWith({ [HOST]: EXAMPLE });
    const story = explainFrebTrace(trace(noUserTrace()), service.predictor());
    assert.equal(story.prediction?.verdict, 'predicted');
    assert.deepEqual(story.prediction?.site, { name: 'Contoso-Portal', id: '2', matchedBy: 'trace' });
    assert.equal(story.prediction?.findings[0].code, 'IIS-AUTH-001');
    const markdown = renderFrebMarkdown('fr000001.xml', story);
    assert.match(markdown, /## What the configuration predicts for \/Payroll\/default\.aspx/);
    assert.ok(markdown.includes(`](${HOST}#L${story.prediction!.findings[0].range.start.line + 1})`));
    const root = explainFrebTrace(trace(mappingLogonFailedTrace()), service.predictor());
    assert.equal(root.prediction?.verdict, 'normal', 'the site root serves requests normally: the 401.1 lies elsewhere');
  });
});

describe('FREB: commands', () => {
  function traces(): string {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-freb-'));
    writeFileSync(join(dir, 'fr000001.xml'), noUserTrace());
    writeFileSync(join(dir, 'fr000002.xml'), mappingLogonFailedTrace());
    writeFileSync(join(dir, 'applicationHost.config'), EXAMPLE);
    return dir;
  }

  test('iis-auth-check freb <folder> --config: every trace explained, exit 0', async () => {
    const dir = traces();
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    assert.equal(await frebCommand(['--config', join(dir, 'applicationHost.config'), dir], io), 0, stderr);
    assert.match(stdout, /fr000001\.xml:\n  Request: GET https:\/\/portal\.contoso\.example:443\/Payroll\/default\.aspx\n  Site id: 2 \(Contoso-Portal\)/);
    assert.match(stdout, /Final status: IIS Web Core set 401\.2 during AUTHENTICATE_REQUEST/);
    assert.match(stdout, /IIS-AUTH-001 .*applicationHost\.config:\d+ \(error\)/);
    assert.match(stdout, /fr000002\.xml:[\s\S]*Final status: IISCertificateMappingAuthenticationModule set 401\.1/);
  });

  test('a truncated trace: exit 2, the message on stderr, the complete events still explained', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-freb-'));
    const full = noUserTrace();
    writeFileSync(join(dir, 'fr000003.xml'), full.slice(0, Math.floor(full.length * 0.6)));
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    assert.equal(await frebCommand(['--format', 'json', dir], io), 2);
    assert.match(stderr, /fr000003\.xml: The trace is cut off after its event \d+/);
    const [result] = JSON.parse(stdout);
    assert.ok(result.authentication.length > 0);
    assert.match(result.truncated, /cut off/);
  });

  test('"Explain this trace" answers Markdown for an open trace, and a page saying what is wrong for a damaged one', async () => {
    const uri = 'file:///logs/FailedReqLogFiles/W3SVC2/fr000001.xml';
    const service = serviceWith({ [HOST]: EXAMPLE });
    const texts: Record<string, string> = { [uri]: noUserTrace(), 'file:///x/fr000009.xml': '<?xml version="1.0"?>\n<failedRequest url="http://x/" ' };
    const good = await explainTraceCommand([{ uri }], { documentText: (u) => texts[u], predictor: service.predictor });
    assert.match(good.markdown, /^# Failed request trace: fr000001\.xml/);
    assert.match(good.markdown, /\*\*No user:\*\*/);
    assert.match(good.markdown, /IIS-AUTH-001/);
    const damaged = await explainTraceCommand(['file:///x/fr000009.xml'], { documentText: (u) => texts[u] });
    assert.match(damaged.markdown, /cut off inside its <failedRequest> start tag/);
  });
});
