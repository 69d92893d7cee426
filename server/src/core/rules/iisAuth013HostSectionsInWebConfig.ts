import { fileNameOf } from '../model/fileRole';
import type { Rule } from './rule';

// A file named web.config is read by IIS as a web.config whatever it holds. The sections of the
// system.applicationHost group (sites, applicationPools, listenerAdapters, …) are declared
// allowDefinition="AppHostOnly": IIS accepts them only in applicationHost.config, and a web.config
// that holds them makes every request it serves end in HTTP 500.19 ("This configuration section
// cannot be used at this path"). Source: "Introduction to ApplicationHost.config" (learn.microsoft.com),
// whose configSections listing declares the whole group AppHostOnly. Typical cause: a copy of an
// applicationHost.config saved as web.config.

const HOST_GROUP = 'system.applicationHost';

export const iisAuth013HostSectionsInWebConfig: Rule = {
  code: 'IIS-AUTH-013',
  title: 'applicationHost.config sections in a web.config (500.19)',
  severity: 'error',
  docUrl: 'https://learn.microsoft.com/iis/get-started/planning-your-iis-architecture/introduction-to-applicationhostconfig',
  check(context) {
    const { file } = context;
    if (file.kind !== 'web' || fileNameOf(file.uri) !== 'web.config' || !file.configuration) return;
    const holders = [file.configuration, ...file.configuration.elements('location')];
    for (const holder of holders) {
      for (const group of holder.elements(HOST_GROUP)) {
        const sections = group.children.map((c) => `<${c.name}>`);
        const listed = sections.length > 0 ? ` (${sections.join(', ')})` : '';
        context.report({
          span: group.nameSpan,
          message: `<${HOST_GROUP}>${listed} is allowed only in applicationHost.config (allowDefinition="AppHostOnly"): in a web.config IIS rejects it, and every request this web.config serves gets HTTP 500.19 ("This configuration section cannot be used at this path"). If this file is a copy of the server's applicationHost.config, give it that name; otherwise move these sections to the server's applicationHost.config.`,
          data: { sectionGroup: HOST_GROUP },
        });
      }
    }
  },
};
