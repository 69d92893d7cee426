import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, SymbolKind, type DocumentSymbol } from '../../server/src/core/documentSymbols';
import { APPHOST_URI, WEB_URI, marked, serviceWith } from '../support/fixtures';

function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` [${s.detail}]` : ''}`, ...outline(s.children ?? [], depth + 1)]);
}

describe('document symbols', () => {
  const appHost = marked(`<configuration>
  <system.applicationHost>
    <sites>
      <site name="Portal" id="2">
        <application path="/">
          <virtualDirectory path="/" physicalPath="D:\\Sites\\Portal" />
        </application>
        <application path="/Api" />
        <bindings>
          <binding protocol="https" bindingInformation="*:443:portal.example" sslFlags="1" />
        </bindings>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <security>
      <authentication>
        <anonymousAuthentication enabled="true" />
      </authentication>
    </security>
  </system.webServer>
  [[<location path="[[Portal]]" overrideMode="Allow">
    <system.webServer>
      <security>
        <access sslFlags="Ssl, SslNegotiateCert" />
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true">
            <manyToOneMappings>
              [[<add name="[[Dana Ruiz]]" userName="records-dana" password="[enc:X:enc]">
                <rules>
                  <add certificateField="Subject" certificateSubField="CN" matchCriteria="dana" />
                </rules>
              </add>]]
              <add name="Blocked" permissionMode="Deny" enabled="false" />
            </manyToOneMappings>
            <oneToOneMappings>
              <add certificate="MIIB" userName="ops" />
            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
          <windowsAuthentication enabled="false">
            <providers><add value="Negotiate" /><add value="NTLM" /></providers>
          </windowsAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>]]
</configuration>`);

  test('applicationHost.config: sites with applications, server level security, locations with sections and mappings', () => {
    const symbols = documentSymbols(serviceWith({ [APPHOST_URI]: appHost.text }).workspace, APPHOST_URI);
    assert.deepEqual(outline(symbols), [
      'Portal [id 2 · https *:443:portal.example]',
      '  / [D:\\Sites\\Portal]',
      '  /Api',
      'security [server level]',
      '  anonymousAuthentication [on]',
      'location Portal [overrideMode=Allow]',
      '  access [sslFlags=Ssl, SslNegotiateCert]',
      '  iisClientCertificateMappingAuthentication [on · 2 many-to-one · 1 one-to-one]',
      '    Dana Ruiz [many-to-one → records-dana · 1 rule]',
      '    Blocked [many-to-one deny · 0 rules · disabled]',
      '    ops [one-to-one certificate]',
      '  windowsAuthentication [off · Negotiate, NTLM]',
    ]);
    const location = symbols.find((s) => s.name === 'location Portal')!;
    assert.equal(location.kind, SymbolKind.Namespace);
    assert.deepEqual(location.range, appHost.ranges[0]);
    assert.deepEqual(location.selectionRange, appHost.ranges[1]);
    const dana = location.children![1].children![0];
    assert.deepEqual([dana.range, dana.selectionRange], [appHost.ranges[2], appHost.ranges[3]]);
    assert.ok(!JSON.stringify(symbols).includes('[enc:'), 'passwords never reach the outline');
  });

  test('web.config: file-level security and its own locations; a location being typed (unclosed) still shows', () => {
    const web = `<configuration>
  <system.webServer>
    <security>
      <access sslFlags="Ssl" />
    </security>
  </system.webServer>
  <location path="admin">
    <system.webServer>
      <security>
        <authentication>
          <basicAuthentication enabled="true" />
        </authentication>
      </security>
    </system.webServer>
  </location>
  <location path="broken">
    <system.webServer>
      <security><access sslFlags="Ssl"></security>
`;
    const symbols = documentSymbols(serviceWith({ [WEB_URI]: web }).workspace, WEB_URI);
    assert.deepEqual(outline(symbols), [
      'security [this folder and below]',
      '  access [sslFlags=Ssl]',
      'location admin',
      '  basicAuthentication [on]',
      'location broken',
      '  access [sslFlags=Ssl]',
    ]);
  });

  test('a file that is not IIS configuration has no outline', () => {
    assert.deepEqual(documentSymbols(serviceWith({ [WEB_URI]: '<root><a/></root>' }).workspace, WEB_URI), []);
    assert.deepEqual(documentSymbols(serviceWith({}).workspace, WEB_URI), []);
  });
});
