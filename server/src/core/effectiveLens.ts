import { authenticationAt, SECTION, type AuthenticationAt } from './effective/authentication';
import { describeRule, effectiveAuthorization, isAllowed, type EffectiveAuthorization } from './effective/authorization';
import {
  effectiveSection,
  resolveUrlPathOfScope,
  scopesFor,
  type EffectiveAttribute,
  type EffectiveElement,
  type EffectiveEntry,
  type ScopePlacement,
} from './effective/index';
import { findElementSchema } from './knowledge/schema';
import { samePath, type ConfigFile, type ConfigScope, type ConfigSection } from './model/configFile';
import type { Position, Range } from './types';
import { displayPath, type Workspace } from './workspace';

/**
 * What IIS will do at each place a configuration file configures: a one-line summary of the
 * effective authentication above each `<location>` and at the top of each web.config (as a code lens
 * or an inlay hint), and a Markdown page listing every setting with the file and line it comes from.
 * The summary and the page are computed from the effective configuration across the workspace
 * (effective/), so a setting inherited from applicationHost.config shows where it was written.
 */

export type EffectiveDisplay = 'codeLens' | 'inlayHint' | 'off';
export const EFFECTIVE_DISPLAY_VALUES: readonly EffectiveDisplay[] = ['codeLens', 'inlayHint', 'off'];

/** Client-side command the lens runs; it asks the server for the Markdown with SHOW_EFFECTIVE_MARKDOWN_COMMAND. */
export const SHOW_EFFECTIVE_COMMAND = 'iisAuth.showEffectiveSettings';
export const EFFECTIVE_MARKDOWN_COMMAND = 'iisAuth.effectiveSettingsMarkdown';

export interface EffectiveSettingsArguments {
  uri: string;
  /** The `<location path>` as written, '' for the file's own level. */
  path: string;
}

export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}

export interface CodeLens {
  range: Range;
  command: Command;
}

export interface InlayHint {
  position: Position;
  label: Array<{ value: string; tooltip?: string; command?: Command }>;
  paddingLeft?: boolean;
  tooltip?: string;
}

interface Anchor {
  scope: ConfigScope;
  /** Where the lens goes (the tag name) and where the hint goes (the end of the start tag). */
  nameRange: Range;
  tagEnd: Position;
}

function anchorsOf(file: ConfigFile): Anchor[] {
  const lines = file.xml.lines;
  const anchors: Anchor[] = [];
  for (const scope of file.scopes) {
    const element = scope.location ?? (file.kind === 'web' ? file.configuration : undefined);
    if (!element) continue;
    anchors.push({ scope, nameRange: lines.rangeOf(element.nameSpan), tagEnd: lines.positionAt(element.startTagSpan.end) });
  }
  return anchors;
}

function analysable(workspace: Workspace, uri: string): ConfigFile | undefined {
  const file = workspace.get(uri);
  if (!file?.configuration || (file.kind !== 'web' && file.kind !== 'applicationHost')) return undefined;
  return file;
}

export function effectiveCodeLenses(workspace: Workspace, uri: string): CodeLens[] {
  const file = analysable(workspace, uri);
  if (!file) return [];
  const lenses: CodeLens[] = [];
  for (const anchor of anchorsOf(file)) {
    const title = safely(() => summaryLine(workspace, file, anchor.scope));
    if (title === undefined) continue;
    lenses.push({ range: anchor.nameRange, command: showCommand(title, file, anchor.scope) });
  }
  return lenses;
}

export function effectiveInlayHints(workspace: Workspace, uri: string, range?: Range): InlayHint[] {
  const file = analysable(workspace, uri);
  if (!file) return [];
  const hints: InlayHint[] = [];
  for (const anchor of anchorsOf(file)) {
    if (range && (anchor.tagEnd.line < range.start.line || anchor.tagEnd.line > range.end.line)) continue;
    const title = safely(() => summaryLine(workspace, file, anchor.scope));
    if (title === undefined) continue;
    const command = showCommand(title, file, anchor.scope);
    hints.push({
      position: anchor.tagEnd,
      label: [{ value: title, tooltip: 'Effective authentication here; click for every setting and where it comes from.', command }],
      paddingLeft: true,
    });
  }
  return hints;
}

function showCommand(title: string, file: ConfigFile, scope: ConfigScope): Command {
  const args: EffectiveSettingsArguments = { uri: file.uri, path: scope.path };
  return { title, command: SHOW_EFFECTIVE_COMMAND, arguments: [args] };
}

function safely<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    // A lens is commentary: a file the effective model cannot place gets none rather than an error.
    return undefined;
  }
}

// --- The one-line summary -----------------------------------------------------------------------

function summaryLine(workspace: Workspace, file: ConfigFile, scope: ConfigScope): string {
  const placement = resolveUrlPathOfScope(workspace, file, scope);
  const state = authenticationAt(workspace, placement.target);
  const parts = [...summaryParts(state, placement), ...authorizationPart(effectiveAuthorization(workspace, placement.target))];
  const prefix = scope.location ? '' : file.kind === 'web' ? `${placementLabel(placement)}: ` : '';
  return prefix + parts.join(' · ');
}

function placementLabel(placement: ScopePlacement): string {
  if (!placement.target.known) return 'Folder not placed in a site';
  return placement.target.path === '' ? 'Server level' : placement.target.path;
}

function summaryParts(state: AuthenticationAt, placement: ScopePlacement): string[] {
  const parts: string[] = [];
  if (!state.producesUser) parts.push('⚠ no method logs users on (401.2)');
  parts.push(`Anonymous ${onOff(state.anonymous.enabled)}`);
  parts.push(`Windows ${onOff(state.windows.enabled)}`);
  if (state.basic.enabled) parts.push('Basic on');
  if (state.digest.enabled) parts.push('Digest on');
  if (state.adMapping.enabled) parts.push('AD cert mapping on');
  parts.push(certificateMappingPart(state, placement));
  parts.push(sslPart(state.certificate.mask));
  return parts;
}

/** `URL auth: 2 rules, anonymous denied`; nothing where no level sets URL Authorization. */
function authorizationPart(authorization: EffectiveAuthorization): string[] {
  if (!authorization.configured) return [];
  const anonymous = isAllowed(authorization, undefined, [], 'GET').allowed;
  const written = authorization.rules.filter((r) => r.element).length;
  if (written === 0) return [anonymous ? 'URL auth: everyone allowed' : 'URL auth: ⚠ nobody allowed'];
  return [`URL auth: ${written} rule${written === 1 ? '' : 's'}, anonymous ${anonymous ? 'allowed' : 'denied'}`];
}

function onOff(enabled: boolean): string {
  return enabled ? 'on' : 'off';
}

function certificateMappingPart(state: AuthenticationAt, placement: ScopePlacement): string {
  const mapping = state.iisMapping;
  const notes: string[] = [];
  const readElsewhere = mapping.readAt.path !== placement.target.path && mapping.readAt.known;
  if (mapping.enabled) {
    if (readElsewhere) notes.push(`from site "${placement.site ?? mapping.readAt.path}"`);
    const count = mapping.usableMappings.length;
    notes.push(`${count} mapping${count === 1 ? '' : 's'}`);
  }
  if (mapping.ignored.length > 0) notes.push('set below the site: ignored');
  return `Cert mapping ${onOff(mapping.enabled)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

const SSL = 8;
const NEGOTIATE = 32;
const REQUIRE = 64;

function sslPart(mask: number): string {
  const has = (bit: number) => (mask & bit) === bit;
  if (has(NEGOTIATE) && has(REQUIRE)) return 'SSL: require client certificate';
  if (has(NEGOTIATE)) return 'SSL: accept client certificate';
  if (has(REQUIRE)) return 'SSL: client certificate never asked for (SslRequireCert without SslNegotiateCert)';
  if (has(SSL)) return 'SSL required, no client certificate';
  return 'SSL not required';
}

// --- The Markdown page --------------------------------------------------------------------------

const SECTIONS_SHOWN: Array<{ label: string; path: string }> = [
  { label: 'access', path: SECTION.access },
  { label: 'anonymousAuthentication', path: SECTION.anonymous },
  { label: 'basicAuthentication', path: SECTION.basic },
  { label: 'digestAuthentication', path: SECTION.digest },
  { label: 'windowsAuthentication', path: SECTION.windows },
  { label: 'clientCertificateMappingAuthentication', path: SECTION.adMapping },
  { label: 'iisClientCertificateMappingAuthentication', path: SECTION.iisMapping },
];

export function effectiveSettingsMarkdown(workspace: Workspace, args: EffectiveSettingsArguments): string {
  const file = workspace.get(args.uri);
  if (!file?.configuration) return `# Effective authentication\n\nThe file ${args.uri} is not open or not an IIS configuration file.`;
  const scope = file.scopes.find((s) => samePath(s.path, args.path ?? ''));
  if (!scope) return `# Effective authentication\n\nNo \`<location path="${escapeInline(args.path)}">\` in ${fileLabel(file.uri)} any more.`;
  try {
    return renderPage(workspace, file, scope);
  } catch (error) {
    return `# Effective authentication\n\nThe effective configuration could not be computed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function renderPage(workspace: Workspace, file: ConfigFile, scope: ConfigScope): string {
  const placement = resolveUrlPathOfScope(workspace, file, scope);
  const target = placement.target;
  const state = authenticationAt(workspace, target);
  const out: string[] = [];
  out.push(`# Effective authentication: \`${escapeInline(placementLabel(placement))}\``);
  out.push(whereLine(placement, file, scope));
  out.push(`**Summary:** ${[...summaryParts(state, placement), ...authorizationPart(effectiveAuthorization(workspace, target))].join(' · ')}`);
  if (!target.host) {
    out.push('_No applicationHost.config in the workspace governs this file: IIS\'s default server settings are assumed (the setting `iisAuth.applicationHostConfig` can name the server\'s file)._');
  } else if (workspace.isServerFile(target.host.uri)) {
    out.push(`_Governed by the server's ${escapeInline(displayPath(target.host.uri))} (\`iisAuth.applicationHostConfig\`), outside the workspace._`);
  }

  out.push('## Settings');
  const rows = ['| Section | Setting | Value | From |', '|---|---|---|---|'];
  for (const shown of SECTIONS_SHOWN) {
    const section = shown.path === SECTION.iisMapping ? state.iisMapping.section : effectiveSection(workspace, target, shown.path);
    const attributes = orderedAttributes(section, shown.path);
    for (const attribute of attributes) {
      rows.push(`| ${shown.label} | ${attribute.name} | ${valueCell(attribute, shown.path)} | ${sourceCell(attribute)} |`);
    }
    if (shown.path === SECTION.windows) {
      const providers = section.children.get('providers')?.entries ?? [];
      if (providers.length > 0) {
        const list = providers.map((p) => `${code(p.value.attributes.get('value')?.value ?? '')} (${link(p.section.scope.file, p.element.span.start)})`);
        rows.push(`| windowsAuthentication | providers | ${list.join(', ')} | |`);
      }
    }
  }
  out.push(rows.join('\n'));

  out.push(...mappingSection(state, placement));
  const authorization = effectiveAuthorization(workspace, target);
  if (authorization.configured) out.push(...authorizationSection(authorization));

  out.push('## Configuration applied, outer first');
  out.push(scopesFor(workspace, target).map((link, index) => `${index + 1}. ${scopeLabel(link.scope)} — ${scopeLink(link.scope)}`).join('\n'));
  return out.join('\n\n') + '\n';
}

function whereLine(placement: ScopePlacement, file: ConfigFile, scope: ConfigScope): string {
  const here = scope.location ? `\`<location path="${escapeInline(scope.path)}">\` in ${link(file, scope.location.span.start)}` : link(file, 0);
  const level =
    placement.level === 'server'
      ? 'Server level'
      : placement.level === 'site'
        ? `Site "${placement.site}"`
        : placement.level === 'application'
          ? `Application of site "${placement.site}"`
          : placement.level === 'folder'
            ? `Folder of site "${placement.site}"`
            : 'Not placed in a site';
  const how: Record<string, string> = {
    applicationHost: 'as written in applicationHost.config',
    physicalPath: 'path inferred from a virtual directory\'s physicalPath in applicationHost.config',
    siteName: 'path inferred from a folder named like the site',
    folder: 'the workspace does not show which site serves this folder; only the server level and parent folders apply',
  };
  return `${level} · ${here} · ${how[placement.inferredBy] ?? placement.inferredBy}`;
}

function orderedAttributes(section: EffectiveElement, sectionPath: string): EffectiveAttribute[] {
  const schema = findElementSchema(sectionPath);
  const order = new Map((schema?.attributes ?? []).map((a, i) => [a.name, i]));
  return [...section.attributes.values()].sort((a, b) => (order.get(a.name) ?? 99) - (order.get(b.name) ?? 99) || a.name.localeCompare(b.name));
}

function valueCell(attribute: EffectiveAttribute, sectionPath: string): string {
  const schema = findElementSchema(sectionPath)?.attributes.find((a) => a.name === attribute.name);
  if (schema?.secret || /password/i.test(attribute.name)) return attribute.value === '' ? '(empty)' : '(set, not shown)';
  return attribute.value === '' ? '(empty)' : code(attribute.value);
}

function sourceCell(attribute: EffectiveAttribute): string {
  if (attribute.isDefault || !attribute.section || !attribute.attribute) return 'IIS default';
  return link(attribute.section.scope.file, attribute.attribute.span.start);
}

function mappingSection(state: AuthenticationAt, placement: ScopePlacement): string[] {
  const mapping = state.iisMapping;
  const out: string[] = [];
  const where = mapping.readAt.path === placement.target.path ? 'here' : `at site "${placement.site ?? mapping.readAt.path}"`;
  out.push(`## Certificate mappings (read ${where})`);
  const entries: Array<{ kind: string; entry: EffectiveEntry }> = [
    ...(mapping.section.children.get('manyToOneMappings')?.entries ?? []).map((entry) => ({ kind: 'many-to-one', entry })),
    ...(mapping.section.children.get('oneToOneMappings')?.entries ?? []).map((entry) => ({ kind: 'one-to-one', entry })),
  ];
  if (entries.length === 0) out.push('No mappings in effect.');
  else {
    const usable = new Set(mapping.usableMappings);
    const rows = ['| Mapping | Kind | Account | Rules | Used | From |', '|---|---|---|---|---|---|'];
    for (const { kind, entry } of entries) {
      const value = entry.value;
      const name = kind === 'many-to-one' ? value.attributes.get('name')?.value ?? '' : 'certificate';
      const permission = value.attributes.get('permissionMode')?.value;
      const account = permission?.toLowerCase() === 'deny' ? 'denied' : value.attributes.get('userName')?.value ?? '(none)';
      const rules = (value.children.get('rules')?.entries ?? [])
        .map((r) => {
          const a = r.value.attributes;
          return `${a.get('certificateField')?.value ?? '?'} ${a.get('certificateSubField')?.value ?? '?'} = ${a.get('matchCriteria')?.value ?? ''}`;
        })
        .join('; ');
      rows.push(
        `| ${escapeCell(name)} | ${kind} | ${escapeCell(account)} | ${escapeCell(rules) || '—'} | ${usable.has(entry) ? 'yes' : 'no'} | ${link(entry.section.scope.file, entry.element.span.start)} |`,
      );
    }
    out.push(rows.join('\n'));
  }
  if (mapping.ignored.length > 0) {
    out.push(
      `Set below the site level and ignored by IIS: ${mapping.ignored.map((s: ConfigSection) => link(s.scope.file, s.element.span.start)).join(', ')}.`,
    );
  }
  return out;
}

function authorizationSection(authorization: EffectiveAuthorization): string[] {
  const out = ['## URL Authorization (system.webServer/security/authorization)'];
  out.push(
    'IIS evaluates deny rules first, then allow rules, each from the outermost level inward; the first rule that matches decides, and a request no rule allows is refused (401.2 for anonymous users). A deny written above cannot be overridden by an allow below.',
  );
  const rows = ['| # | Rule | Users | Roles | Verbs | From |', '|---|---|---|---|---|---|'];
  authorization.rules.forEach((rule, index) => {
    const from = rule.element && rule.section ? link(rule.section.scope.file, rule.element.span.start) : 'IIS default (assumed)';
    rows.push(
      `| ${index + 1} | ${rule.accessType} | ${escapeCell(rule.users.join(', ')) || '—'} | ${escapeCell(rule.roles.join(', ')) || '—'} | ${escapeCell(rule.verbs.join(', ')) || 'all'} | ${from} |`,
    );
  });
  out.push(authorization.rules.length > 0 ? rows.join('\n') : 'No rule in effect: every request is refused.');
  const anonymous = isAllowed(authorization, undefined, [], 'GET');
  out.push(`Anonymous GET: ${anonymous.allowed ? 'allowed' : 'refused'}${anonymous.rule ? ` by “${escapeInline(describeRule(anonymous.rule))}”` : ''}.`);
  return out;
}

function scopeLabel(scope: ConfigScope): string {
  const name = fileLabel(scope.file.uri);
  if (!scope.location) return scope.file.kind === 'applicationHost' ? `${name}, server level` : name;
  return `${name}, \`<location path="${escapeInline(scope.path)}">\``;
}

function scopeLink(scope: ConfigScope): string {
  return link(scope.file, scope.location?.span.start ?? scope.file.configuration?.span.start ?? 0);
}

function link(file: ConfigFile, offset: number): string {
  const line = file.xml.lines.positionAt(offset).line + 1;
  return `[${escapeCell(fileLabel(file.uri))}:${line}](${file.uri}#L${line})`;
}

/** The last two path segments: enough to tell `Portal/web.config` from `Api/web.config`. */
function fileLabel(uri: string): string {
  let path = uri.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep the encoded form.
  }
  return path.split(/[\\/]/).filter((s) => s).slice(-2).join('/');
}

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([`*_[\]<>])/g, '\\$1');
}

/** Inline code in a table cell: backslashes stay literal there, only the cell separator needs escaping. */
function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ') + '`';
}

function escapeInline(text: string): string {
  return text.replace(/`/g, "'");
}
