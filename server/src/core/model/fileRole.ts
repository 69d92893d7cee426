import type { XmlDocument, XmlElement } from '../xml/document';

/**
 * What a configuration file is to IIS, decided once for the server, the CLI and folder indexing.
 *
 * - `applicationHost`: host configuration. IIS, IIS Express, Hostable Web Core and the test hosts
 *   around them load a file in applicationHost.config format whatever its name (`Http.config`,
 *   `applicationhost.iis.config`, shared-configuration copies), so its content decides: a
 *   `<system.applicationHost>` section, or `<configSections>` declaring the `system.applicationHost`
 *   group. A file named applicationHost.config is one by name as well.
 * - `web`: a file named web.config (IIS reads only that name in a content folder), or a
 *   `<configuration>` whose content is IIS web server configuration (`<system.webServer>`).
 * - `transform`: an XDT transform (`Web.Release.config`, `applicationHost.xdt`): its root declares
 *   the XML-Document-Transform namespace. What IIS loads is the transformed file, so a transform is
 *   never checked as a configuration by itself.
 * - `other`: any other file (`packages.config`, `app.config`, another tool's XML).
 */
export type ConfigRole = 'applicationHost' | 'web' | 'transform' | 'other';

export const XDT_NAMESPACE = 'http://schemas.microsoft.com/XML-Document-Transform';

const HOST_GROUP = 'system.applicationHost';

/** The last path segment of a URI or file path, decoded, in lower case. */
export function fileNameOf(uriOrPath: string): string {
  const last = uriOrPath.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A path with a literal '%' is not URI-encoded: its name is as written.
  }
  return name.toLowerCase();
}

/**
 * The role a file's name alone gives it, before its content is known (for a file not yet read,
 * and as the tie-breaker when the content says nothing).
 */
export function roleFromName(uriOrPath: string): ConfigRole {
  const name = fileNameOf(uriOrPath);
  if (name === 'applicationhost.config') return 'applicationHost';
  if (name === 'web.config') return 'web';
  // Visual Studio's build transforms and the site-extension transforms of Azure App Service.
  if (/^web\..+\.config$/.test(name) || name.endsWith('.xdt')) return 'transform';
  return 'other';
}

/** The root element declares the XDT namespace (`xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform"`). */
export function declaresXdtNamespace(root: XmlElement | undefined): boolean {
  return !!root?.attributes.some((a) => (a.name === 'xmlns' || a.name.startsWith('xmlns:')) && a.value.trim() === XDT_NAMESPACE);
}

/** `<system.applicationHost>` under the root, or `<configSections>` declaring its section group. */
export function holdsHostConfiguration(root: XmlElement | undefined): boolean {
  if (!root || root.name !== 'configuration') return false;
  if (root.element(HOST_GROUP)) return true;
  const declarations = root.element('configSections');
  return !!declarations?.elements('sectionGroup').some((group) => group.get('name') === HOST_GROUP);
}

function holdsWebServerConfiguration(root: XmlElement | undefined): boolean {
  if (!root || root.name !== 'configuration') return false;
  return !!root.element('system.webServer') || root.elements('location').some((location) => !!location.element('system.webServer'));
}

/**
 * The role of a parsed file. A file named web.config or applicationHost.config is what IIS loads
 * under that name, so the name wins for those two (a web.config holding host sections is reported
 * by IIS-AUTH-013, not re-classified); for every other name the content decides.
 */
export function classifyConfigFile(uriOrPath: string, xml: Pick<XmlDocument, 'root'>): ConfigRole {
  const byName = roleFromName(uriOrPath);
  if (byName === 'web' || byName === 'applicationHost') return byName;
  const root = xml.root;
  if (declaresXdtNamespace(root)) return 'transform';
  if (holdsHostConfiguration(root)) return 'applicationHost';
  if (byName === 'transform') return 'transform';
  if (holdsWebServerConfiguration(root)) return 'web';
  return 'other';
}

/**
 * A `*.config` that belongs to another tool (`packages.config`, `nuget.config`): neither its name nor
 * its content makes it IIS configuration, and its root is not `<configuration>`. Nothing to report.
 */
export function isForeignFile(file: { kind: ConfigRole; configuration?: XmlElement }): boolean {
  return file.kind === 'other' && !file.configuration;
}
