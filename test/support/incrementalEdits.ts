import { createLanguageService } from '../../server/src/core/languageService';
import { incrementalStats } from '../../server/src/core/incremental';
import type { Finding } from '../../server/src/core/types';
import { prng } from './fuzz';

/**
 * The property behind incremental analysis: after every edit, the findings of a long-lived service
 * (which re-checks only what the edit can change) equal those of a fresh service analysing the text
 * from scratch. Shared by the CI test (short, seeded) and `npm run fuzz` (long).
 */

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const ACCESS = ['None', 'Ssl', 'Ssl, SslNegotiateCert', 'Ssl, SslNegotiateCert, SslRequireCert', 'SslNegotiateCert', 'Sll', '40'];

/** An applicationHost.config with many sites, each with a site-level location and an application location, in varied states. */
export function generateHostConfig(random: Random, sites: number): string {
  const certificate = () => {
    const bytes = Buffer.alloc(90);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    bytes[0] = 0x30;
    bytes[1] = 0x58;
    return bytes.toString('base64');
  };
  let siteText = '';
  let locations = '';
  for (let i = 0; i < sites; i++) {
    siteText += `      <site name="Site${i}" id="${i + 1}">
        <application path="/"><virtualDirectory path="/" physicalPath="D:\\Sites\\Site${i}" /></application>
        <application path="/App"><virtualDirectory path="/" physicalPath="D:\\Sites\\Site${i}\\App" /></application>
        <bindings><binding protocol="https" bindingInformation="*:443:site${i}.example" sslFlags="${pick(random, ['0', '1', '3'])}" /></bindings>
      </site>\n`;
    const mappings = Array.from({ length: Math.floor(random() * 3) }, (_, m) => {
      const password = random() < 0.3 ? 'Secret1' : '[enc:IISCngProvider:QUJD:enc]';
      return `              <add userName="SITE${i}\\user${random() < 0.2 ? 0 : m}" password="${password}" certificate="${certificate()}" />\n`;
    }).join('');
    locations += `  <location path="Site${i}">
    <system.webServer>
      <security>
        <authentication>
          <anonymousAuthentication enabled="${random() < 0.7}" />
          <iisClientCertificateMappingAuthentication enabled="${random() < 0.6}" oneToOneCertificateMappingsEnabled="true">
            <oneToOneMappings>
${mappings}            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
        <access sslFlags="${pick(random, ACCESS)}" />
      </security>
    </system.webServer>
  </location>
  <location path="Site${i}/App"${random() < 0.2 ? ' overrideMode="Deny"' : ''}>
    <system.webServer>
      <security>
        <authentication>
          <anonymousAuthentication enabled="${random() < 0.5}" />
          <basicAuthentication enabled="${random() < 0.2}" />${random() < 0.2 ? '\n          <iisClientCertificateMappingAuthentication enabled="true" />' : ''}
        </authentication>
        <access sslFlags="${pick(random, ACCESS)}" />
      </security>
    </system.webServer>
  </location>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
${siteText}    </sites>
  </system.applicationHost>
  <system.webServer>
    <security>
      <authentication>
        <anonymousAuthentication enabled="true" />
      </authentication>
    </security>
  </system.webServer>
${locations}</configuration>
`;
}

/** One random edit of the kinds a user makes, including ones that break or repair well-formedness and cross element boundaries. */
export function randomEdit(text: string, random: Random, history: string[], broken: boolean): { text: string; kind: string } {
  // A user who broke the XML mostly repairs it soon: undo, back to the text before the edit.
  if (broken && history.length > 0 && random() < 0.7) return { text: history.pop()!, kind: 'repair (undo)' };
  history.push(text);
  if (history.length > 20) history.shift();
  const valueAt = () => {
    const quotes: number[] = [];
    for (let i = text.indexOf('="'); i >= 0 && quotes.length < 4000; i = text.indexOf('="', i + 2)) quotes.push(i + 2);
    return quotes.length > 0 ? pick(random, quotes) : Math.floor(random() * text.length);
  };
  const splice = (at: number, remove: number, insert: string) => text.slice(0, at) + insert + text.slice(at + remove);
  const roll = random();
  if (roll < 0.3) {
    const at = valueAt() + Math.floor(random() * 3);
    return random() < 0.5 ? { text: splice(at, 0, pick(random, ['x', 'e', ',', ' ', '1', 'S', ';'])), kind: 'type in a value' } : { text: splice(at, 1, ''), kind: 'delete in a value' };
  }
  if (roll < 0.4) {
    const at = text.indexOf('/>', valueAt());
    if (at > 0) return { text: splice(at, 0, pick(random, [' enabled="false"', ' lockItem="true"', ' sslFlags="Ssl"', ' x="1"'])), kind: 'add an attribute' };
  }
  if (roll < 0.5) {
    const at = text.indexOf('<authentication>', Math.floor(random() * text.length));
    if (at > 0) {
      const element = pick(random, ['<windowsAuthentication enabled="true" />', '<anonymousAuthentication enabled="false" />', '<clientCertificateMappingAuthentication enabled="true" />']);
      return { text: splice(at + '<authentication>'.length, 0, element), kind: 'add an element' };
    }
  }
  if (roll < 0.55) {
    const at = text.indexOf('<access', Math.floor(random() * text.length));
    if (at > 0) return { text: splice(at, 0, '<!-- iis-auth-disable-next-line --> '), kind: 'add a comment' };
  }
  if (roll < 0.65) {
    const at = text.indexOf('>', Math.floor(random() * text.length));
    if (at > 0) return { text: splice(at, 1, ''), kind: 'break well-formedness' };
  }
  if (roll < 0.82) {
    const at = text.indexOf('</location>', Math.floor(random() * text.length));
    if (at > 0) return { text: splice(at - 5, 30, ''), kind: 'delete across elements' };
  }
  if (roll < 0.9) return { text: splice(valueAt(), 0, '\n'), kind: 'insert a line break' };
  const at = Math.floor(random() * text.length);
  return { text: splice(at, random() < 0.5 ? 1 : 0, pick(random, ['<', '"', '&', 'a', '/'])), kind: 'random character' };
}

function normalized(findings: Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.code, f.severity, f.range, f.message, f.related, f.data, f.tags])).sort();
}

export interface IncrementalPropertyReport {
  edits: number;
  mismatches: Array<{ step: number; kind: string; onlyIncremental: string[]; onlyFull: string[] }>;
  /** How the long-lived service answered: re-checking some scopes, from scratch, or the same text again. */
  incremental: number;
  full: number;
}

export function runIncrementalProperty(options: { seed: number; edits: number; sites: number }): IncrementalPropertyReport {
  const random = prng(options.seed);
  const uri = 'file:///property/config/applicationHost.config';
  const now = new Date('2026-11-23T00:00:00Z');
  const live = createLanguageService({ settings: { now } });
  let text = generateHostConfig(random, options.sites);
  live.workspace.set(uri, text);
  let broken = live.validate(uri).some((f) => f.code.startsWith('XML-'));
  const history: string[] = [];
  const report: IncrementalPropertyReport = { edits: 0, mismatches: [], incremental: 0, full: 0 };
  const before = { ...incrementalStats };
  for (let step = 0; step < options.edits; step++) {
    const edit = randomEdit(text, random, history, broken);
    text = edit.text;
    live.workspace.set(uri, text);
    const liveFindings = live.validate(uri);
    broken = liveFindings.some((f) => f.code.startsWith('XML-'));
    const incremental = normalized(liveFindings);
    const fresh = createLanguageService({ settings: { now } });
    fresh.workspace.set(uri, text);
    const full = normalized(fresh.validate(uri));
    report.edits++;
    if (incremental.join('\n') !== full.join('\n')) {
      report.mismatches.push({
        step,
        kind: edit.kind,
        onlyIncremental: incremental.filter((f) => !full.includes(f)).slice(0, 3),
        onlyFull: full.filter((f) => !incremental.includes(f)).slice(0, 3),
      });
    }
  }
  // The fresh services count too: each of them is one full run.
  report.incremental = incrementalStats.incremental - before.incremental;
  report.full = incrementalStats.full - before.full - report.edits;
  return report;
}
