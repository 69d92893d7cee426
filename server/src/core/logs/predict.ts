import { authenticationAt, type AuthenticationAt } from '../effective/authentication';
import { hasApplicationHost, joinUrlPath, scopesFor, urlPathKey, type ChainLink, type EffectiveAttribute, type UrlTarget } from '../effective/index';
import { isKeyPrefix } from '../effective/paths';
import { formatStatus } from '../knowledge/statusCodes';
import type { ConfigFile, SiteInfo } from '../model/configFile';
import type { Finding, Range, Severity } from '../types';
import { validateFile } from '../validation';
import type { Workspace } from '../workspace';
import { describeLogSite, type LogSite } from './logSite';
import type { LogSummary } from './summary';

/**
 * What the configuration predicts for a request that failed at a URL path: the log summary, the log
 * hover and the FREB explanation all ask here. Nothing is re-derived: the answer is the findings the
 * rules already report in the scopes IIS merges for that path (`scopesFor`, the same chain the
 * effective configuration is merged from) whose message names the status the request got, and the
 * effective authentication at the path (`authenticationAt`), which says whether any method can give
 * the request a user and where each setting in force was written.
 */

export interface PredictionQuery {
  site: LogSite;
  /** cs-uri-stem (or a FREB trace's URL path), e.g. `/secure/default.aspx`. */
  path: string;
  status: number;
  subStatus?: number;
  win32?: number;
}

export interface PredictedFinding {
  code: string;
  severity: Severity;
  message: string;
  uri: string;
  range: Range;
  docUrl?: string;
}

/** One setting in force at the path, with where it was written (none: IIS's default). */
export interface EffectiveSetting {
  text: string;
  source?: { uri: string; range: Range };
}

export type PredictionVerdict =
  /** A finding (or the effective configuration) explains the status. */
  | 'predicted'
  /** The configuration serves the path normally for this status: the cause lies elsewhere. */
  | 'normal'
  /** The log's site could not be matched to a `<site>` of the workspace. */
  | 'siteUnknown';

export interface PathPrediction {
  verdict: PredictionVerdict;
  /** `<site name>` and id, and what in the log named it. */
  site?: { name: string; id?: string; matchedBy: LogSite['from'] | 'onlySite' };
  /** The path as `<location path>` writes it, e.g. `Contoso/secure/default.aspx`. */
  urlPath?: string;
  findings: PredictedFinding[];
  effective: EffectiveSetting[];
  /** A certificate failure: which mapping a certificate gets is a question for "Test a certificate…". */
  certificate: boolean;
  /** One or two sentences: what the reader should conclude and do next. */
  advice: string;
}

export type FindingsOf = (uri: string) => Finding[];

const AUTH_STATUSES = new Set([401, 403]);
/** 403 sub-statuses about the client certificate (KB 943891 "HTTP status codes in IIS"). */
const CERTIFICATE_403 = new Set([7, 8, 12, 13, 16, 17, 20]);
const STATUS_IN_TEXT = /\b([1-5]\d\d)\.(\d{1,3})\b/g;
/** IIS cannot read a malformed configuration file and answers 500.19 (0x8007000d) for every path it governs. */
const XML_ERROR_STATUSES = ['500.19'];

export class ConfigurationPredictor {
  private readonly findingsByUri = new Map<string, Finding[]>();
  private readonly memo = new Map<string, PathPrediction>();
  private readonly findingsOf: FindingsOf;

  /** `findingsOf`: the findings of one configuration file, with the user's settings applied; defaults to the rules with no settings. */
  constructor(
    readonly workspace: Workspace,
    findingsOf?: FindingsOf,
  ) {
    this.findingsOf =
      findingsOf ??
      ((uri) => {
        const file = workspace.get(uri);
        return file ? validateFile(file, workspace) : [];
      });
  }

  /** True when the workspace holds an applicationHost.config or a web.config to predict from. */
  get hasConfiguration(): boolean {
    return this.configUris().length > 0;
  }

  predict(query: PredictionQuery): PathPrediction {
    const key = `${query.site.from}\u0000${query.site.siteName ?? ''}\u0000${query.site.port ?? ''}\u0000${query.site.host ?? ''}\u0000${query.path.toLowerCase()}\u0000${query.status}.${query.subStatus ?? ''} ${query.win32 ?? ''}`;
    let prediction = this.memo.get(key);
    if (!prediction) {
      prediction = this.compute(query);
      this.memo.set(key, prediction);
    }
    return prediction;
  }

  private compute(query: PredictionQuery): PathPrediction {
    const label = formatStatus(query.status, query.subStatus);
    const site = this.resolveSite(query.site);
    if (!site.found) {
      // Without the site the path cannot be placed; still name what the configuration predicts this status for somewhere.
      const findings = this.configUris().flatMap((uri) => this.findings(uri).filter((f) => predictsStatus(f, query)));
      const where = findings.length > 0 ? ` Findings that predict ${label} somewhere in the configuration are listed; check whether they are about this path.` : '';
      return {
        verdict: 'siteUnknown',
        findings: findings.map(toPredicted),
        effective: [],
        certificate: isCertificateStatus(query),
        advice: `${site.reason}${where}`,
      };
    }

    const urlPath = joinUrlPath(site.info.name, query.path);
    const target: UrlTarget = { host: site.host, path: urlPath, known: true };
    const chain = scopesFor(this.workspace, target);
    const auth = AUTH_STATUSES.has(query.status) ? authenticationAt(this.workspace, target) : undefined;
    const pathKey = urlPathKey(urlPath);
    const findings: Finding[] = [];
    for (const finding of this.findingsAlong(chain)) {
      if (!predictsStatus(finding, query)) continue;
      if (!this.aboutPath(finding, pathKey, site.host, query, auth)) continue;
      findings.push(finding);
    }
    findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));

    const certificate = isCertificateStatus(query) || (query.status === 401 && auth !== undefined && certificateMappingCanRun(auth));
    const effective = auth ? describeAuthentication(auth) : [];
    const matched = { name: site.info.name, id: site.info.id, matchedBy: site.by };
    const noUser = query.status === 401 && (query.subStatus === 2 || query.subStatus === undefined) && auth !== undefined && !auth.producesUser;
    let verdict: PredictionVerdict = 'normal';
    let advice: string;
    if (findings.length > 0) {
      verdict = 'predicted';
      advice = `The configuration predicts ${label} at ${urlPath}: ${findings.length === 1 ? 'the finding below explains it' : `${findings.length} findings below explain it, the most severe first`}.`;
    } else if (noUser) {
      verdict = 'predicted';
      advice = `No authentication method in effect at ${urlPath} can give a request a user, so IIS ends it with 401.2; the settings in force are listed with where each was written.`;
    } else {
      advice = `The configuration serves ${urlPath} normally for this: no finding in the files IIS merges for it predicts ${label}, so the cause lies elsewhere; work through the ${label} checklist.`;
    }
    if (certificate) {
      advice += ` For a client certificate, "Test a certificate against the mappings…" in the editor with this URL, or \`iis-auth-check simulate --url https://<host>${query.path} --cert <certificate> <config>\`, walks the request step by step and tells which mapping IIS uses, or why none does.`;
    }
    return { verdict, site: matched, urlPath, findings: findings.map(toPredicted), effective, certificate, advice };
  }

  /** The configuration files IIS would load; open logs and traces in the workspace are not parsed for it. */
  private configUris(): string[] {
    return this.workspace.uris().filter((uri) => {
      if (!/\.config$/i.test(uri.replace(/[?#].*$/, ''))) return false;
      const kind = this.workspace.get(uri)?.kind;
      return kind === 'applicationHost' || kind === 'web';
    });
  }

  private findings(uri: string): Finding[] {
    let found = this.findingsByUri.get(uri);
    if (!found) {
      found = this.findingsOf(uri);
      this.findingsByUri.set(uri, found);
    }
    return found;
  }

  /** Findings written inside the scopes of the chain (a `<location>`, or a file's own level outside its locations). */
  private findingsAlong(chain: readonly ChainLink[]): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<Finding>();
    for (const link of chain) {
      const file = link.scope.file;
      for (const finding of this.findings(file.uri)) {
        if (seen.has(finding) || finding.uri !== file.uri) continue;
        if (scopeHolds(file, link.scope.location?.span, finding.range)) {
          seen.add(finding);
          out.push(finding);
        }
      }
    }
    return out;
  }

  /**
   * A finding that names the path it is about (`data.path`, as IIS-AUTH-001/004/005/006 do) counts
   * when that path is this one or above it. A server-level finding that names another site (IIS-AUTH-005
   * lists the sites that inherit the server's settings) counts here only when the effective
   * configuration agrees that this path gets no user.
   */
  private aboutPath(finding: Finding, pathKey: string, host: ConfigFile, query: PredictionQuery, auth: AuthenticationAt | undefined): boolean {
    const data = finding.data;
    if (!data || data.pathKnown !== true || typeof data.path !== 'string') return true;
    if (typeof data.hostUri === 'string' && data.hostUri !== host.uri) return true;
    if (isKeyPrefix(urlPathKey(data.path), pathKey)) return true;
    return query.status === 401 && auth !== undefined && !auth.producesUser;
  }

  private resolveSite(logSite: LogSite): { found: true; host: ConfigFile; info: SiteInfo; by: LogSite['from'] | 'onlySite' } | { found: false; reason: string } {
    if (!hasApplicationHost(this.workspace)) {
      return { found: false, reason: 'The workspace has no applicationHost.config, so the log\'s site and path cannot be matched to the configuration; add the server\'s applicationHost.config (or pass it with --config).' };
    }
    const sites: Array<{ host: ConfigFile; info: SiteInfo }> = [];
    for (const host of this.workspace.applicationHostFiles()) for (const info of host.sites) sites.push({ host, info });
    const described = describeLogSite(logSite);
    let candidates: typeof sites = [];
    if (logSite.siteId !== undefined) candidates = sites.filter((s) => s.info.id === String(logSite.siteId));
    else if (logSite.siteName !== undefined) candidates = sites.filter((s) => s.info.name.toLowerCase() === logSite.siteName!.toLowerCase());
    else if (logSite.from === 'binding') candidates = sitesByBinding(sites, logSite.port, logSite.host);
    else if (sites.length === 1) return { found: true, ...sites[0], by: 'onlySite' };
    if (candidates.length === 1) return { found: true, ...candidates[0], by: logSite.from };
    if (logSite.from === 'none') return { found: false, reason: `The log names no site (no s-sitename, W3SVC<id> folder, s-port or cs-host) and the configuration has ${sites.length} sites.` };
    if (candidates.length > 1) return { found: false, reason: `The log's site (${described}) matches ${candidates.length} sites of the configuration (${candidates.map((c) => c.info.name).join(', ')}).` };
    return { found: false, reason: `No <site> of the configuration matches the log's site (${described}).` };
  }
}

/** Fills in `prediction` for every listed path of every group, and says what the configuration was. */
export function predictSummary(summary: LogSummary, predictor: ConfigurationPredictor, configurationLabel: string): LogSummary {
  for (const group of summary.groups) {
    if (!group.failure) continue;
    for (const path of group.paths) {
      path.prediction = predictor.predict({ site: path.site, path: path.path, status: group.status, subStatus: group.subStatus, win32: group.win32 });
    }
  }
  summary.configuration = configurationLabel;
  return summary;
}

/** Statuses a finding's message says requests will get (`401.2`, `500.19`); a malformed file gives 500.19. */
export function statusesPredictedBy(finding: Pick<Finding, 'code' | 'message'>): string[] {
  if (finding.code.startsWith('XML-')) return XML_ERROR_STATUSES;
  const found = new Set<string>();
  for (const match of finding.message.matchAll(STATUS_IN_TEXT)) found.add(`${match[1]}.${Number(match[2])}`);
  return [...found];
}

function predictsStatus(finding: Finding, query: PredictionQuery): boolean {
  const statuses = statusesPredictedBy(finding);
  if (query.subStatus !== undefined) return statuses.includes(`${query.status}.${query.subStatus}`);
  // The fixed IIS format logs no sub-status: any sub-status of the same status may be the one.
  return statuses.some((s) => s.startsWith(`${query.status}.`));
}

function isCertificateStatus(query: PredictionQuery): boolean {
  return query.status === 403 && query.subStatus !== undefined && CERTIFICATE_403.has(query.subStatus);
}

function certificateMappingCanRun(auth: AuthenticationAt): boolean {
  return auth.certificate.negotiates && (auth.iisMapping.enabled || auth.adMapping.enabled);
}

function scopeHolds(file: ConfigFile, location: { start: number; end: number } | undefined, range: Range): boolean {
  const offset = file.xml.lines.offsetAt(range.start);
  if (location) return offset >= location.start && offset < location.end;
  return !file.scopes.some((scope) => scope.location && offset >= scope.location.span.start && offset < scope.location.span.end);
}

function sitesByBinding<T extends { info: SiteInfo }>(sites: T[], port: number | undefined, host: string | undefined): T[] {
  const exact: T[] = [];
  const anyHost: T[] = [];
  for (const site of sites) {
    let matchedExact = false;
    let matchedAny = false;
    for (const binding of site.info.bindings) {
      if (!/^https?$/i.test(binding.protocol ?? '')) continue;
      // bindingInformation is `ip:port:host` ("*:443:" for every address and host name; IPv6 addresses in brackets).
      const parsed = /^(.*):(\d{1,5}):([^:]*)$/.exec(binding.bindingInformation ?? '');
      if (!parsed) continue;
      if (port !== undefined && Number(parsed[2]) !== port) continue;
      const bindingHost = parsed[3].trim().toLowerCase();
      if (host !== undefined && bindingHost !== '' && bindingHost === host.toLowerCase()) matchedExact = true;
      else if (bindingHost === '' || host === undefined) matchedAny = true;
    }
    if (matchedExact) exact.push(site);
    else if (matchedAny) anyHost.push(site);
  }
  return exact.length > 0 ? exact : anyHost;
}

function describeAuthentication(auth: AuthenticationAt): EffectiveSetting[] {
  const settings: EffectiveSetting[] = [];
  const method = (name: string, state: { enabled: boolean; enabledAttribute?: EffectiveAttribute }) =>
    settings.push(setting(`${name} ${state.enabled ? 'on' : 'off'}`, state.enabledAttribute));
  method('anonymous authentication', auth.anonymous);
  method('Windows authentication', auth.windows);
  method('Basic authentication', auth.basic);
  method('Digest authentication', auth.digest);
  method('Active Directory client certificate mapping', auth.adMapping);
  const iis = auth.iisMapping;
  const usable = iis.enabled ? `, ${iis.usableMappings.length} usable mapping${iis.usableMappings.length === 1 ? '' : 's'} at ${iis.readAt.path || 'server'} level` : '';
  settings.push(setting(`IIS client certificate mapping ${iis.enabled ? 'on' : 'off'}${usable}`, iis.enabledAttribute));
  for (const ignored of iis.ignored) {
    settings.push({ text: 'IIS client certificate mapping set below the site level: ignored', source: { uri: ignored.scope.file.uri, range: ignored.scope.file.xml.lines.rangeOf(ignored.element.nameSpan) } });
  }
  const flags = auth.certificate.sslFlags;
  settings.push(setting(`sslFlags "${flags?.value ?? 'None'}"${auth.certificate.negotiates ? ' (a client certificate is requested)' : ' (no client certificate is requested)'}`, flags));
  return settings;
}

function setting(text: string, attribute: EffectiveAttribute | undefined): EffectiveSetting {
  const section = attribute?.section;
  if (!attribute || attribute.isDefault || !section || !attribute.attribute) return { text: `${text} (IIS default)` };
  const file = section.scope.file;
  return { text, source: { uri: file.uri, range: file.xml.lines.rangeOf(attribute.attribute.span) } };
}

function toPredicted(finding: Finding): PredictedFinding {
  const predicted: PredictedFinding = { code: finding.code, severity: finding.severity, message: finding.message, uri: finding.uri, range: finding.range };
  if (finding.docUrl) predicted.docUrl = finding.docUrl;
  return predicted;
}

function severityRank(severity: Severity): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : severity === 'information' ? 2 : 3;
}
