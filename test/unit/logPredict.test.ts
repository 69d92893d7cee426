import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logsCommand } from '../../server/src/cli/logs';
import { predictSummary, statusesPredictedBy } from '../../server/src/core/logs/predict';
import { renderSummaryMarkdown, renderSummaryText } from '../../server/src/core/logs/renderSummary';
import { LogSummaryBuilder, type StatusGroup } from '../../server/src/core/logs/summary';
import { summarizeLogCommand } from '../../server/src/lsp/logSummaryCommand';
import { marked, serviceWith } from '../support/fixtures';
import { DANA_CERT } from '../support/certificates';

// From "401.2, 300 times" to the configuration line that causes it: the summary's paths per failure
// group, what the workspace's configuration predicts there (the rules' findings along the path, the
// effective authentication), the site told by s-sitename, the W3SVC<id> folder or the bindings.

const HOST = 'file:///srv/iis/inetsrv/config/applicationHost.config';
const FIELDS = 'date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const NO_SITE_FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';

/**
 * Contoso-Portal (id 2) with its certificate mappings saved for /Payroll, where IIS never reads them,
 * and anonymous off there (the IIS Support Blog's sub-application); Intranet (id 3) on port 8080.
 * `[[…]]` marks the mapping section IIS-AUTH-001 reports.
 */
const CONFIG = marked(`<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.webServer">
            <sectionGroup name="security">
                <section name="access" overrideModeDefault="Deny" />
                <sectionGroup name="authentication">
                    <section name="anonymousAuthentication" overrideModeDefault="Deny" />
                    <section name="iisClientCertificateMappingAuthentication" overrideModeDefault="Deny" />
                    <section name="windowsAuthentication" overrideModeDefault="Deny" />
                </sectionGroup>
            </sectionGroup>
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <sites>
            <site name="Contoso-Portal" id="2">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\ContosoPortal" />
                </application>
                <application path="/Payroll">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\ContosoPortal\\Payroll" />
                </application>
                <bindings>
                    <binding protocol="https" bindingInformation="*:443:portal.contoso.example" sslFlags="1" />
                </bindings>
            </site>
            <site name="Intranet" id="3">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="D:\\Sites\\Intranet" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8080:" />
                </bindings>
            </site>
        </sites>
    </system.applicationHost>
    <location path="Contoso-Portal/Payroll">
        <system.webServer>
            <security>
                <authentication>
                    <anonymousAuthentication enabled="false" />
                    <[[iisClientCertificateMappingAuthentication]] enabled="true">
                        <oneToOneMappings>
                            <add userName="CONTOSO\\dana.ruiz" password="[enc:IISCngProvider:q8Xb:enc]" certificate="${DANA_CERT}" />
                        </oneToOneMappings>
                    </iisClientCertificateMappingAuthentication>
                </authentication>
                <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
            </security>
        </system.webServer>
    </location>
</configuration>
`);
const MAPPING_LINE = CONFIG.ranges[0].start.line;

function entry(site: string | undefined, path: string, triple: string, port = '443'): string {
  return `2026-11-02 08:15:00${site === undefined ? '' : ` ${site}`} 10.1.1.5 GET ${path} - ${port} - 10.0.0.9 Mozilla/5.0 ${triple} 120`;
}

function log(lines: string[], eol = '\n'): string {
  return `${lines.join(eol)}${eol}`;
}

const CONTOSO_LOG = [
  '#Software: Microsoft Internet Information Services 10.0',
  `#Fields: ${FIELDS}`,
  entry('W3SVC2', '/Payroll/default.aspx', '401 2 5'),
  entry('W3SVC2', '/Payroll/default.aspx', '401 2 5'),
  entry('W3SVC2', '/Payroll/report.aspx', '401 2 5'),
  entry('W3SVC2', '/home.aspx', '401 2 5'),
  entry('W3SVC2', '/home.aspx', '200 0 0'),
];

function summarize(files: Array<{ name: string; text: string; source?: string }>) {
  const builder = new LogSummaryBuilder();
  for (const file of files) builder.addText(file.name, file.text, undefined, file.source ?? file.name);
  return builder.result();
}

function group(groups: StatusGroup[], status: number, sub?: number): StatusGroup {
  const found = groups.find((g) => g.status === status && g.subStatus === sub);
  assert.ok(found, `group ${status}.${sub} in ${groups.map((g) => `${g.status}.${g.subStatus}`).join(', ')}`);
  return found;
}

function predicted(files: Array<{ name: string; text: string; source?: string }>) {
  const service = serviceWith({ [HOST]: CONFIG.text });
  return predictSummary(summarize(files), service.predictor(), 'test configuration');
}

describe('log summary: paths and what the configuration predicts there', () => {
  for (const [label, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    test(`${label}: 401.2 under /Payroll of site 2 is explained by IIS-AUTH-001 at its line; /home.aspx is served normally`, () => {
      const summary = predicted([{ name: 'u_ex261102.log', text: log(CONTOSO_LOG, eol) }]);
      const denied = group(summary.groups, 401, 2);
      assert.deepEqual(
        denied.paths.map((p) => [p.path, p.count]),
        [
          ['/Payroll/default.aspx', 2],
          ['/Payroll/report.aspx', 1],
          ['/home.aspx', 1],
        ],
        'most requested first, then by path',
      );
      const payroll = denied.paths[0].prediction!;
      assert.equal(payroll.verdict, 'predicted');
      assert.deepEqual(payroll.site, { name: 'Contoso-Portal', id: '2', matchedBy: 's-sitename' });
      assert.equal(payroll.urlPath, 'Contoso-Portal/Payroll/default.aspx');
      const first = payroll.findings[0];
      assert.equal(first.code, 'IIS-AUTH-001');
      assert.equal(first.uri, HOST);
      assert.equal(first.range.start.line, MAPPING_LINE);
      assert.ok(payroll.findings.some((f) => f.code === 'IIS-AUTH-005'), 'the no-user finding of the same location too');

      const home = denied.paths[2].prediction!;
      assert.equal(home.verdict, 'normal');
      assert.deepEqual(home.findings, []);
      assert.match(home.advice, /serves Contoso-Portal\/home\.aspx normally.*401\.2 checklist/);
      assert.ok(home.effective.some((s) => s.text === 'anonymous authentication on (IIS default)'));
    });
  }

  test('the rendered summary names the finding with file:line, and links it in Markdown', () => {
    const summary = predicted([{ name: 'u_ex261102.log', text: log(CONTOSO_LOG) }]);
    const text = renderSummaryText(summary, { fileLabel: () => 'config/applicationHost.config' });
    assert.match(text, new RegExp(`IIS-AUTH-001 config/applicationHost\\.config:${MAPPING_LINE + 1} \\(error\\): IIS reads <iisClientCertificateMappingAuthentication> only at server and site level`));
    assert.match(text, /^Configuration: test configuration$/m);
    const markdown = renderSummaryMarkdown(summary);
    assert.ok(markdown.includes(`](${HOST}#L${MAPPING_LINE + 1})`), 'a link that opens the configuration at the finding');
  });

  test('#Fields: changing mid-file under W3SVC3/: lines without s-sitename are the folder\'s site, lines with it their own', () => {
    const text = log([
      `#Fields: ${NO_SITE_FIELDS}`,
      entry(undefined, '/Payroll/default.aspx', '401 2 5', '8080'),
      `#Fields: ${FIELDS}`,
      entry('W3SVC2', '/Payroll/default.aspx', '401 2 5'),
    ]);
    const summary = predicted([{ name: 'u_ex261102.log', text, source: 'file:///logs/LogFiles/W3SVC3/u_ex261102.log' }]);
    const paths = group(summary.groups, 401, 2).paths;
    assert.equal(paths.length, 2, 'the same URL on two sites is two paths');
    const intranet = paths.find((p) => p.site.from === 'folder')!;
    assert.deepEqual(intranet.site, { from: 'folder', siteName: 'W3SVC3', siteId: 3 });
    assert.equal(intranet.prediction!.site!.name, 'Intranet');
    assert.equal(intranet.prediction!.verdict, 'normal', 'Intranet has no configuration that predicts 401.2');
    const contoso = paths.find((p) => p.site.from === 's-sitename')!;
    assert.equal(contoso.prediction!.verdict, 'predicted');
  });

  test('several sites in one log: each line goes to its s-sitename', () => {
    const text = log([`#Fields: ${FIELDS}`, entry('W3SVC3', '/Payroll/default.aspx', '401 2 5'), entry('W3SVC2', '/Payroll/default.aspx', '401 2 5'), entry('W3SVC2', '/Payroll/default.aspx', '401 2 5')]);
    const paths = group(predicted([{ name: 'u_ex261102.log', text }]).groups, 401, 2).paths;
    assert.deepEqual(
      paths.map((p) => [p.prediction!.site!.name, p.count, p.prediction!.verdict]),
      [
        ['Contoso-Portal', 2, 'predicted'],
        ['Intranet', 1, 'normal'],
      ],
    );
  });

  test('no site column, no W3SVC folder: s-port is matched against the bindings', () => {
    const text = log([`#Fields: ${NO_SITE_FIELDS}`, entry(undefined, '/Payroll/default.aspx', '401 2 5', '8080'), entry(undefined, '/Payroll/default.aspx', '401 2 5', '443')]);
    const paths = group(predicted([{ name: 'u_ex261102.log', text, source: 'file:///logs/u_ex261102.log' }]).groups, 401, 2).paths;
    const byPort = new Map(paths.map((p) => [p.site.port, p.prediction!]));
    assert.equal(byPort.get(8080)!.site!.name, 'Intranet');
    assert.equal(byPort.get(8080)!.site!.matchedBy, 'binding');
    assert.equal(byPort.get(443)!.site!.name, 'Contoso-Portal');
    assert.equal(byPort.get(443)!.verdict, 'predicted');
  });

  test('a site id the configuration does not have: said so, with the findings that predict the status elsewhere', () => {
    const text = log([`#Fields: ${FIELDS}`, entry('W3SVC9', '/Payroll/default.aspx', '401 2 5')]);
    const prediction = group(predicted([{ name: 'u_ex261102.log', text }]).groups, 401, 2).paths[0].prediction!;
    assert.equal(prediction.verdict, 'siteUnknown');
    assert.match(prediction.advice, /No <site> of the configuration matches the log's site \(W3SVC9 \(s-sitename\)\)/);
    assert.ok(prediction.findings.some((f) => f.code === 'IIS-AUTH-001'));
  });

  test('a certificate failure the configuration does not explain points to "Test a certificate…"', () => {
    const text = log([`#Fields: ${FIELDS}`, entry('W3SVC2', '/Payroll/default.aspx', '403 16 2148204809')]);
    const prediction = group(predicted([{ name: 'u_ex261102.log', text }]).groups, 403, 16).paths[0].prediction!;
    assert.equal(prediction.verdict, 'normal');
    assert.equal(prediction.certificate, true);
    assert.match(prediction.advice, /Test a certificate against the mappings…/);
  });

  test('a finding predicts the statuses its message names; a malformed file predicts 500.19', () => {
    assert.deepEqual(statusesPredictedBy({ code: 'IIS-AUTH-002', message: 'requests get HTTP 500.19 (0x80070021)' }), ['500.19']);
    assert.deepEqual(statusesPredictedBy({ code: 'XML-InvalidXml', message: 'Malformed XML' }), ['500.19']);
    assert.deepEqual(statusesPredictedBy({ code: 'IIS-AUTH-004', message: 'no client certificate is requested on IIS 7.5' }), []);
  });
});

describe('log hover: the prediction for a failing line', () => {
  const uri = 'file:///logs/LogFiles/W3SVC2/u_ex261102.log';
  const lines = CONTOSO_LOG;
  const service = serviceWith({ [HOST]: CONFIG.text, [uri]: log(lines, '\r\n') });

  test('on sc-status of a 401.2 under /Payroll: the triple, then the finding with a link to its line', () => {
    const line = 2;
    const character = lines[line].indexOf(' 401 2 5') + 2;
    const hover = service.hover(uri, { line, character })!;
    assert.match(hover.contents, /\*\*HTTP 401\.2\*\*/);
    assert.match(hover.contents, /What the configuration predicts for 401\.2 at `\/Payroll\/default\.aspx`/);
    assert.match(hover.contents, /\*\*\[IIS-AUTH-001\]\(https:\/\/learn\.microsoft\.com\/[^)]+\)\*\* \(error\)/);
    assert.ok(hover.contents.includes(`](${HOST}#L${MAPPING_LINE + 1})`));
  });

  test('on cs-uri-stem of a failing line: the prediction alone; of a successful line: nothing', () => {
    const failing = service.hover(uri, { line: 5, character: lines[5].indexOf('/home.aspx') + 2 });
    assert.ok(failing);
    assert.doesNotMatch(failing.contents, /\*\*HTTP 401\.2\*\*/);
    assert.match(failing.contents, /serves Contoso-Portal\/home\.aspx normally/);
    assert.equal(service.hover(uri, { line: 6, character: lines[6].indexOf('/home.aspx') + 2 }), undefined);
  });

  test('without configuration in the workspace the status hover is the triple alone', () => {
    const alone = serviceWith({ [uri]: log(lines) });
    const hover = alone.hover(uri, { line: 2, character: lines[2].indexOf(' 401 2 5') + 2 })!;
    assert.doesNotMatch(hover.contents, /What the configuration predicts/);
  });
});

describe('the summary commands with configuration', () => {
  function workspace(): { config: string; logs: string } {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-predict-'));
    mkdirSync(join(dir, 'config'));
    mkdirSync(join(dir, 'LogFiles', 'W3SVC2'), { recursive: true });
    writeFileSync(join(dir, 'config', 'applicationHost.config'), CONFIG.text);
    writeFileSync(join(dir, 'LogFiles', 'W3SVC2', 'u_ex261102.log'), log(CONTOSO_LOG.map((l) => l.replace(' W3SVC2 ', ' - ')), '\r\n'));
    return { config: join(dir, 'config'), logs: join(dir, 'LogFiles') };
  }

  test('iis-auth-check logs --config: JSON carries the prediction with file and 1-based line', async () => {
    const { config, logs } = workspace();
    let stdout = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } };
    assert.equal(await logsCommand(['--format', 'json', '--config', config, logs], io), 0);
    const json = JSON.parse(stdout);
    const denied = json.groups.find((g: { status: string }) => g.status === '401.2');
    const payroll = denied.paths.find((p: { path: string }) => p.path === '/Payroll/default.aspx');
    assert.deepEqual(payroll.site, { from: 'folder', siteName: 'W3SVC2', siteId: 2 }, 's-sitename is "-": the folder tells the site');
    assert.equal(payroll.prediction.verdict, 'predicted');
    assert.equal(payroll.prediction.findings[0].code, 'IIS-AUTH-001');
    assert.equal(payroll.prediction.findings[0].line, MAPPING_LINE + 1);
    assert.match(payroll.prediction.findings[0].file, /config[\\/]applicationHost\.config$/);
    assert.match(json.configuration, /^applicationHost\.config and 0 web\.config files from /);
  });

  test('iis-auth-check logs --config with a folder holding no configuration: exit 2 and a message', async () => {
    const { logs } = workspace();
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } };
    assert.equal(await logsCommand(['--config', logs, logs], io), 2);
    assert.match(stderr, /no IIS configuration file in /);
  });

  test('the editor command predicts from the workspace it is given', async () => {
    const uri = 'file:///logs/W3SVC2/u_ex261102.log';
    const service = serviceWith({ [HOST]: CONFIG.text });
    const result = await summarizeLogCommand([{ uris: [uri] }], { documentText: (u) => (u === uri ? log(CONTOSO_LOG) : undefined), predictor: service.predictor });
    assert.match(result.markdown, /\*\*Paths\*\*/);
    assert.match(result.markdown, /`\/Payroll\/default\.aspx` on site Contoso-Portal \(id 2\): 2 requests\. The configuration predicts 401\.2/);
  });
});

describe('predictions follow the scopes IIS merges for the path', () => {
  test('a 500.19 finding inside <location path="Contoso-Portal/Payroll"> explains 500.19 there, not on the site root', () => {
    const config = CONFIG.text.replace('<anonymousAuthentication enabled="false" />', '<anonymousAuthentication enabled="flase" />');
    const service = serviceWith({ [HOST]: config });
    const invalid = service.validate(HOST).find((f) => f.code === 'IIS-AUTH-011');
    assert.ok(invalid && statusesPredictedBy(invalid).includes('500.19'), 'the invalid value predicts 500.19');
    const text = log([`#Fields: ${FIELDS}`, entry('W3SVC2', '/Payroll/default.aspx', '500 19 13'), entry('W3SVC2', '/home.aspx', '500 19 13')]);
    const summary = predictSummary(summarize([{ name: 'u_ex261102.log', text }]), service.predictor(), 'test');
    const byPath = new Map(group(summary.groups, 500, 19).paths.map((p) => [p.path, p.prediction!]));
    assert.equal(byPath.get('/Payroll/default.aspx')!.verdict, 'predicted');
    assert.deepEqual(byPath.get('/Payroll/default.aspx')!.findings.map((f) => f.code), ['IIS-AUTH-011']);
    assert.equal(byPath.get('/home.aspx')!.verdict, 'normal');
  });
});

describe('a log folder holding several sites', () => {
  test('LogFiles/W3SVC2 and LogFiles/W3SVC3 without s-sitename: each log\'s lines are its folder\'s site', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-predict-'));
    const line = (path: string) => `2026-11-02 08:15:00 10.1.1.5 GET ${path} - 443 - 10.0.0.9 Mozilla/5.0 401 2 5 120`;
    for (const id of ['2', '3']) {
      mkdirSync(join(dir, 'LogFiles', `W3SVC${id}`), { recursive: true });
      writeFileSync(join(dir, 'LogFiles', `W3SVC${id}`, 'u_ex261102.log'), log([`#Fields: ${NO_SITE_FIELDS}`, line('/Payroll/default.aspx')], '\r\n'));
    }
    writeFileSync(join(dir, 'applicationHost.config'), CONFIG.text);
    let stdout = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } };
    assert.equal(await logsCommand(['--format', 'json', '--config', join(dir, 'applicationHost.config'), join(dir, 'LogFiles')], io), 0);
    const paths = JSON.parse(stdout).groups[0].paths as Array<{ site: { siteId: number }; prediction: { verdict: string; site: { name: string } } }>;
    assert.deepEqual(
      paths.map((p) => [p.site.siteId, p.prediction.site.name, p.prediction.verdict]).sort(),
      [
        [2, 'Contoso-Portal', 'predicted'],
        [3, 'Intranet', 'normal'],
      ],
    );
  });
});
