// "What will IIS answer this certificate at this URL, and why": the request walked stage by stage
// as HTTP.sys, SChannel and IIS handle it — site binding, HTTP.sys certificate binding, server
// certificate, configuration read, how the client certificate is asked for, the issuer list and
// trust mode, the client chain, the access check, authentication — each step resting on a file
// and line. Where the snapshot does not show a stage, the step says so and the answer is the best
// case, with what could still go wrong listed as risks.
import { nodeCrypto } from '../certificate/libraries';
import type { CertificateFile } from '../certificate/certificateInput';
import { describeCertificate, type CertificateDescription } from '../certificate/describeCertificate';
import { subFieldValues } from '../certificate/distinguishedName';
import { collectMappingConfiguration, fileName } from '../certificate/mappingConfiguration';
import { matchCertificate } from '../certificate/matchMappings';
import { EKU_ANY_PURPOSE, EKU_CLIENT_AUTH, EKU_SERVER_AUTH } from '../certificate/oidNames';
import { authenticationAt, negotiation, SECTION, type AuthenticationAt } from '../effective/authentication';
import {
  effectiveSection,
  isSectionUnlockedFor,
  joinUrlPath,
  resolveUrlPathOfScope,
  scopesFor,
  urlPathKey,
  type EffectiveAttribute,
  type UrlTarget,
} from '../effective/index';
import { describeRule, effectiveAuthorization, isAllowed } from '../effective/authorization';
import { describeAccessSslFlags } from '../knowledge/sslFlags';
import type { ConfigFile } from '../model/configFile';
import type { Workspace } from '../workspace';
import type { XmlElement } from '../xml/document';
import { buildClientChain, sameCertificate, type ChainElement, type ChainPoolEntry, type ClientChain } from './clientChain';
import { findHttpSysBinding, findServingBinding, httpSysTargetOf, parseRequestUrl, type RequestUrl, type ServingBinding } from './siteBinding';
import { isEmptySnapshot } from '../snapshot/index';
import { simulatorSnapshotOf } from './snapshotAdapter';
import { EMPTY_SNAPSHOT, storeNamed, type HttpSysBindingView, type SimulatorSnapshot, type SnapshotValue, type SourceRef } from './snapshotView';

export type StepOutcome = 'pass' | 'fail' | 'risk' | 'unknown' | 'info';

export interface SimulationStep {
  step: string;
  outcome: StepOutcome;
  detail: string;
  source?: SourceRef;
}

export interface Simulation {
  url: string;
  /** As IIS logs it (`200`, `401.2`, `403.7` …) or `connection reset` when no HTTP response comes. */
  status: string;
  summary: string;
  /** Some stage was not visible: `status` is the best case and `risks` says what could change it. */
  bestCase: boolean;
  risks: string[];
  steps: SimulationStep[];
}

export interface SimulationRequest {
  url: string;
  /** The client's certificate file, read with readCertificateInput; its other certificates are the chain the client sends. */
  certificate: CertificateFile;
  /** Where the certificate file is, for the steps that rest on it. */
  certificateUri: string;
  workspace: Workspace;
  /** The server snapshot; by default the one the workspace holds (its netsh, .reg and store files). */
  snapshot?: SimulatorSnapshot;
  now: Date;
}

export type SimulationResult = { ok: true; simulation: Simulation } | { ok: false; message: string };

// Public sources the details name (title and address).
const TLS13_SOURCE =
  '"Addressing TLS 1.3 Compatibility Issues in IIS Express on Windows 11", https://techcommunity.microsoft.com/t5/iis-support-blog/addressing-tls-1-3-compatibility-issues-in-iis-express-on/ba-p/4449362';
const KB_403_7_TRUST =
  '"HTTP 403.7 error when you access a website that requires client certificates" (KB 2802568), https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/errors-403-7-reject-client-certificate-rquest';
const SCHANNEL_SOURCE = '"TLS registry settings", https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings';
const NETSH_SOURCE = '"Netsh http commands", https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-http';
const MAPPING_LEVEL_SOURCE =
  '"Client Certificate Mapping Authentication <iisClientCertificateMappingAuthentication>", https://learn.microsoft.com/iis/configuration/system.webserver/security/authentication/iisclientcertificatemappingauthentication/';

/** The trusted-issuer list SChannel sends is cut at 16 KB (Windows Server 2008 R2 and later). */
const ISSUER_LIST_LIMIT = 16 * 1024;
const SSL_REQUIRE_CERT = 64;
const BINDING_DISABLE_HTTP2 = 4;
const BINDING_DISABLE_TLS13 = 32;

const TRUST_MODES = ['Machine Trust', 'Exclusive Root Trust', 'Exclusive CA Trust'];

function refAt(file: ConfigFile, offset: number): SourceRef {
  return { uri: file.uri, line: file.xml.lines.positionAt(offset).line + 1 };
}

function refOfElement(file: ConfigFile, element: XmlElement): SourceRef {
  return refAt(file, element.span.start);
}

function refOfAttribute(attribute: EffectiveAttribute | undefined): SourceRef | undefined {
  if (!attribute?.attribute || !attribute.section) return undefined;
  return refAt(attribute.section.scope.file, attribute.attribute.span.start);
}

function where(ref: SourceRef | undefined): string {
  if (!ref) return 'IIS default';
  return `${baseName(ref.uri)}${ref.line ? `:${ref.line}` : ''}`;
}

export function baseName(uri: string): string {
  const last = uri.split(/[\\/]/).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function displayName(description: CertificateDescription): string {
  const cn = subFieldValues(description.subject, 'CN')[0];
  return cn ? `'${cn}'` : description.subject.text || '(empty subject)';
}

function hasEku(description: CertificateDescription, oid: string): boolean {
  const ekus = description.extendedKeyUsages;
  return !ekus || ekus.some((e) => e.oid === oid || e.oid === EKU_ANY_PURPOSE);
}

function valueText<T>(value: SnapshotValue<T> | undefined): string {
  return value ? value.text : 'not printed';
}

class Walk {
  readonly steps: SimulationStep[] = [];
  readonly risks: string[] = [];

  add(step: string, outcome: StepOutcome, detail: string, source?: SourceRef): void {
    this.steps.push({ step, outcome, detail, source });
  }

  risk(text: string): void {
    if (!this.risks.includes(text)) this.risks.push(text);
  }

  finish(url: string, status: string, summary: string): Simulation {
    const bestCase = this.risks.length > 0;
    this.add('Result', status === '200' ? (bestCase ? 'risk' : 'pass') : 'fail', bestCase ? `${summary} This is the best case: ${this.risks.length} risk(s) below.` : summary);
    return { url, status, summary, bestCase, risks: this.risks, steps: this.steps };
  }
}

export function simulateRequest(request: SimulationRequest): SimulationResult {
  const url = parseRequestUrl(request.url);
  if (typeof url === 'string') return { ok: false, message: url };
  try {
    return { ok: true, simulation: walkRequest(request, url) };
  } catch (error) {
    return { ok: false, message: `The simulation stopped on unexpected input: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function walkRequest(request: SimulationRequest, url: RequestUrl): Simulation {
  const { workspace, now } = request;
  const snapshot = request.snapshot ?? workspaceSnapshot(workspace);
  const walk = new Walk();
  const leaf = request.certificate.leaf;
  const leafDescription = describeCertificate(leaf, now);
  const certificateRef: SourceRef = { uri: request.certificateUri };
  walk.add(
    'Client certificate',
    'info',
    `${leafDescription.subject.text}, issued by ${leafDescription.issuer.text}; ${leafDescription.validity.text}; SHA-1 ${leafDescription.thumbprintSha1}.` +
      (request.certificate.notes.length > 0 ? ` ${request.certificate.notes.join(' ')}` : ''),
    certificateRef,
  );

  // 1. Which site binding serves the URL.
  const hosts = workspace.files().filter((f) => f.kind === 'applicationHost' && f.configuration);
  let serving: ServingBinding | undefined;
  let target: UrlTarget;
  let siteName: string | undefined;
  let root: { file: ConfigFile; folder: string } | undefined;
  if (hosts.length === 0) {
    root = rootWebConfig(workspace);
    walk.add('Site binding', 'unknown', 'No applicationHost.config in the workspace: which site serves the URL, and its bindings, are not known; IIS defaults stand in for the server level.');
    walk.risk('Site binding: no applicationHost.config in the workspace, so the site, its https binding and the server-level settings are assumed.');
    if (root) {
      target = { host: undefined, path: [root.folder, ...url.segments].join('/'), known: false };
      walk.add('Application', 'info', `${fileName(root.file)} at the top of the workspace is read as the site's root web.config; the URL path /${url.segments.join('/')} as folders below it.`, { uri: root.file.uri, line: 1 });
    } else {
      target = { host: undefined, path: joinUrlPath(...url.segments), known: true };
    }
  } else {
    const lookup = findServingBinding(url, hosts);
    if (!lookup.found) {
      if (!lookup.listening) {
        walk.add('Site binding', 'fail', `No site has an https binding on port ${url.port} (${lookup.httpsBindings} https binding(s) in the workspace): nothing listens, the connection is refused.`, { uri: hosts[0].uri, line: 1 });
        return walk.finish(url.text, 'connection reset', `No https binding on port ${url.port}: the client gets no HTTP response.`);
      }
      walk.add('Site binding', 'fail', `https bindings listen on port ${url.port}, but none serves host name '${url.host}': HTTP.sys answers 400 (Bad Request - Invalid Hostname) without reaching IIS.`, { uri: hosts[0].uri, line: 1 });
      return walk.finish(url.text, '400', `No site binding serves ${url.host}:${url.port}.`);
    }
    serving = lookup.serving;
    siteName = serving.site.name;
    const info = serving.binding.bindingInformation ?? '';
    walk.add(
      'Site binding',
      'pass',
      `Site '${serving.site.name}'${serving.site.id ? ` (id ${serving.site.id})` : ''}: <binding protocol="https" bindingInformation="${info}"${serving.binding.sslFlags !== undefined ? ` sslFlags="${serving.binding.sslFlags}"` : ''}>.` +
        (serving.assumptions.length > 0 ? ` ${serving.assumptions.join(' ')}` : '') +
        (lookup.others > 0 ? ` ${lookup.others} less specific binding(s) would also match.` : ''),
      refOfElement(serving.file, serving.binding.element),
    );
    target = { host: serving.file, path: joinUrlPath(serving.site.name, ...url.segments), known: true };
    const application = applicationOf(serving, url);
    if (application) {
      walk.add('Application', 'info', `URL path /${url.segments.join('/')} is in application '${application.path}' of site '${serving.site.name}' (configuration path '${target.path}').`, refOfElement(serving.file, application.element));
    }
  }

  // 2. The HTTP.sys certificate binding and the server certificate: the TLS handshake.
  const httpSys = httpSysStep(walk, snapshot, serving, url);
  if (httpSys === 'reset') return walk.finish(url.text, 'connection reset', 'The TLS handshake fails: the client gets no HTTP response.');
  const binding = httpSys;
  if (serverCertificateStep(walk, snapshot, binding, url, now) === 'reset') {
    return walk.finish(url.text, 'connection reset', 'HTTP.sys cannot load the server certificate: the TLS handshake fails.');
  }

  // 3. IIS reads the configuration for the URL.
  const configurationError = configurationStep(walk, workspace, target);
  if (configurationError) return walk.finish(url.text, '500.19', configurationError);

  // 4. The access check's sslFlags at the URL decide whether a certificate is asked for.
  const access = effectiveSection(workspace, target, SECTION.access);
  const cert = negotiation(access);
  const sslFlagsRef = refOfAttribute(cert.sslFlags);
  const meaning = describeAccessSslFlags(cert.mask);
  const written = cert.sslFlags && !cert.sslFlags.isDefault ? `sslFlags="${cert.sslFlags.value}"` : 'sslFlags="None" (IIS default)';
  walk.add('Access (sslFlags)', 'info', `${written} in effect at '${target.path || '/'}': ${meaning.summary}`, sslFlagsRef);
  const requires = (cert.mask & SSL_REQUIRE_CERT) !== 0;

  // 5. Whether and how the certificate is asked for.
  const asked = certificateRequestStep(walk, snapshot, binding, serving, cert.negotiates, sslFlagsRef);
  if (asked === 'reset') {
    return walk.finish(
      url.text,
      'connection reset',
      'The certificate is asked for by renegotiation, which TLS 1.3 does not have: Windows 11 and Windows Server 2022 reset the connection (Windows 11 24H2 and Windows Server 2025 answer 500.0 with 0x80070032 instead).',
    );
  }

  // 6. Issuer list, trust mode and the client's chain, when a certificate is asked for.
  let arrives: { ok: boolean; why: string; source?: SourceRef } = { ok: false, why: 'IIS does not ask for a client certificate at this URL (sslFlags without SslNegotiateCert), so the client sends none', source: sslFlagsRef };
  if (asked) {
    const chainOutcome = clientCertificateSteps(walk, request, snapshot, binding, leafDescription, certificateRef);
    if (chainOutcome.status) return walk.finish(url.text, chainOutcome.status, chainOutcome.summary);
    arrives = chainOutcome.arrives;
  }

  // 7. IIS's access check.
  if (requires) {
    if (!arrives.ok) {
      walk.add('Access check', 'fail', `sslFlags requires a client certificate and none arrives: ${arrives.why}.`, arrives.source ?? sslFlagsRef);
      return walk.finish(url.text, '403.7', `403.7 Client certificate required: ${arrives.why}.`);
    }
    walk.add('Access check', 'pass', 'sslFlags requires a client certificate, and the client sends one IIS accepts.', sslFlagsRef);
  } else {
    walk.add('Access check', 'pass', arrives.ok ? 'A client certificate is optional here (no SslRequireCert); the client sends one.' : `No client certificate is required here; ${arrives.why}.`, sslFlagsRef);
  }

  // 8. Authentication.
  return authenticationSteps(walk, request, target, siteName, serving, binding, arrives.ok, url, root?.file);
}

function workspaceSnapshot(workspace: Workspace): SimulatorSnapshot {
  const held = workspace.snapshot();
  return isEmptySnapshot(held) ? EMPTY_SNAPSHOT : simulatorSnapshotOf(held);
}

/** With no applicationHost.config: the web.config nearest the workspace root, as the site's root. */
function rootWebConfig(workspace: Workspace): { file: ConfigFile; folder: string } | undefined {
  let best: { file: ConfigFile; folder: string } | undefined;
  for (const file of workspace.files()) {
    if (file.kind !== 'web' || !file.configuration) continue;
    const placement = resolveUrlPathOfScope(workspace, file, file.scopes[0]);
    if (placement.target.known) continue;
    const folder = placement.target.path;
    if (!best || folder.split('/').length < best.folder.split('/').length) best = { file, folder };
  }
  return best;
}

function applicationOf(serving: ServingBinding, url: RequestUrl) {
  const path = `/${url.segments.join('/')}`.toLowerCase();
  const apps = [...serving.site.applications].sort((a, b) => b.path.length - a.path.length);
  return apps.find((a) => {
    const p = a.path.toLowerCase().replace(/\/+$/, '') || '/';
    return p === '/' || path === p || path.startsWith(`${p}/`);
  });
}

function httpSysStep(walk: Walk, snapshot: SimulatorSnapshot, serving: ServingBinding | undefined, url: RequestUrl): HttpSysBindingView | undefined | 'reset' {
  if (!snapshot.httpSys) {
    walk.add('HTTP.sys binding', 'unknown', 'HTTP.sys binding: not in the snapshot (save `netsh http show sslcert` beside the configuration). Its server certificate, client-certificate negotiation, revocation checking, CTL store and DS mapper settings are assumed to be the defaults that let the request through.');
    walk.risk('HTTP.sys binding: not in the snapshot, so whether a certificate is bound, how the client certificate is negotiated and whether revocation is checked are not known.');
    return undefined;
  }
  const dump = snapshot.httpSys.sources[0];
  if (!serving) {
    walk.add('HTTP.sys binding', 'unknown', `${snapshot.httpSys.bindings.length} HTTP.sys binding(s) in the snapshot, but without the site binding the one that serves ${url.host}:${url.port} cannot be chosen.`, dump);
    walk.risk('HTTP.sys binding: the site binding is not known, so the HTTP.sys binding is not chosen.');
    return undefined;
  }
  const wanted = httpSysTargetOf(serving, url);
  const binding = findHttpSysBinding(snapshot.httpSys, wanted);
  const label = wanted.kind === 'ccs' ? `Central Certificate Store entry for port ${wanted.endpoint}` : wanted.kind === 'hostnameport' ? `Hostname:port ${wanted.endpoint}` : `IP:port ${wanted.endpoint}`;
  if (!binding) {
    walk.add('HTTP.sys binding', 'fail', `No ${label} in the HTTP.sys bindings (${wanted.why}): HTTP.sys has no server certificate for the handshake and resets the connection. Add it with netsh http add sslcert (${NETSH_SOURCE}).`, dump);
    return 'reset';
  }
  const fields = [
    `Certificate Hash ${valueText(binding.certificateHash)}`,
    `Negotiate Client Certificate ${valueText(binding.negotiateClientCertificate)}`,
    `Verify Client Certificate Revocation ${valueText(binding.verifyClientCertificateRevocation)}`,
    `Ctl Store Name ${valueText(binding.ctlStoreName)}`,
    `DS Mapper Usage ${valueText(binding.dsMapperUsage)}`,
  ];
  walk.add('HTTP.sys binding', 'pass', `${label} (${wanted.why}): ${fields.join('; ')}.`, binding.source);
  return binding;
}

function serverCertificateStep(walk: Walk, snapshot: SimulatorSnapshot, binding: HttpSysBindingView | undefined, url: RequestUrl, now: Date): 'reset' | undefined {
  if (binding?.kind === 'ccs') {
    walk.add('Server certificate', 'unknown', `The Central Certificate Store entry takes the certificate named ${url.host}.pfx from the store's share, which the snapshot does not hold: its validity and names are not checked.`, binding.source);
    walk.risk(`Server certificate: the Central Certificate Store must hold ${url.host}.pfx (the handshake fails otherwise).`);
    return undefined;
  }
  if (!binding?.certificateHash) return undefined;
  const hash = binding.certificateHash.value.replace(/[^0-9a-f]/gi, '').toUpperCase();
  const storeName = binding.certificateStoreName?.value || 'My';
  const store = storeNamed(snapshot, storeName);
  if (!store) {
    walk.add('Server certificate', 'unknown', `Certificate ${hash} in store ${storeName}: not in the snapshot (no certificates/${storeName}/ folder), so its validity and host names are not checked.`, binding.certificateHash.source);
    walk.risk(`Server certificate: store ${storeName} is not in the snapshot.`);
    return undefined;
  }
  const found = store.certificates.find((c) => nodeCrypto().createHash('sha1').update(c.certificate.der).digest('hex').toUpperCase() === hash);
  if (!found) {
    walk.add('Server certificate', 'fail', `The binding's Certificate Hash ${hash} is not among the ${store.certificates.length} certificate(s) of store ${storeName}: HTTP.sys cannot load it and the handshake fails.`, binding.certificateHash.source);
    return 'reset';
  }
  const description = describeCertificate(found.certificate, now);
  const problems: string[] = [];
  if (description.validity.state !== 'valid') problems.push(`it is ${description.validity.text}`);
  if (!hasEku(description, EKU_SERVER_AUTH)) problems.push('it lacks the Server Authentication EKU');
  if (!namesHost(description, url.host)) problems.push(`it does not name ${url.host}`);
  if (problems.length > 0) {
    walk.add('Server certificate', 'risk', `${displayName(description)} (${hash}): ${problems.join('; ')}. Browsers warn or refuse before any request reaches IIS.`, found.source);
    walk.risk(`Server certificate: ${problems.join('; ')}.`);
  } else {
    walk.add('Server certificate', 'pass', `${displayName(description)} (${hash}), ${description.validity.text}, names ${url.host}.`, found.source);
  }
  return undefined;
}

function namesHost(description: CertificateDescription, host: string): boolean {
  const names = description.subjectAltNames.filter((n) => n.startsWith('DNS Name=')).map((n) => n.slice('DNS Name='.length).toLowerCase());
  if (names.length === 0) names.push(...subFieldValues(description.subject, 'CN').map((n) => n.toLowerCase()));
  return names.some((name) => name === host || (name.startsWith('*.') && host.endsWith(name.slice(1)) && !host.slice(0, -name.length + 1).includes('.')));
}

/** The first configuration problem IIS stops at with 500.19, if any. */
function configurationStep(walk: Walk, workspace: Workspace, target: UrlTarget): string | undefined {
  const chain = scopesFor(workspace, target);
  const files = [...new Set(chain.map((link) => link.scope.file))];
  for (const file of files) {
    const error = file.xml.errors.find((e) => e.code !== 'XML-DOCTYPE');
    if (error) {
      const ref = refAt(file, error.span.start);
      walk.add('Configuration', 'fail', `${fileName(file)} cannot be read: ${error.message} IIS answers 500.19 (0x8007000d) for every URL it configures.`, ref);
      return `500.19 Configuration data is invalid: ${fileName(file)}:${ref.line} is malformed.`;
    }
  }
  const securitySections = [SECTION.access, SECTION.anonymous, SECTION.basic, SECTION.digest, SECTION.windows, SECTION.adMapping, SECTION.iisMapping];
  for (const link of chain) {
    if (link.origin !== 'web') continue;
    for (const section of link.scope.sections) {
      if (!securitySections.includes(section.path as (typeof securitySections)[number])) continue;
      const decision = isSectionUnlockedFor(workspace, target, section.path, { file: link.scope.file, scope: link.scope });
      if (decision.allowed) continue;
      const ref = refOfElement(link.scope.file, section.element);
      if (decision.assumedDefaults) {
        // Only IIS's default lock says so: the server's own applicationHost.config may unlock it.
        walk.add('Configuration', 'risk', `${section.path} is set in ${fileName(link.scope.file)}, which IIS locks by default; no applicationHost.config in the workspace says whether the server unlocks it (500.19 with 0x80070021 if not).`, ref);
        walk.risk(`Configuration: ${section.path} in ${fileName(link.scope.file)} gives 500.19 unless the server's applicationHost.config unlocks it.`);
        continue;
      }
      const decidedAt = decision.attribute && decision.file ? ` (locked at ${where(refAt(decision.file, decision.attribute.span.start))})` : '';
      walk.add('Configuration', 'fail', `${section.path} is set in ${fileName(link.scope.file)} but locked${decidedAt}: IIS answers 500.19 with 0x80070021.`, ref);
      return `500.19 Configuration data is invalid: ${section.path} is locked at this level (0x80070021).`;
    }
  }
  if (walk.steps.some((s) => s.step === 'Configuration')) return undefined;
  walk.add('Configuration', 'pass', `${files.length} configuration file(s) apply to '${target.path || '/'}', readable, no locked section set below its lock.`, files[0] ? { uri: files[0].uri, line: 1 } : undefined);
  return undefined;
}

/** true: a certificate is asked for and can be sent; false: none is asked for; 'reset': the request dies. */
function certificateRequestStep(
  walk: Walk,
  snapshot: SimulatorSnapshot,
  binding: HttpSysBindingView | undefined,
  serving: ServingBinding | undefined,
  negotiates: boolean,
  sslFlagsRef: SourceRef | undefined,
): boolean | 'reset' {
  const atConnection = binding?.negotiateClientCertificate?.value === true;
  if (atConnection) {
    walk.add('Certificate request', 'pass', 'HTTP.sys asks for the client certificate in the TLS handshake (Negotiate Client Certificate: Enabled): no renegotiation, so TLS 1.3 and HTTP/2 are fine.', binding!.negotiateClientCertificate!.source);
    return true;
  }
  if (!negotiates) {
    walk.add('Certificate request', 'info', 'Nobody asks for a client certificate: sslFlags has no SslNegotiateCert here and the HTTP.sys binding does not negotiate one at connection time.', sslFlagsRef);
    return false;
  }
  // IIS asks after the handshake: TLS 1.2 renegotiation, which TLS 1.3 removed and HTTP/2 forbids.
  const tls13Off = tls13Switch(snapshot, binding, serving);
  const http2Off = (serving && serving.sslFlags & BINDING_DISABLE_HTTP2) || binding?.disableHttp2?.value === true;
  if (tls13Off) {
    walk.add('Certificate request', 'pass', `IIS asks for the certificate by TLS renegotiation after the request arrives; TLS 1.3 is off (${tls13Off.why}), so TLS 1.2 renegotiation is possible.`, tls13Off.source);
    if (!http2Off) walk.risk('HTTP/2 forbids renegotiation: a client that negotiated HTTP/2 must fall back to HTTP/1.1 for the certificate request; turn HTTP/2 off on the binding (binding sslFlags 4, or netsh disablehttp2) if such clients fail.');
    return true;
  }
  const fixes = `Fix: negotiate at connection time (netsh http update sslcert … clientcertnegotiation=enable), or turn TLS 1.3 over TCP off for the binding (binding sslFlags 32) (${TLS13_SOURCE}).`;
  if (!binding) {
    walk.add('Certificate request', 'risk', `IIS asks for the certificate by renegotiation unless the HTTP.sys binding negotiates at connection time, which the snapshot does not show. With TLS 1.3 (Windows 11, Windows Server 2022 and later) there is no renegotiation: the connection is reset (500.0 with 0x80070032 on Windows 11 24H2 and Windows Server 2025). ${fixes}`, sslFlagsRef);
    walk.risk('Renegotiation: if the HTTP.sys binding does not negotiate the client certificate at connection time and TLS 1.3 is on, the connection is reset.');
    return true;
  }
  walk.add(
    'Certificate request',
    'fail',
    `The HTTP.sys binding does not negotiate at connection time (Negotiate Client Certificate: ${valueText(binding.negotiateClientCertificate)}), so IIS asks for the certificate by renegotiation; TLS 1.3 is not turned off (binding sslFlags, netsh Disable TLS1.3, SCHANNEL TLS 1.3 Server). TLS 1.3 has no renegotiation: Windows 11 and Windows Server 2022 reset the connection, Windows 11 24H2 and Windows Server 2025 answer 500.0 with 0x80070032. On Windows Server 2019 and older (no TLS 1.3) renegotiation works. ${fixes}`,
    binding.negotiateClientCertificate?.source ?? binding.source,
  );
  return 'reset';
}

function tls13Switch(snapshot: SimulatorSnapshot, binding: HttpSysBindingView | undefined, serving: ServingBinding | undefined): { why: string; source?: SourceRef } | undefined {
  if (serving && serving.sslFlags & BINDING_DISABLE_TLS13) {
    return { why: `binding sslFlags="${serving.binding.sslFlags}" has bit 32, Disable TLS 1.3 over TCP`, source: refOfElement(serving.file, serving.binding.element) };
  }
  if (binding?.disableTls13?.value === true) return { why: `netsh Disable TLS1.3: ${binding.disableTls13.text}`, source: binding.disableTls13.source };
  const registry = snapshot.schannel?.tls13ServerEnabled;
  if (registry && registry.value === false) return { why: `SCHANNEL Protocols\\TLS 1.3\\Server ${registry.text}`, source: registry.source };
  return undefined;
}

interface ChainOutcome {
  status?: string;
  summary: string;
  arrives: { ok: boolean; why: string; source?: SourceRef };
}

function clientCertificateSteps(
  walk: Walk,
  request: SimulationRequest,
  snapshot: SimulatorSnapshot,
  binding: HttpSysBindingView | undefined,
  leafDescription: CertificateDescription,
  certificateRef: SourceRef,
): ChainOutcome {
  const { now } = request;
  const leaf = request.certificate.leaf;

  // The chain as the server builds it: what the client sends plus the machine's stores.
  const pool: ChainPoolEntry[] = request.certificate.certificates.filter((c) => c !== leaf).map((certificate) => ({ certificate, source: certificateRef }));
  const ctlStoreName = binding?.ctlStoreName?.value;
  for (const name of ['CA', 'Root', 'ClientAuthIssuer', ...(ctlStoreName ? [ctlStoreName] : [])]) {
    const store = storeNamed(snapshot, name);
    if (store) pool.push(...store.certificates.map((c) => ({ ...c, store: store.name })));
  }
  const chain = buildClientChain({ certificate: leaf, description: leafDescription, source: certificateRef }, pool, now);
  const cas = chain.elements.slice(1);

  // SCHANNEL: trust mode and issuer list.
  const schannel = snapshot.schannel;
  const trustMode = schannel?.clientAuthTrustMode?.value ?? 0;
  const sendList = schannel?.sendTrustedIssuerList?.value === 1;
  if (!schannel) {
    walk.add('Issuer list and trust mode', 'unknown', `SCHANNEL settings: not in the snapshot (reg export of HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL). Assumed the defaults of Windows Server 2012 and later: SendTrustedIssuerList 0 (no issuer list sent), ClientAuthTrustMode 0 (Machine Trust) (${SCHANNEL_SOURCE}).`);
    walk.risk('SCHANNEL settings: not in the snapshot; ClientAuthTrustMode and SendTrustedIssuerList are assumed to be the defaults.');
  } else {
    const modeText = `ClientAuthTrustMode ${trustMode} (${TRUST_MODES[trustMode] ?? 'unknown mode'})`;
    const modeRef = schannel.clientAuthTrustMode?.source ?? schannel.source;
    if (trustMode === 1 || trustMode === 2) {
      if (binding && binding.ctlStoreName && binding.ctlStoreName.value === undefined) {
        walk.add(
          'Issuer list and trust mode',
          'fail',
          `${modeText} trusts only the issuers in the binding's CTL store, but its Ctl Store Name is (null) — IIS Manager drops it when the server certificate is renewed — so no client certificate is trusted. Restore it: netsh http update sslcert … sslctlstorename=<store> (${KB_403_7_TRUST}).`,
          binding.ctlStoreName.source,
        );
        return { status: '403.7', summary: `403.7: ${modeText} with no CTL store on the HTTP.sys binding.`, arrives: { ok: false, why: 'no CTL store' } };
      }
      if (!binding) {
        walk.add('Issuer list and trust mode', 'risk', `${modeText} needs the HTTP.sys binding's Ctl Store Name, which the snapshot does not show; without it every client certificate is refused with 403.7 (${KB_403_7_TRUST}).`, modeRef);
        walk.risk(`Trust mode: ${modeText} needs a Ctl Store Name on the HTTP.sys binding; a (null) one gives 403.7.`);
      }
    }
    const listStore = ctlStoreName ? storeNamed(snapshot, ctlStoreName) : nonEmpty(storeNamed(snapshot, 'ClientAuthIssuer')) ?? storeNamed(snapshot, 'Root');
    const listName = ctlStoreName ?? (nonEmpty(storeNamed(snapshot, 'ClientAuthIssuer')) ? 'ClientAuthIssuer' : 'Root');
    if (sendList) {
      const listRef = schannel.sendTrustedIssuerList!.source;
      if (!listStore) {
        walk.add('Issuer list and trust mode', 'unknown', `${modeText}; SendTrustedIssuerList 1: the server sends the subjects of store ${listName}, which is not in the snapshot, as the issuers it accepts.`, listRef);
        walk.risk(`Issuer list: store ${listName} is not in the snapshot; a client whose issuers are not in it offers no certificate (403.7).`);
      } else {
        const size = listStore.certificates.reduce((sum, c) => sum + c.certificate.cert.subject.toSchema().toBER(false).byteLength + 2, 0);
        if (size > ISSUER_LIST_LIMIT) {
          walk.add('Issuer list and trust mode', 'fail', `SendTrustedIssuerList 1 with ${listStore.certificates.length} issuers in ${listName} (${size} bytes): the list exceeds 16 KB and is truncated (SChannel event 36885); clients then offer no certificate. Set SendTrustedIssuerList to 0 or trim the store (${SCHANNEL_SOURCE}).`, listRef);
          return { status: undefined, summary: '', arrives: { ok: false, why: `the trusted-issuer list of ${listName} is over 16 KB and truncated, so the browser offers no certificate`, source: listRef } };
        }
        const listed = new Set(listStore.certificates.map((c) => c.certificate.cert.subject.toString()));
        const issuerListed = [leaf, ...cas.map((c) => c.certificate)].some((c) => listed.has(c.cert.issuer.toString()));
        if (!issuerListed) {
          walk.add('Issuer list and trust mode', 'fail', `SendTrustedIssuerList 1: the server lists the ${listStore.certificates.length} subject(s) of store ${listName}; none issued this certificate or its CAs, so the browser does not offer it.`, listRef);
          return { status: undefined, summary: '', arrives: { ok: false, why: `no issuer of the certificate is in the trusted-issuer list the server sends (store ${listName})`, source: listRef } };
        }
        walk.add('Issuer list and trust mode', 'pass', `${modeText}; SendTrustedIssuerList 1: the list from ${listName} (${size} bytes, under 16 KB) names the certificate's issuer.`, listRef);
      }
    } else {
      walk.add('Issuer list and trust mode', 'pass', `${modeText}; SendTrustedIssuerList ${schannel.sendTrustedIssuerList?.value ?? '0 (default)'}: no issuer list is sent, the browser offers all its client certificates.`, modeRef);
    }
  }

  // The browser offers only certificates fit for client authentication.
  if (!hasEku(leafDescription, EKU_CLIENT_AUTH)) {
    const names = leafDescription.extendedKeyUsages?.map((e) => e.name).join(', ') || 'none';
    walk.add('Client certificate offered', 'fail', `Its extended key usages (${names}) lack Client Authentication (1.3.6.1.5.5.7.3.2): the browser does not offer it.`, certificateRef);
    return { summary: '', arrives: { ok: false, why: 'the certificate has no Client Authentication EKU, so the browser does not offer it', source: certificateRef } };
  }
  walk.add('Client certificate offered', 'pass', 'It has the Client Authentication EKU (or no EKU restriction): the browser offers it when asked.', certificateRef);

  // Trust: where the chain ends, and the trust mode's store.
  const trust = trustStep(walk, snapshot, chain, trustMode, ctlStoreName, sendList, schannel?.clientAuthTrustMode?.source, now);
  if (trust) return trust;

  // Validity of every element.
  const invalid = chain.elements.find((e) => e.description.validity.state !== 'valid');
  if (invalid) {
    const state = `${invalid.description.validity.state === 'expired' ? '' : 'is '}${invalid.description.validity.text}`;
    walk.add('Chain validity', 'fail', `${invalid === chain.elements[0] ? 'The client certificate' : `CA ${displayName(invalid.description)}`} ${state}.`, invalid.source);
    return { status: '403.17', summary: `403.17 Client certificate expired or not yet valid: ${displayName(invalid.description)} ${state}.`, arrives: { ok: false, why: 'expired' } };
  }
  walk.add('Chain validity', 'pass', `All ${chain.elements.length} certificate(s) of the chain are within their validity period.`, certificateRef);

  // Revocation: checked for every element below the root.
  const revocation = revocationStep(walk, binding, chain);
  if (revocation) return revocation;
  return { summary: '', arrives: { ok: true, why: 'the client sends it' } };
}

function nonEmpty<T extends { certificates: unknown[] }>(store: T | undefined): T | undefined {
  return store && store.certificates.length > 0 ? store : undefined;
}

function trustStep(
  walk: Walk,
  snapshot: SimulatorSnapshot,
  chain: ClientChain,
  trustMode: number,
  ctlStoreName: string | undefined,
  sendList: boolean,
  modeRef: SourceRef | undefined,
  now: Date,
): ChainOutcome | undefined {
  const names = chain.elements.map((e) => displayName(e.description)).join(' → ');
  const root = chain.endsAtRoot ? chain.elements[chain.elements.length - 1] : undefined;
  const rootStore = storeNamed(snapshot, 'Root');
  const untrusted = (detail: string, source: SourceRef | undefined): ChainOutcome => {
    walk.add('Chain trust', 'fail', detail, source);
    return { status: '403.16', summary: `403.16 Client certificate untrusted or invalid: ${detail}`, arrives: { ok: false, why: 'untrusted' } };
  };
  if (!root) {
    const missing = chain.missingIssuer;
    const hint = missing && missing.caIssuers.length > 0 ? ` Its Authority Information Access names ${missing.caIssuers.join(', ')} (not fetched).` : '';
    const absent = ['CA', 'Root'].filter((name) => !storeNamed(snapshot, name));
    if (absent.length > 0) {
      const stores = `store${absent.length > 1 ? 's' : ''} ${absent.join(' and ')}`;
      walk.add('Chain trust', 'unknown', `Chain ${names}: the issuer ${missing?.name ?? ''} is not among the certificates given; ${stores}: not in the snapshot.${hint}`, chain.elements[chain.elements.length - 1].source);
      walk.risk(`Chain trust: ${stores} not in the snapshot; the server needs the issuer ${missing?.name ?? ''} there (403.16 otherwise).`);
      return undefined;
    }
    const elsewhere = missing && missing.sameNameElsewhere.length > 0 ? `a certificate of that name is in ${missing.sameNameElsewhere.join(' and ')}, but its key did not sign this chain (another CA of the same name)` : `it is in none of the server's stores`;
    return untrusted(`Chain ${names} stops at the issuer ${missing?.name ?? ''}: ${elsewhere}.${hint}`, chain.elements[chain.elements.length - 1].source);
  }
  if (trustMode === 0) {
    if (!rootStore) {
      walk.add('Chain trust', 'unknown', `Chain ${names} ends at a self-signed root; trusted roots: not in the snapshot (no certificates/Root/ folder).`, root.source);
      walk.risk(`Chain trust: whether the server trusts root ${displayName(root.description)} is not in the snapshot (403.16 if not).`);
      return undefined;
    }
    if (!rootStore.certificates.some((c) => sameCertificate(c.certificate, root.certificate))) {
      return untrusted(`Chain ${names} ends at root ${displayName(root.description)}, which is not in the server's Trusted Root store (certificates/Root/).`, root.source);
    }
    const notSelfSigned = rootStore.certificates.filter((c) => !c.certificate.cert.subject.isEqual(c.certificate.cert.issuer));
    if (notSelfSigned.length > 0) {
      const first = describeCertificate(notSelfSigned[0].certificate, now);
      const detail = `The Trusted Root store holds ${notSelfSigned.length} certificate(s) that are not self-signed (${displayName(first)} first): IIS 8 and later then refuse client certificates (${KB_403_7_TRUST}).`;
      if (sendList) {
        walk.add('Chain trust', 'fail', detail, notSelfSigned[0].source);
        return { summary: '', arrives: { ok: false, why: 'the Trusted Root store holds certificates that are not self-signed, and with the issuer list sent the browser offers nothing', source: notSelfSigned[0].source } };
      }
      return untrusted(detail, notSelfSigned[0].source);
    }
    walk.add('Chain trust', 'pass', `Chain ${names} ends at root ${displayName(root.description)}, which is in the Trusted Root store.`, rootStore.certificates.find((c) => sameCertificate(c.certificate, root.certificate))!.source);
    return undefined;
  }
  // Exclusive Root Trust (1) and Exclusive CA Trust (2) look only at the binding's CTL store.
  const ctl = ctlStoreName ? storeNamed(snapshot, ctlStoreName) : undefined;
  const modeText = `ClientAuthTrustMode ${trustMode} (${TRUST_MODES[trustMode]})`;
  if (!ctl) {
    walk.add('Chain trust', 'unknown', `Chain ${names}: ${modeText} trusts the CTL store ${ctlStoreName ?? '(unknown)'}, which is not in the snapshot.`, modeRef);
    walk.risk(`Chain trust: CTL store ${ctlStoreName ?? ''} is not in the snapshot; ${trustMode === 1 ? 'the root' : 'the issuing CA'} must be in it (403.16 otherwise).`);
    return undefined;
  }
  const inCtl = (element: ChainElement) => ctl.certificates.some((c) => sameCertificate(c.certificate, element.certificate));
  const ok = trustMode === 1 ? inCtl(root) : chain.elements.slice(1).some(inCtl);
  if (!ok) {
    const what = trustMode === 1 ? `its root ${displayName(root.description)}` : `none of its CAs`;
    const detail = `${modeText}: the CTL store ${ctl.name} does not hold ${what} (chain ${names}) (${KB_403_7_TRUST}).`;
    if (sendList) {
      walk.add('Chain trust', 'fail', `${detail} With the issuer list sent, the browser offers nothing.`, ctl.source);
      return { summary: '', arrives: { ok: false, why: `the CTL store ${ctl.name} does not hold the certificate's ${trustMode === 1 ? 'root' : 'issuing CA'}`, source: ctl.source } };
    }
    return untrusted(detail, ctl.source);
  }
  walk.add('Chain trust', 'pass', `Chain ${names}; ${modeText}: the CTL store ${ctl.name} holds ${trustMode === 1 ? 'its root' : 'one of its CAs'}.`, ctl.source);
  return undefined;
}

function revocationStep(walk: Walk, binding: HttpSysBindingView | undefined, chain: ClientChain): ChainOutcome | undefined {
  const verify = binding?.verifyClientCertificateRevocation;
  if (verify && verify.value === false) {
    walk.add('Revocation', 'pass', `Verify Client Certificate Revocation: ${verify.text}: HTTP.sys does not check revocation.`, verify.source);
    return undefined;
  }
  const belowRoot = chain.elements.filter((e, i) => !(chain.endsAtRoot && i === chain.elements.length - 1));
  if (belowRoot.length === 0) {
    // A self-signed certificate trusted as a root: Windows checks the revocation of every chain
    // element except the root, so there is nothing to check and no CRL to reach.
    walk.add('Revocation', 'pass', `${displayName(chain.elements[0].description)} is itself a root: Windows does not check the revocation of a trusted root.`, verify?.source ?? chain.elements[0].source);
    return undefined;
  }
  const how = verify ? `Verify Client Certificate Revocation: ${verify.text}` : 'revocation is checked (HTTP.sys default; the binding is not in the snapshot)';
  const noCdp = belowRoot.find((e) => e.description.crlDistributionPoints.length === 0 && e.description.ocsp.length === 0);
  if (noCdp) {
    walk.add('Revocation', 'fail', `${how}, but ${displayName(noCdp.description)} names no CRL distribution point and no OCSP responder: its revocation cannot be checked.`, noCdp.source);
    return { status: '403.13', summary: `403.13 Client certificate revoked (revocation status unknown): ${displayName(noCdp.description)} has no CRL distribution point.`, arrives: { ok: false, why: 'revocation' } };
  }
  const ldapOnly = belowRoot.filter((e) => e.description.crlDistributionPoints.length > 0 && e.description.ocsp.length === 0 && e.description.crlDistributionPoints.every((u) => /^ldap:/i.test(u)));
  if (ldapOnly.length > 0) {
    const first = ldapOnly[0];
    walk.add('Revocation', 'risk', `${how}; ${ldapOnly.map((e) => displayName(e.description)).join(', ')} publish(es) the CRL only over LDAP (${first.description.crlDistributionPoints[0]}): a server outside the domain, or without access to the directory, cannot fetch it and IIS answers 403.13.`, first.source);
    walk.risk(`Revocation: the CRL of ${displayName(first.description)} is only on LDAP; if the server cannot reach it, 403.13.`);
    return undefined;
  }
  const urls = [...new Set(belowRoot.flatMap((e) => e.description.crlDistributionPoints))];
  walk.add('Revocation', 'pass', `${how}; every certificate below the root names an HTTP CRL distribution point or OCSP responder${urls.length > 0 ? ` (${urls.join(', ')})` : ''}; that the server can reach them is not checked here.`, verify?.source ?? belowRoot[0].source);
  return undefined;
}

function authenticationSteps(
  walk: Walk,
  request: SimulationRequest,
  target: UrlTarget,
  siteName: string | undefined,
  serving: ServingBinding | undefined,
  binding: HttpSysBindingView | undefined,
  certificateArrives: boolean,
  url: RequestUrl,
  rootWeb: ConfigFile | undefined,
): Simulation {
  const { workspace, now } = request;
  const auth = authenticationAt(workspace, target);
  let user: string | undefined;
  let status: string | undefined;
  let statusSummary = '';

  // Client certificate mapping (IIS): read at site level only.
  const iis = auth.iisMapping;
  for (const ignored of iis.ignored) {
    walk.add(
      'Certificate mapping level',
      'info',
      `The iisClientCertificateMappingAuthentication in ${fileName(ignored.scope.file)}${ignored.scope.path ? ` (<location path="${ignored.scope.path}">)` : ''} is below site level and ignored: IIS reads the mappings at server and site level only (${MAPPING_LEVEL_SOURCE}).`,
      refOfElement(ignored.scope.file, ignored.element),
    );
  }
  const enabledRef = refOfAttribute(iis.enabledAttribute);
  if (!iis.enabled) {
    walk.add('IIS certificate mapping', 'info', `iisClientCertificateMappingAuthentication is off at ${iis.readAt.path || 'server level'} (enabled ${iis.enabledAttribute?.value ?? 'false'}${iis.enabledAttribute?.isDefault !== false ? ', IIS default' : ''}).`, enabledRef);
  } else if (!certificateArrives) {
    walk.add('IIS certificate mapping', 'info', 'iisClientCertificateMappingAuthentication is on, but no client certificate arrives to map.', enabledRef);
  } else {
    const files = mappingFiles(workspace, serving?.file, siteName, rootWeb);
    const collected = collectMappingConfiguration(files, siteName ?? '');
    if (collected.ok) {
      const report = matchCertificate(request.certificate.leaf, collected.configuration, now);
      const source = report.mapping?.location ?? report.closest?.location;
      const ref = source ? { uri: source.uri, line: source.range.start.line + 1 } : enabledRef;
      if (report.outcome === 'mapped') {
        if (report.mapping?.userName) {
          user = report.mapping.userName;
          walk.add('IIS certificate mapping', 'pass', `${report.summary} (The mapping's password is not checked here; a wrong or expired one gives 401.1.)`, ref);
        } else {
          walk.add('IIS certificate mapping', 'fail', report.summary, ref);
          status = '401.1';
          statusSummary = '401.1 Logon failed: the mapping that matches has no userName.';
        }
      } else {
        walk.add('IIS certificate mapping', 'fail', report.summary, ref);
      }
    }
  }

  // Client certificate mapping (Active Directory): HTTP.sys's DS mapper does it.
  const ad = auth.adMapping;
  if (ad.enabled && !user && !status) {
    const adRef = refOfAttribute(ad.enabledAttribute);
    if (!certificateArrives) {
      walk.add('Active Directory certificate mapping', 'info', 'clientCertificateMappingAuthentication is on, but no client certificate arrives to map.', adRef);
    } else if (binding?.dsMapperUsage?.value === false) {
      walk.add('Active Directory certificate mapping', 'fail', `clientCertificateMappingAuthentication is on, but the HTTP.sys binding has DS Mapper Usage: ${binding.dsMapperUsage.text}: no mapping happens (netsh http update sslcert … dsmapperusage=enable).`, binding.dsMapperUsage.source);
    } else {
      user = AD_ACCOUNT;
      const why = binding?.dsMapperUsage ? `DS Mapper Usage: ${binding.dsMapperUsage.text}` : 'the HTTP.sys binding is not in the snapshot';
      walk.add('Active Directory certificate mapping', 'risk', `clientCertificateMappingAuthentication is on (${why}): the certificate logs on if Active Directory maps it to an account, which the workspace cannot show.`, binding?.dsMapperUsage?.source ?? adRef);
      walk.risk('Active Directory mapping: the certificate must map to an enabled account in Active Directory (not visible here); otherwise 401.2.');
    }
  }

  if (!status && !user) {
    const result = otherMethods(walk, auth);
    if (result.user) user = result.user;
    else {
      status = '401.2';
      statusSummary = `401.2 Logon failed due to server configuration: ${result.why}`;
    }
  }

  if (status) return walk.finish(url.text, status, statusSummary);
  const account: Account = user === ANONYMOUS ? { kind: 'anonymous' } : user === AD_ACCOUNT ? { kind: 'unknown' } : { kind: 'named', name: user! };
  const refused = authorizationStep(walk, workspace, target, account);
  if (refused) return walk.finish(url.text, refused.status, refused.summary);
  const summary = `200: the request reaches the content as ${user}. NTFS permissions are not simulated.`;
  return walk.finish(url.text, '200', summary);
}

const ANONYMOUS = 'the anonymous user';
const AD_ACCOUNT = 'the Active Directory account the certificate maps to';
const URL_AUTHORIZATION_SOURCE = '"Understanding IIS URL Authorization", https://learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization';

type Account = { kind: 'anonymous' } | { kind: 'named'; name: string } | { kind: 'unknown' };

/** IIS URL Authorization for the user authentication produced; a refusal's status, if any. */
function authorizationStep(walk: Walk, workspace: Workspace, target: UrlTarget, account: Account): { status: string; summary: string } | undefined {
  const authorization = effectiveAuthorization(workspace, target);
  if (!authorization.configured) {
    walk.add('URL authorization', 'info', 'No authorization rules apply to this path: IIS\'s default rule allows everyone.');
    return undefined;
  }
  const name = account.kind === 'named' ? account.name : undefined;
  // An account whose name the workspace cannot know matches only rules for everyone.
  const decision = isAllowed(authorization, account.kind === 'unknown' ? '\u0000' : name, [], 'GET');
  const ref = decision.rule?.element && decision.rule.section ? refOfElement(decision.rule.section.scope.file, decision.rule.element) : undefined;
  const who = account.kind === 'anonymous' ? 'the anonymous user' : account.kind === 'named' ? `'${account.name}'` : 'the mapped account';
  if (decision.allowed) {
    walk.add('URL authorization', 'pass', `${describeRule(decision.rule!)} allows ${who} (GET).`, ref);
    return undefined;
  }
  const roleRules = authorization.rules.filter((r) => r.accessType === 'Allow' && r.roles.length > 0);
  if (account.kind !== 'anonymous' && (roleRules.length > 0 || account.kind === 'unknown')) {
    const roles = [...new Set(roleRules.flatMap((r) => r.roles))];
    walk.add('URL authorization', 'risk', `No rule names ${who}${roles.length > 0 ? `; it is allowed only if it is in role ${roles.join(' or ')}, which the workspace cannot show` : ''} (${URL_AUTHORIZATION_SOURCE}).`, ref ?? refOfElement(authorization.section.sections[0].scope.file, authorization.section.sections[0].element));
    walk.risk(`URL authorization: ${who} must be allowed by name or role; refused otherwise (401).`);
    return undefined;
  }
  const status = account.kind === 'anonymous' ? '401.2' : '401';
  const rule = decision.rule ? `${describeRule(decision.rule)} refuses ${who}` : `no rule allows ${who}`;
  walk.add('URL authorization', 'fail', `${rule} (GET): IIS answers ${status} (${URL_AUTHORIZATION_SOURCE}).`, ref ?? refOfElement(authorization.section.sections[0].scope.file, authorization.section.sections[0].element));
  return { status, summary: `${status}: URL authorization refuses ${who}.` };
}

/** applicationHost.config (server and site level) and the web.config at the site's root, where IIS reads mappings. */
function mappingFiles(workspace: Workspace, host: ConfigFile | undefined, siteName: string | undefined, rootWeb: ConfigFile | undefined): ConfigFile[] {
  if (!host) return rootWeb ? [rootWeb] : [];
  const files: ConfigFile[] = [host];
  for (const file of workspace.files()) {
    if (file.kind !== 'web' || !file.configuration || !siteName) continue;
    const placement = resolveUrlPathOfScope(workspace, file, file.scopes[0]);
    if (placement.target.known && urlPathKey(placement.target.path) === urlPathKey(siteName)) files.push(file);
  }
  return files;
}

function otherMethods(walk: Walk, auth: AuthenticationAt): { user?: string; why: string } {
  if (auth.anonymous.enabled) {
    walk.add('Anonymous authentication', 'pass', 'anonymousAuthentication is on: the request runs as the anonymous user (IUSR or the application pool identity); the certificate logs nobody on.', refOfAttribute(auth.anonymous.enabledAttribute));
    return { user: ANONYMOUS, why: '' };
  }
  walk.add('Anonymous authentication', 'info', `anonymousAuthentication is off (enabled="${auth.anonymous.enabledAttribute?.value ?? 'false'}").`, refOfAttribute(auth.anonymous.enabledAttribute));
  const challenges = [
    ['Windows', auth.windows],
    ['Basic', auth.basic],
    ['Digest', auth.digest],
  ] as const;
  const on = challenges.filter(([, state]) => state.enabled);
  if (on.length > 0) {
    walk.add(
      'Other authentication',
      'info',
      `${on.map(([name]) => name).join(', ')} authentication ${on.length === 1 ? 'is' : 'are'} on: IIS answers 401.2 with a challenge (WWW-Authenticate); a client that then sends a user name and password, or Windows credentials, gets in — the certificate plays no part.`,
      refOfAttribute(on[0][1].enabledAttribute),
    );
    return { why: `no certificate mapping logs the user on; ${on.map(([name]) => name).join(', ')} authentication challenge(s) the client for credentials instead.` };
  }
  walk.add('Other authentication', 'fail', 'No other authentication method is on (Windows, Basic, Digest are off).');
  return { why: 'no authentication method gives the request a user.' };
}
