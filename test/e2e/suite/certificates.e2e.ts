import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, fixtureUri, locationBody, openFixture, positionOf, revertFixture } from './helpers';

// Certificate files dropped on, or inserted into, applicationHost.config; a certificate tested
// against the mappings. The fixture's site keeps its only one-to-one mapping (claims-agent.cer)
// in the Claims sub-application's <location>, where IIS ignores it.

const applicationHost = 'inetsrv/config/applicationHost.config';
const siteLocation = '<location path="Northwind-Extranet">';

interface DropApi {
  certificateDropProvider: vscode.DocumentDropEditProvider;
}

async function dropProvider(): Promise<vscode.DocumentDropEditProvider> {
  const extension = vscode.extensions.getExtension<DropApi>(extensionId);
  assert.ok(extension);
  const api = await extension.activate();
  return api.certificateDropProvider;
}

function uriList(...relativePaths: string[]): vscode.DataTransfer {
  const transfer = new vscode.DataTransfer();
  transfer.set('text/uri-list', new vscode.DataTransferItem(relativePaths.map((p) => fixtureUri(p).toString()).join('\r\n')));
  return transfer;
}

/** Right after `<location path="Northwind-Extranet">`: a drop inside the site's location. */
function inSiteLocation(document: vscode.TextDocument): vscode.Position {
  return positionOf(document, siteLocation).translate(0, siteLocation.length);
}

interface Dropped {
  document: vscode.TextDocument;
  edits: vscode.DocumentDropEdit[] | undefined;
  /** The document as it was just before the drop. */
  before: { version: number; text: string };
}

async function drop(relativePaths: string[], transfer = uriList(...relativePaths)): Promise<Dropped> {
  const provider = await dropProvider();
  const editor = await openFixture(applicationHost);
  const before = { version: editor.document.version, text: editor.document.getText() };
  const tokenSource = new vscode.CancellationTokenSource();
  const result = await provider.provideDocumentDropEdits(editor.document, inSiteLocation(editor.document), transfer, tokenSource.token);
  const edits = result === undefined || result === null ? undefined : Array.isArray(result) ? result : [result];
  return { document: editor.document, edits, before };
}

async function base64Of(relativePath: string): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(fixtureUri(relativePath))).toString('base64');
}

describe('certificates in a real extension host', () => {
  afterEach(async () => {
    await revertFixture(applicationHost);
  });

  it('offers a one-to-one and a many-to-one mapping for a dropped certificate, placed in the site\'s location', async () => {
    const { document, edits } = await drop(['certs/client-auth.cer']);
    assert.ok(edits, 'the provider returned no edit for client-auth.cer');
    assert.deepEqual(
      edits.map((e) => e.kind?.value),
      ['xml.iisAuth.certificateMapping.oneToOne', 'xml.iisAuth.certificateMapping.manyToOne'],
    );
    assert.match(edits[0].title ?? '', /^One-to-one mapping for Jane Doe$/);
    assert.match(edits[1].title ?? '', /^Many-to-one mapping 'Jane Doe' \(Subject CN \+ Issuer O\)$/);
    // Nothing typed at the drop position: the mapping goes where the server put it.
    assert.equal(edits[0].insertText, '');

    const before = document.getText();
    const version = document.version;
    assert.ok(edits[0].additionalEdit);
    assert.ok(await vscode.workspace.applyEdit(edits[0].additionalEdit));
    assert.ok(document.version > version);
    const site = locationBody(document.getText(), 'Northwind-Extranet');
    const certificate = await base64Of('certs/client-auth.cer');
    assert.match(site, /<iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true">/);
    // Snippet placeholders end up as their default text: an account to fill in, no password.
    assert.ok(site.includes(`<add userName="DOMAIN\\user" password="" certificate="${certificate}" />`), site);
    // The sub-application's location is untouched.
    assert.equal(locationBody(document.getText(), 'Northwind-Extranet/Claims'), locationBody(before, 'Northwind-Extranet/Claims'));
  });

  it('puts the certificate\'s warnings in the title of the edit', async () => {
    const { edits } = await drop(['certs/expired.cer']);
    assert.ok(edits && edits.length === 2);
    for (const edit of edits) {
      assert.match(edit.title ?? '', /⚠ 1 warning\): The certificate expired on 2021-01-01/);
      assert.match(edit.title ?? '', /403\.17/);
    }
  });

  it('offers only the many-to-one mapping for a certificate that already has a one-to-one entry', async () => {
    const { edits } = await drop(['certs/claims-agent.cer']);
    assert.ok(edits);
    assert.deepEqual(edits.map((e) => e.kind?.value), ['xml.iisAuth.certificateMapping.manyToOne']);
    assert.match(edits[0].title ?? '', /claims-agent\.northwind\.test/);
  });

  it('reads a certificate dropped from the operating system (a file, no uri-list)', async () => {
    const bytes = await vscode.workspace.fs.readFile(fixtureUri('certs/client-auth.cer'));
    const transfer = new vscode.DataTransfer();
    transfer.set('application/octet-stream', fileItem('client-auth.cer', bytes));
    const { edits } = await drop([], transfer);
    assert.ok(edits);
    assert.equal(edits.length, 2);
  });

  it('returns nothing and leaves the document alone for a file that is not a certificate', async () => {
    for (const file of ['certs/not-a-certificate.cer', 'inetpub/NorthwindExtranet/web.config']) {
      const { document, edits, before } = await drop([file]);
      assert.equal(edits, undefined, file);
      assert.equal(document.version, before.version, `${file}: the drop edited the document`);
      assert.equal(document.getText(), before.text, file);
      assert.equal(document.isDirty, false, file);
    }
  });

  it('inserts a many-to-one mapping from a certificate file at the cursor\'s site', async () => {
    const editor = await openFixture(applicationHost);
    const at = inSiteLocation(editor.document);
    editor.selection = new vscode.Selection(at, at);
    const result = await vscode.commands.executeCommand<{ ok: boolean; applied?: boolean; warnings?: string[] }>(
      'iisAuth.insertMappingFromCertificateFile',
      fixtureUri('certs/client-auth.cer'),
      'manyToOne',
    );
    assert.ok(result?.ok, JSON.stringify(result));
    assert.deepEqual(result.warnings, []);
    assert.equal(result.applied, true);
    const site = locationBody(editor.document.getText(), 'Northwind-Extranet');
    assert.match(site, /<manyToOneMappings>\s*<!-- Jane Doe; issued by [^>]*-->\s*<add name="Jane Doe" enabled="true" permissionMode="Allow" userName="DOMAIN\\user" password="">/);
    assert.match(site, /<add certificateField="Subject" certificateSubField="CN" matchCriteria="Jane Doe" compareCaseSensitive="true" \/>/);
  });

  it('tests a certificate against the site\'s mappings and says why none applies', async () => {
    await openFixture(applicationHost);
    // An empty URL skips the request walk: the mapping match alone.
    const text = await vscode.commands.executeCommand<string>('iisAuth.testCertificateFile', fixtureUri('certs/claims-agent.cer'), { url: '' });
    assert.equal(typeof text, 'string');
    assert.match(text, /^Certificate: .*CN=claims-agent\.northwind\.test/m);
    assert.match(text, /IIS client certificate mapping is off for site 'Northwind-Extranet'/);
    assert.match(text, /applicationHost\.config:64 \(<location path="Northwind-Extranet\/Claims">\) are ignored/);
  });

  it('walks a request at a URL with the certificate and answers what IIS logs, with each step\'s line', async () => {
    await openFixture(applicationHost);
    const text = await vscode.commands.executeCommand<string>('iisAuth.testCertificateFile', fixtureUri('certs/claims-agent.cer'), {
      url: 'https://extranet.northwind.test/Claims/',
    });
    assert.equal(typeof text, 'string');
    assert.match(text, /^https:\/\/extranet\.northwind\.test\/Claims\/ -> 401\.2/m);
    assert.match(text, /Certificate mapping level .*below site level and ignored.*applicationHost\.config:64\]/);
    assert.match(text, /HTTP\.sys binding: not in the snapshot/);
  });
});

function fileItem(name: string, bytes: Uint8Array): vscode.DataTransferItem {
  const file: vscode.DataTransferFile = { name, uri: undefined, data: async () => bytes };
  const item = new vscode.DataTransferItem('');
  item.asFile = () => file;
  return item;
}
