import type { Rule } from './rule';
import { isSecuritySection } from './authSections';
import { isIisSection, schemaFindings, type SchemaFinding } from './schemaCheck';

// Every known section other than access and authentication (rule 011's), checked against IIS's schema
// files: unknown attributes and elements ("did you mean"), invalid bool / enum / flags / number /
// timeSpan values, values outside the schema's ranges, missing required attributes. IIS refuses a
// section it cannot read (HTTP 500.19). The .NET Framework sections (system.web, appSettings …) are
// read by ASP.NET, not IIS; their schema in IIS's files is the one IIS Manager edits with and may lag
// behind newer .NET versions, so their findings are warnings. An unknown name close to no known one
// is a warning too: it may come from an IIS release newer than the schema files.

function isUnknownName(finding: SchemaFinding): boolean {
  return finding.kind === 'unknownAttribute' || finding.kind === 'unknownElement';
}

export const iisAuth014SchemaValues: Rule = {
  code: 'IIS-AUTH-014',
  title: 'Invalid names and values in any IIS configuration section',
  scopeLocal: true,
  severity: 'error',
  docUrl: 'https://learn.microsoft.com/iis/configuration/',
  check(context) {
    for (const finding of schemaFindings(context.file)) {
      if (isSecuritySection(finding.section.path)) continue;
      let severity = finding.severity ?? (isIisSection(finding.section.path) ? undefined : 'warning');
      let message = finding.message;
      if (isUnknownName(finding) && !finding.data?.suggestion) {
        // Close to no known name: more likely something an IIS release after the schema files'
        // (IIS 10.0) added than a typo.
        severity = finding.severity ?? 'warning';
        message += ' (IIS releases after 10.0 may accept it: check the server\'s schema.)';
      }
      context.report({ span: finding.span, message, severity, data: { ...finding.data, section: finding.section.path } });
    }
  },
};
