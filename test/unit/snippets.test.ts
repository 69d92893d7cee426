import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serviceWith } from '../support/fixtures';

// Every snippet, expanded with its default text the way VS Code inserts it, is placed where its
// description says it goes, and the whole analyzer must report no error and no warning on it.

const ROOT = resolve(__dirname, '../../..');
const SNIPPET_FILE = join(ROOT, 'snippets/iis-config.code-snippets');

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
  scope: string;
}

const snippets: Record<string, Snippet> = JSON.parse(readFileSync(SNIPPET_FILE, 'utf8'));

function snippet(prefix: string): Snippet {
  const found = Object.values(snippets).find((s) => s.prefix === prefix);
  assert.ok(found, `no snippet ${prefix}`);
  return found;
}

/**
 * The text VS Code inserts when every tab stop keeps its default: `${1:default}` → default (nested
 * placeholders expanded), a bare `$1`/`${1}` mirrors the default given elsewhere, a choice `${1|a,b|}`
 * → its first option, `$0` → nothing, `\$ \} \\` → the character. Tabs stay tabs.
 */
export function expandSnippet(lines: string[]): string {
  const body = lines.join('\n');
  const defaults = new Map<number, string>();
  const expand = (): string => {
    let i = 0;
    const parse = (inPlaceholder: boolean): string => {
      let out = '';
      while (i < body.length) {
        const c = body[i];
        if (c === '\\' && '$}\\'.includes(body[i + 1] ?? '')) {
          out += body[i + 1];
          i += 2;
        } else if (inPlaceholder && c === '}') {
          return out;
        } else if (c === '$' && /\d/.test(body[i + 1] ?? '')) {
          const index = Number(/^\d+/.exec(body.slice(i + 1))![0]);
          i += 1 + String(index).length;
          out += defaults.get(index) ?? '';
        } else if (c === '$' && body[i + 1] === '{') {
          const head = /^\$\{(\d+)([:|}])/.exec(body.slice(i));
          assert.ok(head, `unsupported snippet syntax at ${JSON.stringify(body.slice(i, i + 20))}`);
          const index = Number(head[1]);
          i += head[0].length;
          if (head[2] === '}') {
            out += defaults.get(index) ?? '';
          } else if (head[2] === ':') {
            const value = parse(true);
            assert.equal(body[i], '}', 'unterminated placeholder');
            i++;
            if (!defaults.has(index)) defaults.set(index, value);
            out += value;
          } else {
            const end = body.indexOf('|}', i);
            assert.ok(end > i, 'unterminated choice');
            const first = body.slice(i, end).split(',')[0];
            i = end + 2;
            if (!defaults.has(index)) defaults.set(index, first);
            out += first;
          }
        } else {
          out += c;
          i++;
        }
      }
      return out;
    };
    return parse(false);
  };
  // The first pass learns the defaults that mirrors (`$1`, `${1}`) placed before them repeat.
  expand();
  return expand();
}

const CONFIG_SECTIONS = `
  <configSections>
    <sectionGroup name="system.applicationHost">
      <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
    </sectionGroup>
    <sectionGroup name="system.webServer">
      <section name="httpErrors" overrideModeDefault="Allow" />
      <sectionGroup name="security">
        <section name="access" overrideModeDefault="Deny" />
        <sectionGroup name="authentication">
          <section name="anonymousAuthentication" overrideModeDefault="Deny" />
          <section name="basicAuthentication" overrideModeDefault="Deny" />
          <section name="clientCertificateMappingAuthentication" overrideModeDefault="Deny" />
          <section name="digestAuthentication" overrideModeDefault="Deny" />
          <section name="iisClientCertificateMappingAuthentication" overrideModeDefault="Deny" />
          <section name="windowsAuthentication" overrideModeDefault="Deny" />
        </sectionGroup>
      </sectionGroup>
    </sectionGroup>
  </configSections>`;

const SITES = `
  <system.applicationHost>
    <sites>
      <site name="Default Web Site" id="1">
        <application path="/">
          <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />
        </application>
        <application path="/App">
          <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\App" />
        </application>
        <bindings>
          <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
        </bindings>
      </site>
    </sites>
  </system.applicationHost>`;

const APPHOST_URI = 'file:///C:/Windows/System32/inetsrv/config/applicationHost.config';
const SITE_WEB_URI = 'file:///C:/inetpub/wwwroot/web.config';

function applicationHost(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>${CONFIG_SECTIONS}${SITES}\n${inner}\n</configuration>\n`;
}

/** A site-level certificate mapping section around `mappings`, with the sub-application asking for certificates. */
function siteMapping(attributes: string, mappings: string): string {
  return `
  <location path="Default Web Site">
    <system.webServer>
      <security>
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true" ${attributes}>
            ${mappings}
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
  <location path="Default Web Site/App">
    <system.webServer>
      <security>
        <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
        <authentication>
          <anonymousAuthentication enabled="false" />
        </authentication>
      </security>
    </system.webServer>
  </location>`;
}

function siteAuthentication(inner: string): string {
  return `
  <location path="Default Web Site">
    <system.webServer>
      <security>
        <authentication>
          ${inner}
        </authentication>
      </security>
    </system.webServer>
  </location>`;
}

/** Where each snippet goes, by its description: a workspace of uri → text. */
const placements: Record<string, (expanded: string) => Record<string, string>> = {
  'iis-client-cert-subapp': (s) => ({ [APPHOST_URI]: applicationHost(s) }),
  'iis-mapping-one-to-one': (s) => ({
    [APPHOST_URI]: applicationHost(siteMapping('oneToOneCertificateMappingsEnabled="true" manyToOneCertificateMappingsEnabled="false"', `<oneToOneMappings>${s}</oneToOneMappings>`)),
  }),
  'iis-mapping-many-to-one': (s) => ({
    [APPHOST_URI]: applicationHost(siteMapping('manyToOneCertificateMappingsEnabled="true"', `<manyToOneMappings>${s}</manyToOneMappings>`)),
  }),
  'iis-mapping-rule': (s) => ({
    [APPHOST_URI]: applicationHost(
      siteMapping(
        'manyToOneCertificateMappingsEnabled="true"',
        `<manyToOneMappings><add name="Staff" permissionMode="Allow" userName="CONTOSO\\svc-staff" password="__MappingPassword__"><rules>${s}</rules></add></manyToOneMappings>`,
      ),
    ),
  }),
  'iis-windows-auth': (s) => ({ [APPHOST_URI]: applicationHost(siteAuthentication(s)) }),
  'iis-unlock-section': (s) => ({ [APPHOST_URI]: applicationHost(s) }),
  'iis-http-errors-auth': (s) => ({
    [APPHOST_URI]: applicationHost(''),
    [SITE_WEB_URI]: `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.webServer>\n${s}\n  </system.webServer>\n</configuration>\n`,
  }),
};

function complaints(files: Record<string, string>): string[] {
  const service = serviceWith(files);
  return Object.keys(files).flatMap((uri) =>
    service
      .validate(uri)
      .filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => `${uri.split('/').pop()}:${f.range.start.line + 1}: ${f.severity} ${f.code}: ${f.message}`),
  );
}

describe('snippets', () => {
  test('every snippet has an iis- prefix, a description, the xml scope, and a known placement', () => {
    const all = Object.values(snippets);
    assert.ok(all.length >= 7);
    for (const s of all) {
      assert.match(s.prefix, /^iis-[a-z0-9-]+$/);
      assert.ok(s.description.length > 40, s.prefix);
      assert.equal(s.scope, 'xml');
      assert.ok(placements[s.prefix], `the test does not know where ${s.prefix} goes`);
    }
    assert.equal(new Set(all.map((s) => s.prefix)).size, all.length, 'prefixes are unique');
  });

  test('the expander follows VS Code snippet syntax: defaults, mirrors, choices, escapes, $0', () => {
    assert.equal(expandSnippet(['<a p="$1" q="${1:x}" r="${2|b,c|}">${3:${4:nested}!}\\$\\}\\\\ $0</a>']), '<a p="x" q="x" r="b">nested!$}\\ </a>');
  });

  for (const s of Object.values(snippets)) {
    test(`${s.prefix}: default expansion is clean for the whole analyzer`, () => {
      const expanded = expandSnippet(s.body);
      assert.ok(!/\$\{|\$\d/.test(expanded), `unexpanded tab stop left in ${expanded}`);
      const files = placements[s.prefix](expanded);
      assert.deepEqual(complaints(files), []);
    });
  }

  test('a site web.config setting Windows authentication is clean once the unlock snippet is in applicationHost.config', () => {
    const files = {
      [APPHOST_URI]: applicationHost(expandSnippet(snippet('iis-unlock-section').body)),
      [SITE_WEB_URI]: `<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n${expandSnippet(snippet('iis-windows-auth').body)}\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>\n`,
    };
    assert.deepEqual(complaints(files), []);
  });

  test('the fixtures are not trivially clean: the same web.config without the unlock is reported', () => {
    const files = {
      [APPHOST_URI]: applicationHost(''),
      [SITE_WEB_URI]: `<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n${expandSnippet(snippet('iis-windows-auth').body)}\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>\n`,
    };
    assert.ok(complaints(files).some((c) => /IIS-AUTH-002/.test(c)), 'a locked section set in web.config is an error');
  });

  test('package.json contributes the snippets for the xml language', () => {
    const contributes = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes;
    assert.deepEqual(contributes.snippets, [{ language: 'xml', path: './snippets/iis-config.code-snippets' }]);
  });
});
