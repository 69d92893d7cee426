import { findElementSchema, SCHEMA_SECTIONS } from '../knowledge/schema';
import { closestMatch } from '../text/closestMatch';
import type { XmlElement } from '../xml/document';
import { AUTHENTICATION_GROUP, declaredSectionPaths, isSecuritySection, securitySections } from './authSections';
import type { Rule, RuleContext } from './rule';
import { schemaFindings } from './schemaCheck';

// The access and authentication sections' part of the schema check (schemaCheck.ts: unknown
// attributes and elements, invalid values, missing required attributes, all HTTP 500.19 when IIS reads
// the section), plus unknown sections in the authentication group. `<access sslFlags>` has its own
// rule (003); every other section is rule 014's.

export const iisAuth011InvalidValues: Rule = {
  code: 'IIS-AUTH-011',
  title: 'Invalid names and values in the access and authentication sections',
  scopeLocal: true,
  severity: 'error',
  docUrl: 'https://learn.microsoft.com/iis/configuration/system.webserver/security/authentication/',
  check(context) {
    for (const finding of schemaFindings(context.file)) {
      if (!isSecuritySection(finding.section.path)) continue;
      context.report({ span: finding.span, message: finding.message, severity: finding.severity, data: finding.data });
    }
    let declared: Set<string> | undefined;
    for (const section of securitySections(context.file)) {
      if (findElementSchema(section.path) || !section.path.startsWith(`${AUTHENTICATION_GROUP}/`)) continue;
      // A custom section declared in some <configSections> of the workspace is not IIS's to reject.
      declared ??= declaredSectionPaths(context.file, context.workspace);
      if (!declared.has(section.path.toLowerCase())) reportUnknownSection(context, section.element);
    }
  },
};


function reportUnknownSection(context: RuleContext, element: XmlElement): void {
  const known = SCHEMA_SECTIONS.filter((p) => p.startsWith(`${AUTHENTICATION_GROUP}/`)).map((p) => p.slice(AUTHENTICATION_GROUP.length + 1));
  const suggestion = closestMatch(element.name, known);
  context.report({
    span: element.nameSpan,
    message: `<${element.name}> is not an IIS authentication section: IIS reports "Unrecognized configuration section" and answers requests with HTTP 500.19.${suggestion ? ` Did you mean <${suggestion}>?` : ''}`,
    data: suggestion ? { suggestion } : undefined,
  });
}

