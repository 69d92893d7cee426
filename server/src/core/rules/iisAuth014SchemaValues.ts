import type { Rule } from './rule';
import { isSecuritySection } from './authSections';
import { isIisSection, schemaFindings } from './schemaCheck';

// Every known section other than access and authentication (rule 011's), checked against IIS's schema
// files: unknown attributes and elements ("did you mean"), invalid bool / enum / flags / number /
// timeSpan values, values outside the schema's ranges, missing required attributes. IIS refuses a
// section it cannot read (HTTP 500.19). The .NET Framework sections (system.web, appSettings …) are
// read by ASP.NET, not IIS; their schema in IIS's files is the one IIS Manager edits with and may lag
// behind newer .NET versions, so their findings are warnings.

export const iisAuth014SchemaValues: Rule = {
  code: 'IIS-AUTH-014',
  title: 'Invalid names and values in any IIS configuration section',
  severity: 'error',
  docUrl: 'https://learn.microsoft.com/iis/configuration/',
  check(context) {
    for (const finding of schemaFindings(context.file)) {
      if (isSecuritySection(finding.section.path)) continue;
      const severity = finding.severity ?? (isIisSection(finding.section.path) ? undefined : 'warning');
      context.report({ span: finding.span, message: finding.message, severity, data: { ...finding.data, section: finding.section.path } });
    }
  },
};
