import { findElementSchema, parseIisBool } from '../knowledge/schema';
import { configuredTargetsUnder, effectiveSection, isBelowSiteLevel, resolveUrlPathOfScope } from '../effective/index';
import { negotiation, SECTION } from '../effective/authentication';
import type { ConfigScope, ConfigSection } from '../model/configFile';
import { isTransformFile, valueSpan } from './authSections';
import type { Rule, RuleContext, RuleReport } from './rule';

// A certificate mapping module only sees a client certificate the server asked for: IIS requests one
// when `<access sslFlags>` contains SslNegotiateCert, and "without SslNegotiateCert the server never
// asks, whatever SslRequireCert says" (IIS SDK remarks on MD_SSL_ACCESS_PERM; knowledge/sslFlags.ts).
// A mapping enabled at server or site level is fine as long as some path under it asks for a
// certificate (the IIS Support Blog sub-application post's fix: mappings at the site, SslNegotiateCert only on the sub-application), so
// the rule looks at every path below the one where the mapping is enabled. A binding can also ask at
// connection time (`netsh http ... clientcertnegotiation=enable`), which no config file shows; the
// message says so.

export const iisAuth004MappingNeverNegotiated: Rule = {
  code: 'IIS-AUTH-004',
  title: 'Certificate mapping enabled where no client certificate is requested',
  severity: 'warning',
  docUrl: findElementSchema(SECTION.access)!.docUrl,
  check(context) {
    const { file } = context;
    if ((file.kind !== 'applicationHost' && file.kind !== 'web') || isTransformFile(file)) return;
    for (const scope of file.scopes) {
      for (const section of scope.sections) {
        if (section.path !== SECTION.iisMapping && section.path !== SECTION.adMapping) continue;
        const enabled = section.element.attribute('enabled');
        if (!enabled || parseIisBool(enabled.value) !== true) continue;
        checkSection(context, scope, section, enabled);
      }
    }
  },
};

function checkSection(context: RuleContext, scope: ConfigScope, section: ConfigSection, enabled: NonNullable<ReturnType<ConfigSection['element']['attribute']>>): void {
  const { file, workspace } = context;
  const placement = resolveUrlPathOfScope(workspace, file, scope);
  const isIisMapping = section.path === SECTION.iisMapping;
  // Below the site the IIS mapping is ignored altogether (IIS-AUTH-001 says so).
  if (isIisMapping && isBelowSiteLevel(placement, scope) === true) return;
  const target = placement.target;
  const here = effectiveSection(workspace, target, section.path);
  if (parseIisBool(here.attributes.get('enabled')?.value ?? 'false') !== true) return;

  const targets = configuredTargetsUnder(workspace, target);
  for (const t of targets) {
    if (negotiation(effectiveSection(workspace, t, SECTION.access)).negotiates) return;
  }

  const access = negotiation(effectiveSection(workspace, target, SECTION.access));
  const module = isIisMapping ? 'IIS client certificate mapping' : 'Active Directory client certificate mapping';
  const scopeText = target.known ? (target.path ? `"${target.path}"` : 'the whole server') : 'this web.config';
  const below = targets.length > 1 ? ` nor on any of the ${targets.length - 1} configured path${targets.length === 2 ? '' : 's'} below it` : ' nor below it';
  const flags = access.sslFlags && !access.sslFlags.isDefault ? `sslFlags="${access.sslFlags.value}"` : 'sslFlags is None (the default)';
  const knownServer = target.host !== undefined && target.known;
  const caveat = knownServer
    ? ' Unless the HTTPS binding negotiates client certificates at connection time (netsh http clientcertnegotiation=enable), the mapping never runs and requests get no mapped user.'
    : ' Depends on the server: its applicationHost.config is not in this workspace (the setting iisAuth.applicationHostConfig or --host-config can name it); if it sets SslNegotiateCert for this site (IIS Manager\'s SSL Settings write it there), ignore this.';
  const related: NonNullable<RuleReport['related']> = [];
  if (access.sslFlags?.attribute && access.sslFlags.section) {
    related.push({ file: access.sslFlags.section.scope.file, span: valueSpan(access.sslFlags.attribute), message: `sslFlags in effect for ${scopeText}` });
  }
  context.report({
    span: valueSpan(enabled),
    severity: knownServer ? 'warning' : 'information',
    message: `${module} is enabled for ${scopeText}, but IIS never asks for a client certificate there (${flags})${below}: add SslNegotiateCert to <access sslFlags> where the certificate is needed.${caveat}`,
    related,
    data: { sectionPath: section.path, path: target.path, pathKnown: target.known, hostUri: target.host?.uri, configuredPaths: targets.length },
  });
}
