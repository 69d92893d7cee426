// Helpers for the rule tests: wrap a fragment in the elements IIS expects around it, read the checked-in
// test certificates, and run one rule code over marked text.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../../server/src/core/types';
import { findingsOf, marked, serviceWith, WEB_URI, type MarkedText } from './fixtures';

/** `<configuration><system.webServer><security>…</security></system.webServer></configuration>` */
export function inSecurity(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.webServer>
    <security>
${inner}
    </security>
  </system.webServer>
</configuration>
`;
}

/** Same, with `<authentication>` around the fragment. */
export function inAuthentication(inner: string): string {
  return inSecurity(`      <authentication>\n${inner}\n      </authentication>`);
}

/** A mapping section fragment inside `<authentication>`. */
export function inMappingSection(attributes: string, inner: string): string {
  return inAuthentication(`        <iisClientCertificateMappingAuthentication ${attributes}>\n${inner}\n        </iisClientCertificateMappingAuthentication>`);
}

const certificateFolder = resolve(__dirname, '../../../test/fixtures/certs');

/** Single-line base64 of a checked-in DER certificate, as IIS wants it in `certificate="…"`. */
export function certificateBase64(name: string): string {
  return readFileSync(resolve(certificateFolder, name)).toString('base64');
}

export function certificateFileText(name: string): string {
  return readFileSync(resolve(certificateFolder, name), 'utf8');
}

export interface RuleRun {
  marked: MarkedText;
  findings: Finding[];
}

/** Findings of one rule code for the marked text, as a web.config (or the given uri). */
export function runRule(code: string, source: string, uri = WEB_URI, extraFiles: Record<string, string> = {}): RuleRun {
  const m = marked(source);
  const service = serviceWith({ ...extraFiles, [uri]: m.text });
  return { marked: m, findings: findingsOf(service, uri, code) };
}
