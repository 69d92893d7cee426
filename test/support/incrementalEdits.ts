import { createLanguageService } from '../../server/src/core/languageService';
import { incrementalStats } from '../../server/src/core/incremental';
import type { Finding } from '../../server/src/core/types';
import type { ConfigFile } from '../../server/src/core/model/configFile';
import type { XmlElement } from '../../server/src/core/xml/document';
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

/** What an editor sends for a keystroke: [at, at + remove) of the old text replaced by `insert`. */
export interface TextChange {
  at: number;
  remove: number;
  insert: string;
}

/** One random edit of the kinds a user makes, including ones that break or repair well-formedness and cross element boundaries. */
export function randomEdit(text: string, random: Random, history: string[], broken: boolean): { text: string; kind: string; change?: TextChange } {
  // A user who broke the XML mostly repairs it soon: undo, back to the text before the edit.
  if (broken && history.length > 0 && random() < 0.7) return { text: history.pop()!, kind: 'repair (undo)' };
  history.push(text);
  if (history.length > 20) history.shift();
  const edit = randomChange(text, random);
  return { ...edit, text: text.slice(0, edit.change.at) + edit.change.insert + text.slice(edit.change.at + edit.change.remove) };
}

function randomChange(text: string, random: Random): { kind: string; change: TextChange } {
  const valueAt = () => {
    const quotes: number[] = [];
    for (let i = text.indexOf('="'); i >= 0 && quotes.length < 4000; i = text.indexOf('="', i + 2)) quotes.push(i + 2);
    return quotes.length > 0 ? pick(random, quotes) : Math.floor(random() * text.length);
  };
  const splice = (at: number, remove: number, insert: string): TextChange => ({ at, remove, insert });
  const roll = random();
  if (roll < 0.12) {
    // Inside a <site>: its bindings, applications and virtual directories place every location.
    const sites: number[] = [];
    for (let i = text.indexOf('<site '); i >= 0; i = text.indexOf('<site ', i + 1)) sites.push(i);
    const at = sites.length > 0 ? pick(random, sites) : -1;
    if (at > 0) {
      const close = text.indexOf('</site>', at);
      const inside = [
        () => ({ kind: 'site: type in a value', change: splice(text.indexOf('="', at + Math.floor(random() * (close - at))) + 2, 0, pick(random, ['x', '1', '/', ' '])) }),
        () => ({ kind: 'site: binding sslFlags', change: ((b) => splice(b, 1, pick(random, ['0', '1', '3', '32', '35'])))(text.indexOf('sslFlags="', at) + 'sslFlags="'.length) }),
        () => ({ kind: 'site: add an application', change: splice(close, 0, '<application path="/New"><virtualDirectory path="/" physicalPath="D:\\New" /></application>') }),
        () => ({ kind: 'site: rename', change: splice(at + '<site name="'.length, 0, 'X') }),
      ];
      const made = pick(random, inside)();
      if (made.change.at > at && made.change.at <= close) return made;
    }
  }
  if (roll < 0.3) {
    const at = valueAt() + Math.floor(random() * 3);
    return random() < 0.5 ? { change: splice(at, 0, pick(random, ['x', 'e', ',', ' ', '1', 'S', ';'])), kind: 'type in a value' } : { change: splice(at, 1, ''), kind: 'delete in a value' };
  }
  if (roll < 0.4) {
    const at = text.indexOf('/>', valueAt());
    if (at > 0) return { change: splice(at, 0, pick(random, [' enabled="false"', ' lockItem="true"', ' sslFlags="Ssl"', ' x="1"'])), kind: 'add an attribute' };
  }
  if (roll < 0.5) {
    const at = text.indexOf('<authentication>', Math.floor(random() * text.length));
    if (at > 0) {
      const element = pick(random, ['<windowsAuthentication enabled="true" />', '<anonymousAuthentication enabled="false" />', '<clientCertificateMappingAuthentication enabled="true" />']);
      return { change: splice(at + '<authentication>'.length, 0, element), kind: 'add an element' };
    }
  }
  if (roll < 0.55) {
    const at = text.indexOf('<access', Math.floor(random() * text.length));
    if (at > 0) return { change: splice(at, 0, '<!-- iis-auth-disable-next-line --> '), kind: 'add a comment' };
  }
  if (roll < 0.65) {
    const at = text.indexOf('>', Math.floor(random() * text.length));
    if (at > 0) return { change: splice(at, 1, ''), kind: 'break well-formedness' };
  }
  if (roll < 0.82) {
    const at = text.indexOf('</location>', Math.floor(random() * text.length));
    if (at > 0) return { change: splice(at - 5, 30, ''), kind: 'delete across elements' };
  }
  if (roll < 0.86) return { change: splice(valueAt(), 0, '\n'), kind: 'insert a line break' };
  if (roll < 0.9) {
    const at = text.indexOf('/>', valueAt());
    if (at > 0) return random() < 0.7 ? { change: splice(at + 2, 0, '\n        '), kind: 'press Enter after an element' } : { change: splice(at + 2, 1, ''), kind: 'join the next line' };
  }
  const at = Math.floor(random() * text.length);
  return { change: splice(at, random() < 0.5 ? 1 : 0, pick(random, ['<', '"', '&', 'a', '/'])), kind: 'random character' };
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
  /** Edits whose file was read again from the previous one (xml/splice.ts) rather than parsed in full. */
  spliced: number;
}

/**
 * The model as rules see it, with every span: a spliced file must be the file a parse of its text
 * gives, down to the attributes and the sections of each scope.
 */
export function describeModel(file: ConfigFile | undefined): string {
  if (!file) return 'none';
  const lineStarts = Array.from({ length: file.xml.lines.lineCount }, (_, line) => file.xml.lines.lineStartOffset(line));
  const lines: string[] = [`${file.kind} errors=${file.xml.errors.map((e) => e.code).join(',')} line starts=${lineStarts.join(',')}`];
  const stack: Array<{ element: XmlElement; depth: number }> = file.xml.root ? [{ element: file.xml.root, depth: 0 }] : [];
  while (stack.length > 0) {
    const { element, depth } = stack.pop()!;
    const attributes = element.attributes.map((a) => `${a.name}=${a.value}@${a.span.start}-${a.span.end}`).join(' ');
    lines.push(`${' '.repeat(depth)}<${element.name} ${element.span.start}-${element.span.end} content=${element.contentSpan.start}-${element.contentSpan.end} parent=${element.parent?.name ?? ''} ${attributes}`);
    for (let i = element.children.length - 1; i >= 0; i--) stack.push({ element: element.children[i], depth: depth + 1 });
  }
  for (const scope of file.scopes) {
    if (scope.file !== file) lines.push('scope of another file');
    lines.push(`scope ${scope.path} ${scope.location?.span.start ?? ''}: ${scope.sections.map((x) => `${x.path}@${x.element.span.start}${x.scope === scope ? '' : '!'}`).join(' ')}`);
  }
  for (const site of file.sites) {
    lines.push(`site ${site.name} ${site.element.span.start} ${site.applications.map((a) => `${a.path}=${a.physicalPath}`).join(' ')} ${site.bindings.map((b) => `${b.protocol}:${b.bindingInformation}:${b.sslFlags}`).join(' ')}`);
  }
  lines.push(`declarations ${[...file.declarations.keys()].join(' ')}`);
  return lines.join('\n');
}

const WEB_CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.webServer>
    <security>
      <access sslFlags="Ssl, SslNegotiateCert" />
      <authentication>
        <anonymousAuthentication enabled="false" />
      </authentication>
    </security>
  </system.webServer>
</configuration>
`;

export function runIncrementalProperty(options: { seed: number; edits: number; sites: number }): IncrementalPropertyReport {
  const random = prng(options.seed);
  const uri = 'file:///property/config/applicationHost.config';
  const now = new Date('2026-11-23T00:00:00Z');
  const live = createLanguageService({ settings: { now } });
  let text = generateHostConfig(random, options.sites);
  live.workspace.set(uri, text);
  // A web.config the host places in a site (by physicalPath): the host's findings may depend on it, and it on the host.
  const web = { uri: 'file:///property/Sites/Site1/web.config', text: WEB_CONFIG };
  live.workspace.set(web.uri, web.text);
  let broken = live.validate(uri).some((f) => f.code.startsWith('XML-'));
  const history: string[] = [];
  const report: IncrementalPropertyReport = { edits: 0, mismatches: [], incremental: 0, full: 0, spliced: 0 };
  const before = { ...incrementalStats };
  for (let step = 0; step < options.edits; step++) {
    // Now and then two keystrokes arrive before the analysis runs, or something reads the file in between (a hover).
    const keystrokes = random() < 0.15 ? 2 : 1;
    const kinds: string[] = [];
    for (let k = 0; k < keystrokes; k++) {
      const edit = randomEdit(text, random, history, broken);
      kinds.push(edit.kind);
      // As the server passes an editor's change; a repair by undo is a whole new text.
      if (edit.change) live.workspace.setEdited(uri, edit.text, { start: edit.change.at, oldEnd: edit.change.at + edit.change.remove, newEnd: edit.change.at + edit.change.insert.length });
      else live.workspace.set(uri, edit.text);
      text = edit.text;
      if (k + 1 < keystrokes && random() < 0.5) live.workspace.get(uri);
    }
    const kind = kinds.join(' + ');
    const liveFile = live.workspace.get(uri);
    if (liveFile?.splice) report.spliced++;
    const liveFindings = live.validate(uri);
    // A stray character that the well-formed scan refuses (and the parser takes) is a slip the user fixes soon too.
    broken = liveFindings.some((f) => f.code.startsWith('XML-')) || !liveFile?.xml.scanned;
    const incremental = normalized(liveFindings);
    const fresh = createLanguageService({ settings: { now } });
    fresh.workspace.set(uri, text);
    fresh.workspace.set(web.uri, web.text);
    const full = normalized(fresh.validate(uri));
    report.edits++;
    if (incremental.join('\n') !== full.join('\n')) {
      report.mismatches.push({
        step,
        kind,
        onlyIncremental: incremental.filter((f) => !full.includes(f)).slice(0, 3),
        onlyFull: full.filter((f) => !incremental.includes(f)).slice(0, 3),
      });
    }
    const liveModel = describeModel(live.workspace.get(uri)).split('\n');
    const freshModel = describeModel(fresh.workspace.get(uri)).split('\n');
    if (liveModel.join('\n') !== freshModel.join('\n')) {
      const at = liveModel.findIndex((line, i) => line !== freshModel[i]);
      report.mismatches.push({ step, kind: `${kind} (model)`, onlyIncremental: liveModel.slice(at, at + 2), onlyFull: freshModel.slice(at, at + 2) });
    }
  }
  // The fresh services count too: each of them is one full run.
  report.incremental = incrementalStats.incremental - before.incremental;
  report.full = incrementalStats.full - before.full - report.edits;
  return report;
}
