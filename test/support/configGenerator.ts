// Seeded generator of IIS configurations for the code action property test: applicationHost.config
// files with sites, applications and locations, web.config files below and at site level, written in
// many styles (CRLF or LF, tabs or spaces, quotes, entities, comments inside sections) and carrying
// the problems the quick fixes repair. The same seed always gives the same files.
import { prng } from './fuzz';
import { certificateBase64, certificateFileText } from './ruleFixtures';

type Random = () => number;

interface Attr {
  name: string;
  /** The decoded value. */
  value: string;
  quote: '"' | "'";
  /** Write characters that need no escaping as entities anyway (`&apos;` inside double quotes). */
  overEscape: boolean;
}

export interface El {
  name: string;
  attrs: Attr[];
  children: Array<El | { comment: string }>;
  /** Children written on the start tag's line. */
  inline?: boolean;
}

export interface Style {
  unit: string;
  eol: '\r\n' | '\n';
  /** `<x />` or `<x/>`. */
  spaceBeforeSlash: boolean;
}

export interface GeneratedCase {
  seed: number;
  /** uri → text */
  files: Record<string, string>;
  /** What the generator chose, for a failure message. */
  shape: string[];
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (random: Random, p: number) => random() < p;

function escapeValue(value: string, quote: '"' | "'", overEscape: boolean): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (overEscape) out = out.replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  return quote === '"' ? out.replace(/"/g, '&quot;') : out.replace(/'/g, '&apos;');
}

function renderAttr(a: Attr): string {
  return ` ${a.name}=${a.quote}${escapeValue(a.value, a.quote, a.overEscape)}${a.quote}`;
}

function renderEl(el: El, style: Style, depth: number, out: string[]): void {
  const indent = style.unit.repeat(depth);
  const open = `<${el.name}${el.attrs.map(renderAttr).join('')}`;
  if (el.children.length === 0) {
    out.push(`${indent}${open}${style.spaceBeforeSlash ? ' ' : ''}/>`);
    return;
  }
  if (el.inline) {
    const inner: string[] = [];
    for (const child of el.children) {
      if ('comment' in child) inner.push(`<!--${child.comment}-->`);
      else {
        const lines: string[] = [];
        renderEl({ ...child, inline: true }, style, 0, lines);
        inner.push(lines.join(''));
      }
    }
    out.push(`${indent}${open}>${inner.join('')}</${el.name}>`);
    return;
  }
  out.push(`${indent}${open}>`);
  for (const child of el.children) {
    if ('comment' in child) out.push(`${style.unit.repeat(depth + 1)}<!--${child.comment}-->`);
    else renderEl(child, style, depth + 1, out);
  }
  out.push(`${indent}</${el.name}>`);
}

export function renderDocument(root: El, style: Style, header: string[] = ['<?xml version="1.0" encoding="UTF-8"?>']): string {
  const out = [...header];
  renderEl(root, style, 0, out);
  return out.join(style.eol) + style.eol;
}

class Builder {
  constructor(private readonly random: Random) {}

  attr(name: string, value: string): Attr {
    const quote = chance(this.random, 0.2) ? "'" : '"';
    return { name, value, quote, overEscape: chance(this.random, 0.15) };
  }

  el(name: string, attrs: Array<[string, string]> = [], children: El['children'] = []): El {
    return { name, attrs: attrs.map(([n, v]) => this.attr(n, v)), children };
  }

  comment(): { comment: string } {
    return { comment: pick(this.random, [' reviewed 2026-11 ', ' R&amp;D team, see ticket #42 ', ' do not remove: "partners" ', ' <add> entries below are managed by hand ']) };
  }
}

const CERTIFICATES = ['client-auth.cer', 'email-only.cer', 'jane-email.cer', 'no-cdp.cer', 'no-eku.cer', 'smartcard-logon.cer', 'expired.cer'];
const USERS = ['SHOP\\dana.ruiz', 'R&D\\lee.chen', 'CONTOSO\\"ops"', "O'Brien\\svc", 'partner<1>'];
const RULE_NAMES = ['Staff', 'R&D "ops"', 'Partners', "Tom's team", 'Auditors'];
const SITES = [
  { name: 'Shop', folder: 'Shop' },
  { name: 'Contoso-Portal', folder: 'ContosoPortal' },
  { name: 'R&D Portal', folder: 'RnD' },
];
const APPS = ['Admin', 'Payroll', 'api'];

/** The entries a mapping section can hold, each with a stable identity so that variants can share them. */
interface EntryPool {
  oneToOne: El[];
  manyToOne: El[];
}

function entryPool(b: Builder, random: Random): EntryPool {
  const certs = [...CERTIFICATES].sort(() => random() - 0.5);
  const oneToOne = certs.slice(0, 4).map((cert, i) =>
    b.el('add', [
      ['userName', USERS[i % USERS.length]],
      ['password', pick(random, ['[enc:IISCngProvider:q8XbVw0mRkC2P1aJ9yTn4LhE:enc]', 'p&ss"w\'rd', 'plain'])],
      ['certificate', certificateBase64(cert)],
    ]),
  );
  const manyToOne = RULE_NAMES.slice(0, 4).map((name, i) =>
    b.el(
      'add',
      [
        ['name', name],
        ['userName', USERS[(i + 2) % USERS.length]],
        ['password', '[enc:IISCngProvider:Zt7pQ1cY3wKf8sNm2RbU5xAo:enc]'],
      ],
      [b.el('rules', [], [b.el('add', [['certificateField', 'Subject'], ['certificateSubField', 'OU'], ['matchCriteria', `${name} & co`]])])],
    ),
  );
  return { oneToOne, manyToOne };
}

function clone(el: El): El {
  return { ...el, attrs: el.attrs.map((a) => ({ ...a })), children: el.children.map((c) => ('comment' in c ? { ...c } : clone(c))) };
}

interface SectionOptions {
  enabled: string;
  oneToOne: El[];
  manyToOne: El[];
  comments: boolean;
  extraAttrs?: Array<[string, string]>;
}

function mappingSection(b: Builder, random: Random, o: SectionOptions): El {
  const children: El['children'] = [];
  if (o.comments) children.push(b.comment());
  if (o.oneToOne.length > 0) {
    const entries: El['children'] = o.oneToOne.map(clone);
    if (o.comments && chance(random, 0.5)) entries.splice(1, 0, b.comment());
    children.push(b.el('oneToOneMappings', [], entries));
  }
  if (o.manyToOne.length > 0) children.push(b.el('manyToOneMappings', [], o.manyToOne.map(clone)));
  if (o.comments && chance(random, 0.3)) children.push(b.comment());
  return b.el('iisClientCertificateMappingAuthentication', [['enabled', o.enabled], ...(o.extraAttrs ?? [])], children);
}

function someOf<T>(random: Random, items: T[], min = 1): T[] {
  const chosen = items.filter(() => chance(random, 0.5));
  return chosen.length >= min ? chosen : items.slice(0, min);
}

function randomStyle(random: Random): Style {
  return {
    unit: pick(random, ['\t', '  ', '    ', '    ', '']),
    eol: chance(random, 0.5) ? '\r\n' : '\n',
    spaceBeforeSlash: chance(random, 0.7),
  };
}

const SSL_FLAGS = ['Ssl, SslNegotiateCert, SslRequireCert', 'Ssl, SslRequireCert', 'None, Ssl', 'Ssl, SslNegociateCert', 'Ssl,SslNegotiateCert,Ssl', 'Ssl', 'SslNegotiateCert', 'Ssl, SslRequireCrt'];

/** A boolean value as written: mostly valid, sometimes a typo IIS rejects, sometimes `yes`. */
function boolText(random: Random, value: boolean): string {
  if (chance(random, 0.15)) return pick(random, value ? ['ture', 'Ture', 'treu', 'yes'] : ['flase', 'Flase', 'fales', 'no']);
  return chance(random, 0.2) ? (value ? 'True' : 'False') : String(value);
}

/** `<location path>` → `system.webServer/security` with `<authentication>` children and `<access>`. */
function securityLocation(b: Builder, random: Random, path: string, auth: El['children'], access?: string, other = false): El {
  const security: El['children'] = [];
  if (auth.length > 0) {
    const authentication = b.el('authentication', [], auth);
    authentication.inline = chance(random, 0.05);
    security.push(authentication);
  }
  if (access !== undefined) security.push(b.el('access', [['sslFlags', access]]));
  const webServer: El['children'] = [];
  if (other) webServer.push(b.el('directoryBrowse', [['enabled', 'false']]));
  if (security.length > 0) webServer.push(b.el('security', [], security));
  return b.el('location', [['path', path]], [b.el('system.webServer', [], webServer)]);
}

function pemOf(cert: string, eol: string): string {
  const pem = certificateFileText(cert.replace(/\.cer$/, '.pem'));
  return pem.trim().replace(/\r?\n/g, eol);
}

/** Quick-fix fodder for a mapping section: a PEM value, a wrapped value, a duplicate entry. */
function damage(random: Random, section: El, shape: string[], eol: string): void {
  const oneToOne = section.children.find((c): c is El => !('comment' in c) && c.name === 'oneToOneMappings');
  const entries = oneToOne?.children.filter((c): c is El => !('comment' in c)) ?? [];
  if (entries.length > 0 && chance(random, 0.25)) {
    const certificate = entries[0].attrs.find((a) => a.name === 'certificate')!;
    if (certificate.value === certificateBase64('client-auth.cer') && chance(random, 0.6)) {
      certificate.value = pemOf('client-auth.cer', eol);
      shape.push('pem certificate');
    } else {
      certificate.value = certificate.value.match(/.{1,64}/g)!.join(eol);
      shape.push('wrapped certificate');
    }
  }
  if (oneToOne && entries.length > 0 && chance(random, 0.2)) {
    oneToOne.children.push(clone(entries[entries.length - 1]));
    shape.push('duplicate one-to-one entry');
  }
  const manyToOne = section.children.find((c): c is El => !('comment' in c) && c.name === 'manyToOneMappings');
  const rules = manyToOne?.children.filter((c): c is El => !('comment' in c)) ?? [];
  if (manyToOne && rules.length > 0 && chance(random, 0.15)) {
    // IIS compares the names without regard to case: "STAFF" repeats "Staff".
    const copy = clone(rules[0]);
    const name = copy.attrs.find((a) => a.name === 'name')!;
    name.value = name.value.toUpperCase();
    manyToOne.children.push(copy);
    shape.push('duplicate many-to-one entry');
  }
}

const HOST_URI = 'file:///srv/iis/inetsrv/config/applicationHost.config';

function hostDocument(b: Builder, random: Random, sites: typeof SITES, apps: string[], locations: El[], declarationMode: 'Allow' | 'Deny' | undefined, serverSection?: El): El {
  const children: El['children'] = [];
  if (declarationMode) {
    children.push(
      b.el('configSections', [], [
        b.el('sectionGroup', [['name', 'system.webServer']], [
          b.el('sectionGroup', [['name', 'security']], [
            b.el('section', [['name', 'access'], ['overrideModeDefault', 'Deny']]),
            b.el('sectionGroup', [['name', 'authentication']], [
              b.el('section', [['name', 'anonymousAuthentication'], ['overrideModeDefault', 'Deny']]),
              b.el('section', [['name', 'clientCertificateMappingAuthentication'], ['overrideModeDefault', 'Deny']]),
              b.el('section', [['name', 'iisClientCertificateMappingAuthentication'], ['overrideModeDefault', declarationMode]]),
            ]),
          ]),
        ]),
      ]),
    );
  }
  children.push(
    b.el('system.applicationHost', [], [
      b.el(
        'sites',
        [],
        sites.map((site, i) =>
          b.el('site', [['name', site.name], ['id', String(i + 1)]], [
            b.el('application', [['path', '/']], [b.el('virtualDirectory', [['path', '/'], ['physicalPath', `%SystemDrive%\\inetpub\\${site.folder}`]])]),
            ...apps.map((app) =>
              b.el('application', [['path', `/${app}`]], [b.el('virtualDirectory', [['path', '/'], ['physicalPath', `%SystemDrive%\\inetpub\\${site.folder}\\${app}`]])]),
            ),
          ]),
        ),
      ),
    ]),
  );
  if (serverSection) children.push(b.el('system.webServer', [], [b.el('security', [], [b.el('authentication', [], [serverSection])])]));
  if (chance(random, 0.3)) children.splice(children.length - 1, 0, b.comment());
  children.push(...locations);
  return b.el('configuration', [], children);
}

type SiteVariant = 'none' | 'anonymous-only' | 'ad-off' | 'identical' | 'overlap' | 'conflict' | 'same-key-different' | 'self-closing' | 'both-modules';

export function generateCase(seed: number): GeneratedCase {
  const random = prng(seed * 2654435761);
  const b = new Builder(random);
  const shape: string[] = [];
  const hostStyle = randomStyle(random);
  shape.push(`host style ${JSON.stringify(hostStyle)}`);
  const sites = someOf(random, SITES).slice(0, 2);
  const apps = someOf(random, APPS).slice(0, 2);
  const site = sites[0];
  const app = apps[0];
  const pool = entryPool(b, random);
  const subOneToOne = chance(random, 0.8) ? someOf(random, pool.oneToOne) : [];
  const subManyToOne = subOneToOne.length === 0 || chance(random, 0.5) ? someOf(random, pool.manyToOne) : [];
  const form = pick(random, ['host', 'host', 'host', 'web', 'web', 'lone-web'] as const);
  shape.push(`form ${form}, site ${site.name}, app ${app}`);

  const subSection = mappingSection(b, random, {
    enabled: boolText(random, true),
    oneToOne: subOneToOne,
    manyToOne: subManyToOne,
    comments: chance(random, 0.6),
    extraAttrs: chance(random, 0.3) ? [['manyToOneCertificateMappingsEnabled', subManyToOne.length > 0 ? 'true' : 'false']] : undefined,
  });
  damage(random, subSection, shape, form === 'host' ? hostStyle.eol : '\n');

  const variant = pick(random, ['none', 'anonymous-only', 'ad-off', 'identical', 'overlap', 'conflict', 'same-key-different', 'self-closing', 'both-modules'] as SiteVariant[]);
  shape.push(`site variant ${variant}`);
  const siteAuth: El[] = [];
  if (variant === 'anonymous-only') siteAuth.push(b.el('anonymousAuthentication', [['enabled', boolText(random, true)]]));
  if (variant === 'ad-off' || variant === 'both-modules') siteAuth.push(b.el('clientCertificateMappingAuthentication', [['enabled', variant === 'ad-off' ? 'false' : 'true']]));
  if (variant === 'identical') siteAuth.push(clone(subSection));
  if (variant === 'overlap' || variant === 'both-modules') {
    const siteSection = mappingSection(b, random, {
      enabled: 'true',
      oneToOne: someOf(random, [...subOneToOne, ...pool.oneToOne.slice(3)], 0),
      manyToOne: someOf(random, [...subManyToOne, ...pool.manyToOne.slice(3)], 0),
      comments: chance(random, 0.5),
    });
    damage(random, siteSection, shape, hostStyle.eol);
    siteAuth.push(siteSection);
  }
  if (variant === 'conflict') {
    siteAuth.push(mappingSection(b, random, { enabled: 'false', oneToOne: subOneToOne.slice(0, 1), manyToOne: [], comments: false, extraAttrs: [['oneToOneCertificateMappingsEnabled', 'true']] }));
  }
  if (variant === 'same-key-different') {
    const changed = (subOneToOne.length > 0 ? subOneToOne : subManyToOne).slice(0, 1).map(clone);
    changed[0].attrs.find((a) => a.name === 'userName')!.value = 'SOMEONE\\else';
    siteAuth.push(mappingSection(b, random, { enabled: 'true', oneToOne: subOneToOne.length > 0 ? changed : [], manyToOne: subOneToOne.length > 0 ? [] : changed, comments: false }));
  }
  if (variant === 'self-closing') siteAuth.push(b.el('iisClientCertificateMappingAuthentication', [['enabled', 'true']]));
  const siteAccess = chance(random, 0.5) ? pick(random, SSL_FLAGS) : undefined;
  const siteLocation = variant === 'none' && !siteAccess ? undefined : securityLocation(b, random, site.name, siteAuth, siteAccess);
  if (siteAccess) shape.push(`site sslFlags "${siteAccess}"`);

  const subAuth: El[] = [];
  if (chance(random, 0.7)) subAuth.push(b.el('anonymousAuthentication', [['enabled', boolText(random, false)]]));
  if (chance(random, 0.15)) subAuth.push(b.el('basicAuthentication', [['enabled', 'false']]));
  const subAccess = chance(random, 0.7) ? pick(random, SSL_FLAGS) : undefined;
  const subOther = chance(random, 0.25);
  shape.push(`sub: ${subAuth.map((e) => e.name).join(', ') || 'no other auth'}, sslFlags ${subAccess ?? '-'}, other section ${subOther}`);

  const serverSection = chance(random, 0.2) ? b.el('clientCertificateMappingAuthentication', [['enabled', 'true']]) : undefined;
  if (serverSection) shape.push('server-level AD mapping enabled');

  const files: Record<string, string> = {};
  if (form === 'host') {
    const position = chance(random, 0.5) ? 0 : subAuth.length;
    const auth: El['children'] = [...subAuth];
    auth.splice(position, 0, subSection);
    if (chance(random, 0.2)) auth.splice(0, 0, b.comment());
    const subLocation = securityLocation(b, random, `${site.name}/${app}`, auth, subAccess, subOther);
    const locations = [subLocation];
    if (siteLocation) locations.splice(chance(random, 0.7) ? 0 : 1, 0, siteLocation);
    files[HOST_URI] = renderDocument(hostDocument(b, random, sites, apps, locations, chance(random, 0.5) ? 'Deny' : undefined, serverSection), hostStyle);
    return { seed, files, shape };
  }

  const webStyle = randomStyle(random);
  shape.push(`web style ${JSON.stringify(webStyle)}`);
  const webAuth = [...subAuth.filter(() => chance(random, 0.3)), subSection];
  const inner = b.el('system.webServer', [], [b.el('security', [], [b.el('authentication', [], webAuth), ...(subAccess && chance(random, 0.3) ? [b.el('access', [['sslFlags', subAccess]])] : [])])]);
  if (form === 'lone-web') {
    // No applicationHost.config: the section sits in a <location> of a web.config, so the site is unknown.
    const web = b.el('configuration', [], [b.el('location', [['path', app]], [inner])]);
    files[`file:///home/dev/${site.folder}/web.config`] = renderDocument(web, webStyle);
    return { seed, files, shape };
  }
  const mode = pick(random, ['Allow', 'Deny', undefined] as const);
  shape.push(`declaration ${mode ?? 'none'}`);
  const locations = siteLocation ? [siteLocation] : [];
  files[HOST_URI] = renderDocument(hostDocument(b, random, sites, apps, locations, mode, serverSection), hostStyle);
  const inLocation = chance(random, 0.25);
  const appWeb = b.el('configuration', [], inLocation ? [b.el('location', [['path', 'reports']], [inner])] : [inner]);
  if (chance(random, 0.3)) appWeb.children.unshift(b.el('appSettings', [], [b.el('add', [['key', 'theme'], ['value', 'R&D "dark"']])]));
  files[`file:///srv/iis/inetpub/${site.folder}/${app}/web.config`] = renderDocument(appWeb, webStyle, chance(random, 0.5) ? ['<?xml version="1.0"?>'] : []);
  if (chance(random, 0.5)) {
    const rootStyle = randomStyle(random);
    const root = b.el('configuration', [], chance(random, 0.5) ? [b.el('appSettings')] : []);
    files[`file:///srv/iis/inetpub/${site.folder}/web.config`] = renderDocument(root, rootStyle);
    shape.push('site root web.config');
  }
  return { seed, files, shape };
}
