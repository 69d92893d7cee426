import { scopeSectionsIn, type ConfigScope, type ConfigSection } from '../model/configFile';
import { findElementSchema, parseIisBool } from '../knowledge/schema';
import { isBelowSiteLevel, resolveUrlPathOfScope, scopesFor, urlPathKey, type ScopePlacement } from '../effective/index';
import { SECTION } from '../effective/authentication';
import { isTransformFile } from './authSections';
import type { Rule, RuleContext, RuleReport } from './rule';

// The IIS client certificate mapping module reads its section at server and site level only (the
// section's reference page: "can be configured at the server and site level"); set for an
// application or folder, in a `<location path="Site/App">` of applicationHost.config, in a web.config
// `<location>` (always below that web.config's level) or in a web.config the workspace places below
// its site, it is silently ignored. The IIS Support Blog sub-application post: the mappings sat in the sub-application's location, the
// module mapped nobody, anonymous was off there, and every request ended in 401.2.

const MAPPING_ONLY: ReadonlySet<string> = new Set([SECTION.iisMapping]);

export const iisAuth001MappingBelowSiteLevel: Rule = {
  code: 'IIS-AUTH-001',
  title: 'Certificate mappings below site level are ignored',
  severity: 'error',
  docUrl: findElementSchema(SECTION.iisMapping)!.docUrl,
  check(context) {
    const { file, workspace } = context;
    if ((file.kind !== 'applicationHost' && file.kind !== 'web') || isTransformFile(file)) return;
    for (const scope of file.scopes) {
      const sections = scopeSectionsIn(scope, MAPPING_ONLY);
      if (sections.length === 0) continue;
      const placement = resolveUrlPathOfScope(workspace, file, scope);
      if (isBelowSiteLevel(placement, scope) !== true) continue;
      for (const section of sections) report(context, section, scope, placement);
    }
  },
};

function report(context: RuleContext, section: ConfigSection, scope: ConfigScope, placement: ScopePlacement): void {
  const { file, workspace } = context;
  const element = section.element;
  const mappings = ['oneToOneMappings', 'manyToOneMappings'].reduce(
    (count, name) => count + element.elements(name).reduce((n, c) => n + c.elements('add').length, 0),
    0,
  );
  const enabled = element.get('enabled');
  const active = (enabled !== undefined && parseIisBool(enabled) === true) || mappings > 0;
  const where = placement.target.known ? `"${placement.target.path}" (${levelText(placement)} below site "${placement.site}")` : `a <location> of this web.config (below the site level)`;
  const site = placement.target.known ? placement.site : undefined;
  const moveTo = site ? ` Move the section to the site level (<location path="${site}"> in applicationHost.config, or the site's root web.config).` : ' Move the section to the site level (the site\'s <location> in applicationHost.config, or the site\'s root web.config).';

  const what = mappings > 0 ? (mappings === 1 ? 'its mapping is never consulted' : `its ${mappings} mappings are never consulted`) : 'its settings have no effect';
  const consequence = active ? ' Requests there that rely on a mapped certificate get no user and end in 401.2 (logon failed due to server configuration).' : '';
  const related: NonNullable<RuleReport['related']> = [];
  const siteLevel = site ? siteLevelPlace(placement, site, workspace) : undefined;
  if (siteLevel) related.push({ file: siteLevel.file, span: siteLevel.span, message: siteLevel.message });

  context.report({
    span: element.nameSpan,
    severity: active ? 'error' : 'warning',
    message: `IIS reads <iisClientCertificateMappingAuthentication> only at server and site level; set for ${where}, it is ignored and ${what}.${consequence}${moveTo}`,
    related,
    data: {
      sectionPath: SECTION.iisMapping,
      path: placement.target.path,
      pathKnown: placement.target.known,
      sitePath: site,
      locationPath: scope.location ? scope.path : undefined,
      siteLocationExists: siteLevel?.kind === 'location',
      hostUri: placement.target.host?.uri,
      mappings,
    },
  });
}

/**
 * Without the site's `<site>` element (an applicationHost.config excerpt, as in the IIS Support Blog sub-application post) the
 * workspace cannot tell an application from a plain folder; the message must not pretend it can.
 */
function levelText(placement: ScopePlacement): string {
  if (placement.level === 'application') return 'an application';
  return placement.siteInfo ? 'a folder' : 'an application or folder';
}

/** The site-level `<location>` of applicationHost.config (where the section belongs), else the `<site>` element. */
function siteLevelPlace(placement: ScopePlacement, site: string, workspace: RuleContext['workspace']) {
  const host = placement.target.host;
  if (!host) return undefined;
  const siteKey = urlPathKey(site);
  const location = scopesFor(workspace, { host, path: site, known: true }).find(
    (link) => link.origin === 'host' && link.key === siteKey && link.scope.location,
  );
  if (location?.scope.location) {
    return { kind: 'location', file: host, span: location.scope.location.startTagSpan, message: `site-level <location> for "${site}": IIS reads certificate mappings here` };
  }
  if (placement.siteInfo) {
    return { kind: 'site', file: host, span: placement.siteInfo.element.startTagSpan, message: `site "${site}" is declared here; add a <location path="${site}"> for its certificate mappings` };
  }
  return undefined;
}
