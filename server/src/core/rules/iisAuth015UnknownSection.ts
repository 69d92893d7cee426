import { governingApplicationHost } from '../effective/index';
import { SCHEMA_SECTION_GROUPS, SCHEMA_SECTIONS, findElementSchema } from '../knowledge/schema';
import type { ConfigSection } from '../model/configFile';
import { closestMatch, editDistance } from '../text/closestMatch';
import { AUTHENTICATION_GROUP, declaredSectionPaths, isTransformFile } from './authSections';
import type { Rule, RuleContext } from './rule';

// IIS reads only the sections its applicationHost.config declares; an element under
// <system.webServer> or <system.applicationHost> that no declaration names makes IIS answer every
// request with HTTP 500.19 ("Unrecognized configuration section", 0x8007000d). A misspelt name of a
// known section (<secuirty>, <httpError>) is certainly that. A name close to nothing may belong to a
// module whose schema this extension lacks (iisnode, httpPlatform …): then only the governing
// applicationHost.config can tell, and when the workspace does not hold it the finding is information.
// A known section in the wrong group (<access> directly in <system.webServer>) is named with its place.
// Unknown sections below the authentication group are rule 011's.

const IIS_GROUPS = ['system.webServer', 'system.applicationHost'];

/** Names of known sections and section groups directly inside each group ('' = the root). */
const namesByGroup: Map<string, string[]> = (() => {
  const map = new Map<string, Set<string>>();
  for (const path of [...SCHEMA_SECTIONS, ...SCHEMA_SECTION_GROUPS]) {
    const slash = path.lastIndexOf('/');
    const group = slash < 0 ? '' : path.slice(0, slash);
    const names = map.get(group) ?? new Set<string>();
    names.add(path.slice(slash + 1));
    map.set(group, names);
  }
  return new Map([...map].map(([group, names]) => [group, [...names]]));
})();

export const iisAuth015UnknownSection: Rule = {
  code: 'IIS-AUTH-015',
  title: 'Unrecognized configuration section (500.19)',
  severity: 'error',
  docUrl: 'https://learn.microsoft.com/iis/get-started/planning-your-iis-architecture/introduction-to-applicationhostconfig',
  check(context) {
    if (isTransformFile(context.file)) return;
    let declared: Set<string> | undefined;
    const scopes = context.file.scopes;
    for (let s = 0; s < scopes.length; s++) {
      const sections = scopes[s].sections;
      for (let i = 0; i < sections.length; i++) {
        const section = sections[i];
        if (findElementSchema(section.path) || SCHEMA_SECTION_GROUPS.has(section.path)) continue;
        const inIisGroup = IIS_GROUPS.some((g) => section.path.startsWith(`${g}/`));
        if (section.path.startsWith(`${AUTHENTICATION_GROUP}/`)) continue;
        declared ??= declaredSectionPaths(context.file, context.workspace);
        if (declared.has(section.path.toLowerCase())) continue;
        const suggestion = closeName(section);
        const home = suggestion ? undefined : knownElsewhere(section);
        if (suggestion) reportMisspelt(context, section, suggestion);
        else if (home) reportMisplaced(context, section, home);
        else if (inIisGroup) reportUndeclared(context, section);
      }
    }
  },
};


/** A known section or group name in the same group, close enough to be a typo (root: IIS's own groups only). */
function closeName(section: ConfigSection): string | undefined {
  const slash = section.path.lastIndexOf('/');
  const group = slash < 0 ? '' : section.path.slice(0, slash);
  const name = section.element.name;
  const candidates = group === '' ? IIS_GROUPS : namesByGroup.get(group);
  if (!candidates || (group !== '' && !IIS_GROUPS.some((g) => group === g || group.startsWith(`${g}/`)))) return undefined;
  const suggestion = closestMatch(name, candidates);
  // closestMatch also accepts a unique prefix (`system.web` for `system.webServer`): a section
  // name that is a prefix of a known one is more often a different section than a typo.
  if (!suggestion || editDistance(name, suggestion) > Math.max(1, Math.floor(Math.max(name.length, suggestion.length) / 3))) return undefined;
  return suggestion;
}

/** The full path of a known IIS section of the same name in another group (`<access>` outside `<security>`). */
function knownElsewhere(section: ConfigSection): string | undefined {
  if (!IIS_GROUPS.some((g) => section.path.startsWith(`${g}/`))) return undefined;
  const name = section.element.name;
  const homes = SCHEMA_SECTIONS.filter((p) => p.endsWith(`/${name}`) && IIS_GROUPS.some((g) => p.startsWith(`${g}/`)));
  return homes.length === 1 ? homes[0] : undefined;
}

function reportMisplaced(context: RuleContext, section: ConfigSection, home: string): void {
  const nesting = home.split('/').map((n) => `<${n}>`).join('');
  context.report({
    span: section.element.nameSpan,
    message: `<${section.element.name}> is not a section at this place: IIS knows it as ${nesting} and answers every request with HTTP 500.19 ("Unrecognized configuration section") for this one.`,
    data: { sectionPath: section.path, knownPath: home },
  });
}

function reportMisspelt(context: RuleContext, section: ConfigSection, suggestion: string): void {
  context.report({
    span: section.element.nameSpan,
    message: `<${section.element.name}> is not a configuration section IIS knows: it answers every request with HTTP 500.19 ("Unrecognized configuration section"). Did you mean <${suggestion}>?`,
    data: { suggestion, sectionPath: section.path },
  });
}

function reportUndeclared(context: RuleContext, section: ConfigSection): void {
  const host = governingApplicationHost(context.workspace, context.file);
  const name = section.element.name;
  if (!host) {
    context.report({
      span: section.element.nameSpan,
      severity: 'information',
      message: `<${name}> is not one of IIS's built-in sections. It works only where a module installed on the server declares it (as the iisnode and HttpPlatformHandler modules do); the server's applicationHost.config is not in this workspace, so this cannot be checked. Where nothing declares it, IIS answers with HTTP 500.19.`,
      data: { sectionPath: section.path },
    });
    return;
  }
  context.report({
    span: section.element.nameSpan,
    severity: 'warning',
    message: `<${name}> is not one of IIS's built-in sections and the applicationHost.config governing this file does not declare it: IIS answers every request with HTTP 500.19 ("Unrecognized configuration section") unless the server's own configuration declares it.`,
    related: host.configuration ? [{ file: host, span: host.configuration.nameSpan, message: `applicationHost.config governing this file: no <section name="${name}">` }] : [],
    data: { sectionPath: section.path },
  });
}
