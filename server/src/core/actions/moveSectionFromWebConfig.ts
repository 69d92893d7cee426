// The IIS Support Blog sub-application post's fix when the mappings sit in a web.config below the site: one WorkspaceEdit that takes
// the section out of the web.config and puts it at site level, in the governing applicationHost.config
// (`<location path="Site">`) or in the site's root web.config when the section is unlocked there.
// With neither in the workspace, the section is copied to the clipboard with instructions rather than
// written into a file the workspace cannot show to be the right one.
import {
  governingApplicationHost,
  isSectionUnlockedFor,
  resolveUrlPathOfScope,
  urlPathKey,
  type ScopePlacement,
} from '../effective/index';
import type { ConfigFile, ConfigScope } from '../model/configFile';
import type { Finding } from '../types';
import type { Workspace } from '../workspace';
import type { XmlElement } from '../xml/document';
import { COPY_SECTION_COMMAND, type ActionProvider, type CodeAction } from './codeAction';
import { blockFromSource, renderBlock, textStyleOf } from './edits';
import { elementNamedAt } from './locate';
import { dataSpansOf } from './mergeElements';
import { MAPPING_SECTION_NAME, MAPPING_SECTION_PATH } from './moveMappingsToSite';
import { sectionMoveActions } from './sectionMove';

export interface CopySectionArguments {
  /** The section's XML, re-indented to start at column 0. */
  xml: string;
  /** Where to paste it and what to do with the original, in one or two sentences. */
  instructions: string;
}

function scopeOf(file: ConfigFile, element: XmlElement): ConfigScope | undefined {
  return file.scopes.find((scope) => scope.sections.some((s) => s.element === element));
}

/** The web.config placed at the site's own level (its root folder), when the workspace has it. */
export function siteRootWebConfig(workspace: Workspace, host: ConfigFile | undefined, site: string): ConfigFile | undefined {
  const key = urlPathKey(site);
  return workspace.files().find((candidate) => {
    if (candidate.kind !== 'web' || !candidate.configuration) return false;
    const placement = resolveUrlPathOfScope(workspace, candidate, candidate.scopes[0]);
    return placement.target.known && placement.target.host === host && urlPathKey(placement.target.path) === key;
  });
}

export const moveSectionFromWebConfig: ActionProvider = ({ workspace, file, finding }) => {
  if (file.kind !== 'web') return [];
  const section = elementNamedAt(file, finding.range, MAPPING_SECTION_NAME);
  return section ? moveWebConfigMappingSection(workspace, file, section, finding) : [];
};

/** The moves (or the clipboard fallback) for one mapping section set in a web.config below its site. */
export function moveWebConfigMappingSection(workspace: Workspace, file: ConfigFile, section: XmlElement, finding: Finding): CodeAction[] {
  const scope = scopeOf(file, section);
  if (!scope) return [];
  const placement = resolveUrlPathOfScope(workspace, file, scope);
  const site = placement.target.known ? placement.site : undefined;
  const actions: CodeAction[] = [];
  if (site) {
    const host = placement.target.host ?? governingApplicationHost(workspace, file);
    if (host) actions.push(...moveActions(file, section, host, site, site, `<location path="${site}"> of applicationHost.config`, finding, true));
    const rootWeb = siteRootWebConfig(workspace, host, site);
    if (rootWeb && (rootWeb !== file || scope.location)) {
      const unlocked = isSectionUnlockedFor(workspace, { host, path: site, known: true }, MAPPING_SECTION_PATH, { file: rootWeb, scope: rootWeb.scopes[0] });
      if (unlocked.allowed) {
        actions.push(...moveActions(file, section, rootWeb, undefined, site, "the site's root web.config", finding, !host, rootWeb === file ? scope.location : undefined));
      }
    }
  }
  if (actions.length === 0) actions.push(copyAction(file, section, placement, finding));
  return actions;
}

function moveActions(
  file: ConfigFile,
  section: XmlElement,
  target: ConfigFile,
  path: string | undefined,
  site: string,
  where: string,
  finding: Finding,
  preferable: boolean,
  before?: XmlElement,
): CodeAction[] {
  return sectionMoveActions({
    source: file,
    section,
    sectionPath: MAPPING_SECTION_PATH,
    target,
    path,
    before,
    title: `Move the certificate mappings to site "${site}" (${where})`,
    targetOwner: "the site's",
    finding,
    preferable,
  });
}

function copyAction(file: ConfigFile, section: XmlElement, placement: ScopePlacement, finding: Finding): CodeAction {
  const style = textStyleOf(file.xml);
  const xml = renderBlock(blockFromSource(file.xml, [section.span], style.unit, style.unit, dataSpansOf(section)), '', style.eol);
  const site = placement.site;
  const where = site
    ? `applicationHost.config inside <location path="${site}"> → <system.webServer> → <security> → <authentication>, or into the root web.config of site "${site}" if the section is unlocked for it`
    : "applicationHost.config inside the site's <location path=\"…\"> → <system.webServer> → <security> → <authentication> (the workspace does not show which site this web.config belongs to)";
  const args: CopySectionArguments = {
    xml,
    instructions: `Copied <${MAPPING_SECTION_NAME}> to the clipboard. IIS reads it only at server and site level: paste it into ${where}, then delete it from this web.config.`,
  };
  return {
    title: 'Copy the certificate mappings to the clipboard, to paste at site level',
    kind: 'quickfix',
    diagnostics: [finding],
    command: { title: 'Copy for site level', command: COPY_SECTION_COMMAND, arguments: [args] },
  };
}
