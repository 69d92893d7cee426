import { isSectionUnlockedFor, resolveUrlPathOfScope, type UnlockDecision } from '../effective/index';
import type { ConfigFile, ConfigSection } from '../model/configFile';
import { isTransformFile, valueSpan } from './authSections';
import type { Rule, RuleContext, RuleReport } from './rule';
import { fileNameOf } from '../model/fileRole';
import { displayPath } from '../workspace';

// A section that applicationHost.config locks (declared overrideModeDefault="Deny", or inside a
// <location overrideMode="Deny">) cannot be set in a web.config: IIS answers every request under that
// web.config with HTTP 500.19, HRESULT 0x80070021 "This configuration section cannot be used at this
// path. This happens when the section is locked at a parent level." IIS's default applicationHost.config
// declares `access` and all six authentication sections that way; IIS Manager writes those settings
// to applicationHost.config `<location path="Site">` tags for this reason. Source: "How to Use Locking
// in IIS 7.0 Configuration" (learn.microsoft.com); the message is IIS's own 500.19 text.
// When no applicationHost.config governs the web.config (none in the workspace, none named by
// iisAuth.applicationHostConfig / --host-config), the lock holds only if the server kept IIS's
// defaults, which many servers do not: that is one information finding per file, never an error.

const LOCKING_DOC = 'https://learn.microsoft.com/iis/get-started/planning-for-security/how-to-use-locking-in-iis-configuration';

export const iisAuth002LockedSection: Rule = {
  code: 'IIS-AUTH-002',
  title: 'Section locked at a parent level set in web.config (500.19)',
  severity: 'error',
  docUrl: LOCKING_DOC,
  check(context) {
    const { file, workspace } = context;
    if (file.kind !== 'web' || isTransformFile(file)) return;
    // Locked only if the unseen server kept IIS's defaults: one note for the file, not one per section.
    const dependOnServer: ConfigSection[] = [];
    for (const scope of file.scopes) {
      if (scope.sections.length === 0) continue;
      const placement = resolveUrlPathOfScope(workspace, file, scope);
      for (const section of scope.sections) {
        const decision = isSectionUnlockedFor(workspace, placement.target, section.path, { file, scope });
        if (decision.allowed || decision.decidedBy === 'unknown') continue;
        if (decision.decidedBy === 'iisDefault' && decision.assumedDefaults) dependOnServer.push(section);
        else report(context, section, decision, placement.target.known ? placement.target.path : undefined, placement.site, placement.target.host);
      }
    }
    if (dependOnServer.length > 0) reportDependsOnServer(context, dependOnServer);
  },
};

/** How a finding names the applicationHost.config that governs: its own path when it is the server's file outside the workspace. */
function hostName(context: RuleContext, host: ConfigFile): string {
  if (context.workspace.isServerFile(host.uri)) return `the server's ${displayPath(host.uri)}`;
  // A host file under another name (Http.config, HostableWebCore.config) is named as it is.
  return fileNameOf(host.uri) === 'applicationhost.config' ? 'applicationHost.config' : displayPath(host.uri).split(/[\\/]/).pop()!;
}

function sentenceStart(name: string): string {
  return name.startsWith('the ') ? `T${name.slice(1)}` : name;
}

function reportDependsOnServer(context: RuleContext, sections: ConfigSection[]): void {
  const names = [...new Set(sections.map((s) => `<${s.element.name}>`))];
  const [first, ...others] = sections;
  const them = names.length === 1 ? 'it' : 'them';
  context.report({
    span: first.element.nameSpan,
    severity: 'information',
    message:
      `Depends on the server: no applicationHost.config governs this web.config (none in the workspace, none named in the setting iisAuth.applicationHostConfig or by --host-config). ` +
      `IIS's default applicationHost.config locks ${names.join(', ')} (overrideModeDefault="Deny"); if the server's does too and nothing unlocks ${them} for this site, ` +
      `every request this web.config serves gets HTTP 500.19 (0x80070021, "This configuration section cannot be used at this path"). ` +
      `Point iisAuth.applicationHostConfig at the server's applicationHost.config to check, or unlock ${them} there with <location path="<site>" overrideMode="Allow">.`,
    related: others.map((section) => ({ file: context.file, span: section.element.nameSpan, message: `<${section.element.name}>: locked as well if the server kept IIS's defaults` })),
    data: { sectionPath: first.path, sectionPaths: sections.map((s) => s.path), decidedBy: 'iisDefault', dependsOnServer: true },
  });
}

function report(
  context: RuleContext,
  section: ConfigSection,
  decision: UnlockDecision,
  path: string | undefined,
  site: string | undefined,
  host: ConfigFile | undefined,
): void {
  const name = section.element.name;
  const rejected = `every request${path ? ` under "${path}"` : ' this web.config serves'} gets HTTP 500.19 (0x80070021, "This configuration section cannot be used at this path")`;
  const unlockAt = site ?? path;
  const unlockHint = unlockAt
    ? `Set <${name}> in applicationHost.config (<location path="${unlockAt}">), or unlock it there with <location path="${unlockAt}" overrideMode="Allow">.`
    : `Set <${name}> in applicationHost.config for this site, or unlock it there with a <location path="<site>" overrideMode="Allow">.`;
  const related: NonNullable<RuleReport['related']> = [];
  let cause: string;
  let severity: RuleReport['severity'] = 'error';

  if (decision.decidedBy === 'location') {
    const location = decision.scope!;
    const where = location.file.kind === 'applicationHost' ? hostName(context, location.file) : 'a parent web.config';
    cause = `<${name}> is locked for this path by <location path="${location.path}" ${decision.attribute!.name}="${decision.attribute!.value}"> in ${where}.`;
    related.push({ file: location.file, span: valueSpan(decision.attribute!), message: `<${name}> is locked here for "${location.path || 'the whole server'}" and below` });
  } else if (decision.decidedBy === 'declaration') {
    const declares = `${sentenceStart(hostName(context, decision.file!))} declares`;
    cause = path
      ? `${declares} <${name}> with overrideModeDefault="Deny" and no <location overrideMode="Allow"> unlocks it for "${path}".`
      : `${declares} <${name}> with overrideModeDefault="Deny"; this web.config could not be matched to one of its sites, and nothing unlocks the section for the whole server.`;
    if (!path) severity = 'warning';
    const declaration = decision.declaration!;
    related.push({
      file: decision.file!,
      span: decision.attribute ? valueSpan(decision.attribute) : declaration.element.nameSpan,
      message: `<${name}> is declared locked (overrideModeDefault="Deny") here`,
    });
  } else {
    severity = 'warning';
    cause = decision.assumedDefaults
      ? `No applicationHost.config in this workspace governs this file, and IIS's default one locks <${name}> (overrideModeDefault="Deny"): unless the server's applicationHost.config unlocks it for this path,`
      : `${host && context.workspace.isServerFile(host.uri) ? sentenceStart(hostName(context, host)) + ', which governs this file,' : 'The applicationHost.config that governs this file'} does not declare <${name}>, and IIS's default declaration locks it (overrideModeDefault="Deny"): unless the server's full applicationHost.config unlocks it for this path,`;
    if (!decision.assumedDefaults && host?.configuration) {
      related.push({ file: host, span: host.configuration.nameSpan, message: `applicationHost.config governing this file: it has no <section name="${name}"> declaration` });
    }
  }

  const message =
    decision.decidedBy === 'iisDefault' ? `${cause} ${rejected}. ${unlockHint}` : `${cause} IIS rejects this web.config: ${rejected}. ${unlockHint}`;
  context.report({
    span: section.element.nameSpan,
    severity,
    message,
    related,
    data: {
      sectionPath: section.path,
      path,
      sitePath: site,
      decidedBy: decision.decidedBy,
      lockingLocationPath: decision.decidedBy === 'location' ? decision.scope!.path : undefined,
      hostUri: decision.decidedBy === 'iisDefault' ? undefined : decision.file?.uri,
      unlockPath: unlockAt,
    },
  });
}
