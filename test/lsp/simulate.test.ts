import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/lspClient';
import { pemOf, thumbprintOf } from '../support/pki';
import { apphost, lineOf, simulatorPki, HOST, type SimulatorPki } from '../support/simulatorFixtures';
import { netshDump, netshEntry } from '../support/snapshot';

let pki: SimulatorPki;
before(async () => {
  pki = await simulatorPki();
});

interface Answer {
  ok: boolean;
  simulation: { status: string; steps: Array<{ step: string; source: { file: string; line?: number } | null }> };
  markdown: string;
}

describe('iisAuth.testCertificate with a URL, over stdio', () => {
  test('the open applicationHost.config and netsh dump decide: renegotiation under TLS 1.3 resets the connection', async () => {
    const session = await startServer();
    try {
      const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Certificate Hash': thumbprintOf(pki.server), 'Negotiate Client Certificate': 'Disabled' }));
      const open = (uri: string, languageId: string, text: string) =>
        session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      open('file:///srv/iis/config/applicationHost.config', 'xml', apphost(pki, { siteAccess: 'Ssl', payrollAccess: 'Ssl, SslNegotiateCert, SslRequireCert' }));
      open('file:///srv/snapshot/sslcert.txt', 'plaintext', netsh);
      const ask = (url: string) =>
        session.connection.sendRequest('workspace/executeCommand', {
          command: 'iisAuth.testCertificate',
          arguments: [Buffer.from(pemOf(pki.client)).toString('base64'), { url, fileName: 'dana.pem', certificateUri: 'file:///home/dana/dana.pem' }],
        }) as Promise<Answer>;
      const answer = await ask(`https://${HOST}/payroll/`);
      assert.equal(answer.simulation.status, 'connection reset');
      const request = answer.simulation.steps.find((s) => s.step === 'Certificate request');
      assert.deepEqual(request?.source, { file: 'sslcert.txt', line: lineOf(netsh, 'Negotiate Client Certificate') });
      assert.match(answer.markdown, /\*\*connection reset\*\*/);
      // Near miss: the site's root asks for no certificate, so nothing is renegotiated there.
      const root = await ask(`https://${HOST}/`);
      assert.notEqual(root.simulation.status, 'connection reset');
    } finally {
      await session.close();
    }
  });
});
