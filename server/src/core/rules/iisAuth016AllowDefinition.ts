import { governingApplicationHost, resolveUrlPathOfScope } from '../effective/index';
import { findElementSchema, type SectionAllowDefinition } from '../knowledge/schema';
import type { ConfigFile, ConfigSection, SectionDeclaration } from '../model/configFile';
import type { Severity } from '../types';
import { isTransformFile, valueSpan } from './authSections';
import type { Rule, RuleContext, RuleReport } from './rule';

// A section declaration's allowDefinition says in which files the section may appear at all:
// AppHostOnly sections (sites, applicationPools, globalModules, fastCgi, isapiCgiRestriction …) only
// in applicationHost.config, MachineToApplication ones (modules, isapiFilters,
// applicationInitialization) down to an application's root web.config, not in a folder below it.
// IIS refuses a web.config that breaks this with HTTP 500.19 ("This configuration section cannot be
// used at this path"). The declaration of the governing applicationHost.config decides; without one
// in the workspace, IIS's default declaration (generated schema table) stands in and the finding is
// information. system.applicationHost sections are rule 013's. Source: the <section> element's allowDefinition in "Introduction to
// ApplicationHost.config" (learn.microsoft.com).

const INTRODUCTION = 'https://learn.microsoft.com/iis/get-started/planning-your-iis-architecture/introduction-to-applicationhostconfig';

export const iisAuth016AllowDefinition: Rule = {
  code: 'IIS-AUTH-016',
  title: 'Section not allowed in this file (allowDefinition, 500.19)',
  severity: 'error',
  docUrl: INTRODUCTION,
  check(context) {
    const { file, workspace } = context;
    if (file.kind !== 'web' || isTransformFile(file)) return;
    const host = governingApplicationHost(workspace, file);
    for (const scope of file.scopes) {
      for (const section of scope.sections) {
        // The whole system.applicationHost group in a web.config is rule 013's.
        if (section.path.startsWith('system.applicationHost/')) continue;
        const declaration = host?.declarations.get(section.path);
        const allowDefinition = (declaration?.allowDefinition ?? (declaration ? undefined : findElementSchema(section.path)?.allowDefinition)) as SectionAllowDefinition | undefined;
        if (allowDefinition === 'AppHostOnly' || allowDefinition === 'MachineOnly') {
          report(context, section, allowDefinition, declaration, host, `<${section.element.name}> may only be set in ${allowDefinition === 'AppHostOnly' ? 'applicationHost.config' : 'machine-level configuration'}`);
        } else if (allowDefinition === 'MachineToApplication') {
          const placement = resolveUrlPathOfScope(workspace, file, scope);
          if (placement.target.known && placement.level === 'folder') {
            report(context, section, allowDefinition, declaration, host, `<${section.element.name}> may be set down to an application's root web.config, and "${placement.target.path}" is a folder inside an application`);
          }
        }
      }
    }
  },
};

function report(
  context: RuleContext,
  section: ConfigSection,
  allowDefinition: SectionAllowDefinition,
  declaration: SectionDeclaration | undefined,
  host: ConfigFile | undefined,
  what: string,
): void {
  const related: NonNullable<RuleReport['related']> = [];
  let severity: Severity | undefined;
  let basis: string;
  const attribute = declaration?.element.attribute('allowDefinition');
  if (declaration && attribute) {
    basis = `the governing applicationHost.config declares it allowDefinition="${allowDefinition}"`;
    related.push({ file: host!, span: valueSpan(attribute), message: `<${section.element.name}> declared allowDefinition="${allowDefinition}" here` });
  } else {
    severity = 'information';
    basis = host
      ? `IIS's default declaration says allowDefinition="${allowDefinition}" (the governing applicationHost.config does not declare the section)`
      : `IIS's default declaration says allowDefinition="${allowDefinition}", assuming the server kept it (its applicationHost.config is not in this workspace)`;
  }
  context.report({
    span: section.element.nameSpan,
    severity,
    message: `${what}: ${basis}. IIS answers requests with HTTP 500.19 ("This configuration section cannot be used at this path"). Move it to applicationHost.config${allowDefinition === 'MachineToApplication' ? ' or the application\'s root web.config' : ''}.`,
    related,
    data: { sectionPath: section.path, allowDefinition },
  });
}
