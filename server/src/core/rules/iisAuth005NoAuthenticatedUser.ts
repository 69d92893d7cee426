import { findElementSchema, parseIisBool } from '../knowledge/schema';
import { configuredTargetsUnder, isSectionUnlockedFor, resolveUrlPathOfScope, scopesFor, TargetSet, urlPathKey, urlPathSegments, type UrlTarget } from '../effective/index';
import { anonymousEnabledAt, authenticationAt, SECTION, type AuthenticationAt } from '../effective/authentication';
import { scopeSectionsIn, type ConfigScope, type ConfigSection } from '../model/configFile';
import type { Span } from '../types';
import { isTransformFile, valueSpan } from './authSections';
import type { Rule, RuleContext, RuleReport } from './rule';

// After the authentication stage IIS needs a user, even the anonymous one; without one the request
// ends in 401.2 "logon failed due to server configuration" (the IIS Support Blog sub-application post's sub-application; the IIS 6.0 "401.1 and 401.2" reference:
// "IIS returns a 401.2 error when no authentication methods are enabled"). A path counts as able to
// produce a user when, in its effective configuration:
// - anonymous, Basic, Digest or Windows authentication is enabled (anonymous is on by default, so a
//   path nobody configured is fine);
// - or a client certificate is requested (SslNegotiateCert) and a certificate mapping can run: the
//   Active Directory mapping enabled, or the IIS mapping enabled *at site or server level* with at
//   least one usable mapping (below the site IIS ignores it).
// The rule only looks at paths this file configures authentication or access for, so each finding
// appears where the decisive setting was written. Without the governing applicationHost.config the
// server may enable a method for the path, so the finding is then only information.

const AUTH_SECTIONS = new Set<string>([
  SECTION.access,
  SECTION.anonymous,
  SECTION.basic,
  SECTION.digest,
  SECTION.windows,
  SECTION.adMapping,
  SECTION.iisMapping,
]);

export const iisAuth005NoAuthenticatedUser: Rule = {
  code: 'IIS-AUTH-005',
  title: 'No authentication method can produce a user (401.2)',
  severity: 'error',
  docUrl: findElementSchema(SECTION.anonymous)!.docUrl,
  check(context) {
    const { file, workspace } = context;
    if ((file.kind !== 'applicationHost' && file.kind !== 'web') || isTransformFile(file)) return;
    const seen = new TargetSet();
    for (const scope of file.scopes) {
      const sections = scopeSectionsIn(scope, AUTH_SECTIONS);
      if (sections.length === 0) continue;
      const placement = resolveUrlPathOfScope(workspace, file, scope);
      if (!seen.add(placement.target)) continue;
      // Anonymous on (IIS's default) settles it; most paths need no other method looked at.
      if (anonymousEnabledAt(workspace, placement.target)) continue;
      if (placement.level === 'server' && placement.target.host) {
        checkServerLevel(context, scope, sections, placement.target);
        continue;
      }
      const state = authenticationAt(workspace, placement.target);
      if (state.producesUser) continue;
      report(context, scope, sections, state, placement.site);
    }
  },
};

/**
 * No request is ever made to the server level itself: requests go to sites, and a site that sets its
 * own authentication answers for itself (its own scope is checked where it is written). So the server
 * level is judged by the sites that only inherit it; the Stack Overflow question 52743395's server turns every method off except
 * the Active Directory mapping, and its one site turns anonymous and Windows back on, which is fine.
 */
function checkServerLevel(context: RuleContext, scope: ConfigScope, sections: readonly ConfigSection[], server: UrlTarget): void {
  const { workspace } = context;
  const siteNames = new Map<string, string>();
  for (const site of server.host!.sites) if (urlPathKey(site.name)) siteNames.set(urlPathKey(site.name), site.name);
  for (const target of configuredTargetsUnder(workspace, server)) {
    const site = urlPathSegments(target.path)[0];
    if (site && !siteNames.has(urlPathKey(site))) siteNames.set(urlPathKey(site), site);
  }

  if (siteNames.size === 0) {
    // An excerpt without sites: whatever site inherits this level is affected, but none is visible.
    const state = authenticationAt(workspace, server);
    if (!state.producesUser) report(context, scope, sections, state, undefined, { severity: 'warning' });
    return;
  }
  const failing: AuthenticationAt[] = [];
  for (const [key, name] of siteNames) {
    const target: UrlTarget = { host: server.host, path: name, known: true };
    const setsItsOwn = scopesFor(workspace, target).some((link) => link.key === key && link.scope.sections.some((s) => AUTH_SECTIONS.has(s.path)));
    if (setsItsOwn) continue;
    const state = authenticationAt(workspace, target);
    if (!state.producesUser) failing.push(state);
  }
  if (failing.length === 0) return;
  const names = failing.map((state) => `"${state.target.path}"`);
  const sites = names.length === 1 ? `site ${names[0]}` : `sites ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
  report(context, scope, sections, failing[0], undefined, { pathText: `${sites}, which inherit${names.length === 1 ? 's' : ''} this server-level configuration,` });
}

function report(
  context: RuleContext,
  scope: ConfigScope,
  sections: readonly ConfigSection[],
  state: AuthenticationAt,
  site: string | undefined,
  override: { pathText?: string; severity?: RuleReport['severity'] } = {},
): void {
  const target = state.target;
  const pathText = override.pathText ?? (target.known ? (target.path ? `"${target.path}"` : 'every site that does not set its own authentication') : 'the paths this web.config serves');
  const reasons: string[] = [];
  const reasonCodes: string[] = [];
  const related: NonNullable<RuleReport['related']> = [];

  reasons.push(describeOff('anonymous authentication', state.anonymous.enabledAttribute, scope));
  reasons.push('Windows, Basic and Digest authentication are off');
  const mapping = state.iisMapping;
  if (mapping.ignored.length > 0) {
    reasons.push(`the IIS client certificate mapping set for this path is ignored because IIS reads it only at site or server level`);
    reasonCodes.push('mappingBelowSite');
    for (const ignored of mapping.ignored) related.push(at(ignored, ignored.element.nameSpan, 'certificate mapping set below the site level: ignored'));
  }
  const mappingOn = mapping.enabled || state.adMapping.enabled;
  if (mappingOn && !state.certificate.negotiates) {
    reasons.push('certificate mapping is on, but no client certificate is requested here (sslFlags lacks SslNegotiateCert)');
    reasonCodes.push('certificateNotNegotiated');
    const flags = state.certificate.sslFlags;
    if (flags?.attribute && flags.section) related.push(at(flags.section, valueSpan(flags.attribute), 'sslFlags in effect here'));
  } else if (mapping.enabled && mapping.usableMappings.length === 0) {
    reasons.push(`IIS client certificate mapping${site ? ` for site "${site}"` : ''} has no usable mappings`);
    reasonCodes.push('noUsableMappings');
    const source = mapping.section.sections[mapping.section.sections.length - 1];
    if (source) related.push(at(source, source.element.nameSpan, 'certificate mapping read for this path: no usable mapping'));
  } else if (!mappingOn && mapping.ignored.length === 0) {
    reasons.push('no certificate mapping is enabled at site or server level');
  }

  const anonymous = state.anonymous.enabledAttribute;
  if (anonymous?.section && anonymous.attribute && anonymous.section.scope !== scope) {
    related.push(at(anonymous.section, valueSpan(anonymous.attribute), `anonymous authentication is turned off here for ${pathText}`));
  }

  const knownServer = target.host !== undefined && target.known;
  const custom = state.customModules;
  let severity: RuleReport['severity'] = override.severity ?? (knownServer ? 'error' : 'information');
  let tail = '';
  if (custom.length > 0 && knownServer && severity === 'error') {
    severity = 'warning';
    tail = ` Unless the custom module ${custom.map((m) => `"${m}"`).join(', ')} sets the user itself.`;
  }
  if (!knownServer) {
    tail += target.host
      ? ' This web.config could not be matched to a site of the workspace\'s applicationHost.config, which may enable a method for it.'
      : ' Depends on the server: its applicationHost.config is not in this workspace (the setting iisAuth.applicationHostConfig or --host-config can name it); if it enables a method for this path (IIS Manager writes Windows authentication there), ignore this.';
  }

  // While a web.config sets a locked section IIS answers 500.19 first (IIS-AUTH-002); the 401.2 comes once it is moved or unlocked.
  const locked = context.file.kind === 'web' && sections.some((section) => {
    const decision = isSectionUnlockedFor(context.workspace, target, section.path, { file: context.file, scope });
    return !decision.allowed && decision.decidedBy !== 'unknown';
  });
  const outcome = locked
    ? 'Once IIS accepts these sections (today they are locked, see IIS-AUTH-002, and requests get 500.19), it ends every request there with 401.2 (logon failed due to server configuration).'
    : 'IIS ends every request there with 401.2 (logon failed due to server configuration).';
  context.report({
    span: anchor(sections),
    severity,
    message: `No authentication method can give requests to ${pathText} a user: ${reasons.join('; ')}. ${outcome}${tail}`,
    related,
    data: { path: target.path, pathKnown: target.known, sitePath: site, hostUri: target.host?.uri, reasons: reasonCodes },
  });
}

function describeOff(name: string, attribute: AuthenticationAt['anonymous']['enabledAttribute'], scope: ConfigScope): string {
  if (attribute?.section?.scope === scope) return `${name} is turned off here`;
  if (attribute?.section) return `${name} is turned off at ${attribute.section.scope.path ? `"${attribute.section.scope.path}"` : 'a parent level'}`;
  return `${name} is off`;
}

/** The decisive setting in this scope: anonymous turned off, else another method turned off, else the first section. */
function anchor(sections: readonly ConfigSection[]): Span {
  const anonymous = sections.find((s) => s.path === SECTION.anonymous)?.element.attribute('enabled');
  if (anonymous && parseIisBool(anonymous.value) === false) return valueSpan(anonymous);
  for (const section of sections) {
    const enabled = section.element.attribute('enabled');
    if (enabled && parseIisBool(enabled.value) === false) return valueSpan(enabled);
  }
  return sections[0].element.nameSpan;
}

function at(section: ConfigSection, span: Span, message: string) {
  return { file: section.scope.file, span, message };
}
