import type { ConfigSection } from '../model/configFile';
import type { Workspace } from '../workspace';
import type { XmlElement } from '../xml/document';
import { effectiveSection, type EffectiveSection, type UrlTarget } from './index';

// IIS URL Authorization (system.webServer/security/authorization, urlauthz.dll) as IIS evaluates it
// for a path. Source: "Understanding IIS URL Authorization" (learn.microsoft.com,
// https://learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization),
// its differences table:
// - the rules of every level merge like any collection (`<remove>` and `<clear>` take out inherited
//   rules), then deny rules are evaluated first, starting at the parent, then allow rules, starting
//   at the parent, each in order of appearance; the first rule that matches decides. So a deny at
//   the server cannot be overridden by an allow below it (ASP.NET's system.web/authorization is the
//   opposite: the innermost file first, first match wins, whatever its kind).
// - `users="*"` is everyone, `users="?"` the anonymous user; names and roles are comma-separated
//   lists compared without regard to letter case; `verbs` (case-sensitive in the schema) limits a
//   rule to those HTTP verbs, empty meaning all.
// - A request no rule allows is refused: 401.2 for the anonymous user (it must log on), 401 for a
//   logged-on one.
// IIS's default applicationHost.config gives the server one rule, `<add accessType="Allow" users="*" />`:
// without an applicationHost.config in the workspace that rule is assumed.

export const AUTHORIZATION_SECTION = 'system.webServer/security/authorization';

export interface AuthorizationRule {
  accessType: 'Allow' | 'Deny';
  /** Lower-cased user names, `*` and `?` kept as written. */
  users: string[];
  roles: string[];
  /** Verbs as written (compared case-sensitively); empty = every verb. */
  verbs: string[];
  /** The `<add>` element and where it was written; absent for the assumed server default. */
  element?: XmlElement;
  section?: ConfigSection;
}

export interface EffectiveAuthorization {
  target: UrlTarget;
  /** Rules in IIS's evaluation order: deny rules outer first, then allow rules outer first. */
  rules: AuthorizationRule[];
  /** The merged section (entries with their sources, removals). */
  section: EffectiveSection;
  /** Some level sets the section for this path. */
  configured: boolean;
  /** The default server rule (allow everyone) was assumed: no applicationHost.config governs the target, or nothing sets the section. */
  assumedDefault: boolean;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** The rule that decided; undefined when no rule matched (then the request is refused). */
  rule?: AuthorizationRule;
}

const DEFAULT_RULE: AuthorizationRule = { accessType: 'Allow', users: ['*'], roles: [], verbs: [] };

function list(value: string | undefined, lower: boolean): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (lower ? part.toLowerCase() : part));
}

/** The URL Authorization rules in effect at a path, in the order IIS evaluates them. */
export function effectiveAuthorization(workspace: Workspace, target: UrlTarget): EffectiveAuthorization {
  const section = effectiveSection(workspace, target, AUTHORIZATION_SECTION);
  const merged: AuthorizationRule[] = (section.entries ?? []).map((entry) => {
    const attributes = entry.value.attributes;
    const accessType = (attributes.get('accessType')?.value ?? '').trim().toLowerCase() === 'deny' ? 'Deny' : 'Allow';
    return {
      accessType,
      users: list(attributes.get('users')?.value, true),
      roles: list(attributes.get('roles')?.value, true),
      verbs: list(attributes.get('verbs')?.value, false),
      element: entry.element,
      section: entry.section,
    };
  });
  const configured = section.sections.length > 0;
  // Without the server's file, its default rule stands first, unless a <clear/> seen here removed it.
  // Where no level sets the section at all, nothing restricts the path (and the optional URL
  // Authorization module may not even be installed).
  const cleared = (section.removals ?? []).some((r) => r.element.name === 'clear');
  const assumedDefault = !configured || (!target.host && !cleared);
  if (assumedDefault) merged.unshift(DEFAULT_RULE);
  const rules = [...merged.filter((r) => r.accessType === 'Deny'), ...merged.filter((r) => r.accessType === 'Allow')];
  return { target, rules, section, configured, assumedDefault };
}

/** Whether a rule applies to a user (undefined: the anonymous user) in these roles, for this verb. */
export function ruleMatches(rule: AuthorizationRule, user: string | undefined, roles: readonly string[], verb: string): boolean {
  if (rule.verbs.length > 0 && !rule.verbs.includes(verb)) return false;
  const name = user?.toLowerCase();
  if (rule.users.includes('*')) return true;
  if (name === undefined) return rule.users.includes('?');
  if (rule.users.includes(name)) return true;
  const lowerRoles = roles.map((r) => r.toLowerCase());
  return rule.roles.some((role) => lowerRoles.includes(role));
}

/**
 * IIS's answer for one request: the first matching rule in evaluation order decides; with none,
 * the request is refused. `user` undefined is the anonymous user.
 */
export function isAllowed(authorization: EffectiveAuthorization, user: string | undefined, roles: readonly string[], verb: string): AuthorizationDecision {
  const rule = authorization.rules.find((r) => ruleMatches(r, user, roles, verb));
  return { allowed: rule?.accessType === 'Allow', rule };
}

/** One line per rule for people: `Deny ? (all verbs)`. */
export function describeRule(rule: AuthorizationRule): string {
  const who = [...rule.users.map((u) => (u === '*' ? 'everyone' : u === '?' ? 'anonymous users' : u)), ...rule.roles.map((r) => `role ${r}`)];
  return `${rule.accessType} ${who.join(', ') || 'nobody'}${rule.verbs.length ? ` for ${rule.verbs.join(', ')}` : ''}`;
}
