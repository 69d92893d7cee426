// The certificate mappings IIS uses for one site: the iisClientCertificateMappingAuthentication
// sections at server level and at the site's level, merged in order like any IIS collection
// (`add` appends, `remove` drops a key, `clear` drops everything inherited). Sections below site
// level are listed as ignored, because the module only reads the section at server and site level.
import { normalizeLocationPath, type ConfigFile, type ConfigScope } from '../model/configFile';
import type { XmlElement } from '../xml/document';

export const MAPPING_SECTION_PATH = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication';

export interface OneToOneMapping {
  kind: 'oneToOne';
  file: ConfigFile;
  element: XmlElement;
  enabled: boolean;
  userName?: string;
  /** The `certificate` attribute as written (entities decoded). */
  certificate: string;
}

export interface ManyToOneRule {
  element: XmlElement;
  certificateField: string;
  certificateSubField: string;
  matchCriteria: string;
  compareCaseSensitive: boolean;
}

export interface ManyToOneMapping {
  kind: 'manyToOne';
  file: ConfigFile;
  element: XmlElement;
  name: string;
  enabled: boolean;
  /** `Allow` or `Deny`, as written (IIS enums are case-insensitive). */
  permissionMode: string;
  userName?: string;
  rules: ManyToOneRule[];
}

export interface MappingSectionSource {
  file: ConfigFile;
  element: XmlElement;
  level: 'server' | 'site';
}

export interface IgnoredMappingSection {
  file: ConfigFile;
  element: XmlElement;
  /** The `<location path>` below site level that holds it. */
  path: string;
}

export interface MappingConfiguration {
  /** The site the mappings were collected for; undefined when only server level was read. */
  site?: string;
  enabled: boolean;
  oneToOneEnabled: boolean;
  manyToOneEnabled: boolean;
  sources: MappingSectionSource[];
  oneToOne: OneToOneMapping[];
  manyToOne: ManyToOneMapping[];
  ignored: IgnoredMappingSection[];
  /** How files were placed (e.g. "web.config read as the site's root web.config"). */
  assumptions: string[];
}

export type MappingConfigurationResult = { ok: true; configuration: MappingConfiguration } | { ok: false; message: string };

function bool(value: string | undefined, fallback: boolean): boolean {
  const v = value?.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : fallback;
}

function mappingSectionsIn(scope: ConfigScope): XmlElement[] {
  return scope.sections.filter((s) => s.path === MAPPING_SECTION_PATH).map((s) => s.element);
}

function siteOf(path: string): string {
  return normalizeLocationPath(path).split('/')[0] ?? '';
}

/** Sites whose `<location>` in applicationHost.config configures mappings. */
export function sitesWithMappings(files: ConfigFile[]): string[] {
  const sites = new Map<string, string>();
  for (const file of files.filter((f) => f.kind === 'applicationHost')) {
    for (const scope of file.scopes) {
      if (scope.location && scope.path !== '' && mappingSectionsIn(scope).length > 0) {
        const site = siteOf(scope.path);
        sites.set(site.toLowerCase(), sites.get(site.toLowerCase()) ?? site);
      }
    }
  }
  return [...sites.values()];
}

function mergeSection(configuration: MappingConfiguration, source: MappingSectionSource): void {
  const { element, file } = source;
  configuration.sources.push(source);
  configuration.enabled = bool(element.get('enabled'), configuration.enabled);
  configuration.oneToOneEnabled = bool(element.get('oneToOneCertificateMappingsEnabled'), configuration.oneToOneEnabled);
  configuration.manyToOneEnabled = bool(element.get('manyToOneCertificateMappingsEnabled'), configuration.manyToOneEnabled);

  for (const collection of element.elements('oneToOneMappings')) {
    for (const item of collection.children) {
      if (item.name === 'clear') configuration.oneToOne = [];
      else if (item.name === 'remove') configuration.oneToOne = configuration.oneToOne.filter((m) => m.certificate !== item.get('certificate'));
      else if (item.name === 'add') {
        configuration.oneToOne.push({
          kind: 'oneToOne',
          file,
          element: item,
          enabled: bool(item.get('enabled'), true),
          userName: item.get('userName'),
          certificate: item.get('certificate') ?? '',
        });
      }
    }
  }
  for (const collection of element.elements('manyToOneMappings')) {
    for (const item of collection.children) {
      const sameName = (m: ManyToOneMapping) => m.name.toLowerCase() === (item.get('name') ?? '').toLowerCase();
      if (item.name === 'clear') configuration.manyToOne = [];
      else if (item.name === 'remove') configuration.manyToOne = configuration.manyToOne.filter((m) => !sameName(m));
      else if (item.name === 'add') {
        const rules = item
          .elements('rules')
          .flatMap((r) => r.elements('add'))
          .map((rule) => ({
            element: rule,
            certificateField: rule.get('certificateField') ?? '',
            certificateSubField: rule.get('certificateSubField') ?? '',
            matchCriteria: rule.get('matchCriteria') ?? '',
            compareCaseSensitive: bool(rule.get('compareCaseSensitive'), true),
          }));
        configuration.manyToOne.push({
          kind: 'manyToOne',
          file,
          element: item,
          name: item.get('name') ?? '',
          enabled: bool(item.get('enabled'), true),
          permissionMode: item.get('permissionMode') ?? 'Allow',
          userName: item.get('userName'),
          rules,
        });
      }
    }
  }
}

/**
 * Collects the mappings in effect for `path` (`Site` or `Site/App`; only the site part matters).
 * applicationHost.config files give server level and `<location path="Site">`; every other
 * configuration file is read as the site's root web.config, which the assumptions say.
 */
export function collectMappingConfiguration(files: ConfigFile[], path?: string): MappingConfigurationResult {
  let site = path !== undefined ? siteOf(path) : undefined;
  if (site === undefined) {
    const candidates = sitesWithMappings(files);
    if (candidates.length > 1) {
      return { ok: false, message: `Several sites configure certificate mappings (${candidates.join(', ')}); choose one with a path such as '${candidates[0]}'.` };
    }
    site = candidates[0];
  }
  const configuration: MappingConfiguration = {
    site: site || undefined,
    enabled: false,
    oneToOneEnabled: true,
    manyToOneEnabled: true,
    sources: [],
    oneToOne: [],
    manyToOne: [],
    ignored: [],
    assumptions: [],
  };

  const hosts = files.filter((f) => f.kind === 'applicationHost');
  const others = files.filter((f) => f.kind !== 'applicationHost' && f.configuration);
  // Server level first (the file's own level and <location path="">), then the site's location.
  for (const file of hosts) {
    for (const scope of file.scopes.filter((s) => s.path === '')) {
      for (const element of mappingSectionsIn(scope)) mergeSection(configuration, { file, element, level: 'server' });
    }
  }
  for (const file of hosts) {
    for (const scope of file.scopes) {
      if (scope.path === '') continue;
      const sections = mappingSectionsIn(scope);
      if (sections.length === 0) continue;
      const segments = scope.path.split('/');
      if (site && segments[0].toLowerCase() === site.toLowerCase()) {
        if (segments.length === 1) sections.forEach((element) => mergeSection(configuration, { file, element, level: 'site' }));
        else sections.forEach((element) => configuration.ignored.push({ file, element, path: scope.path }));
      }
    }
  }
  for (const file of others) {
    configuration.assumptions.push(`${fileName(file)} is read as the site's root web.config.`);
    for (const scope of file.scopes) {
      const sections = mappingSectionsIn(scope);
      if (scope.path === '') sections.forEach((element) => mergeSection(configuration, { file, element, level: 'site' }));
      else sections.forEach((element) => configuration.ignored.push({ file, element, path: scope.path }));
    }
  }
  return { ok: true, configuration };
}

export function fileName(file: ConfigFile): string {
  try {
    return decodeURIComponent(file.uri.split(/[\\/]/).pop() ?? file.uri);
  } catch {
    return file.uri;
  }
}
