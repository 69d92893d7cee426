import { AUTHORIZATION_SECTION, describeRule, effectiveAuthorization, isAllowed, type EffectiveAuthorization } from '../effective/authorization';
import { authenticationAt, SECTION, type AuthenticationAt } from '../effective/authentication';
import { effectiveSection, resolveUrlPathOfScope, TargetSet } from '../effective/index';
import { scopeSectionsIn, type ConfigScope, type ConfigSection } from '../model/configFile';
import { isTransformFile } from './authSections';
import type { Rule, RuleContext, RuleReport } from './rule';

// Authentication and URL Authorization together can let nobody in. IIS evaluates URL Authorization's
// deny rules before its allow rules, outer level first (effective/authorization.ts), so:
// - a deny of everyone (`users="*"`, every verb) in effect refuses every request, whatever is allowed;
// - with no allow rule left (all cleared or removed), every request is refused too;
// - when anonymous authentication is the only method that can give a request a user (IIS's default),
//   a rule set that refuses the anonymous user refuses everyone: every request ends in 401.2.
// Checked where this file sets the authorization section or an authentication section; without the
// governing applicationHost.config the server may enable another method or allow more, so the finding
// is information.

const WATCHED = new Set<string>([AUTHORIZATION_SECTION, SECTION.anonymous, SECTION.basic, SECTION.digest, SECTION.windows, SECTION.adMapping, SECTION.iisMapping]);
const DOC = 'https://learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization';

export const iisAuth017AuthorizationLockout: Rule = {
  code: 'IIS-AUTH-017',
  title: 'Authentication and URL Authorization let nobody in (401.2)',
  severity: 'error',
  docUrl: DOC,
  check(context) {
    const { file, workspace } = context;
    if ((file.kind !== 'applicationHost' && file.kind !== 'web') || isTransformFile(file)) return;
    const seen = new TargetSet();
    for (const scope of file.scopes) {
      const sections = scopeSectionsIn(scope, WATCHED);
      if (sections.length === 0) continue;
      const placement = resolveUrlPathOfScope(workspace, file, scope);
      // The server level itself serves no request; sites below it answer for themselves.
      if (placement.level === 'server' && placement.target.known && placement.target.host) continue;
      if (!seen.add(placement.target)) continue;
      // Where no level sets URL Authorization nothing restricts the path: most paths of a large host file.
      if (effectiveSection(workspace, placement.target, AUTHORIZATION_SECTION).sections.length === 0) continue;
      const authorization = effectiveAuthorization(workspace, placement.target);
      const lockout = lockoutOf(authorization, () => authenticationAt(workspace, placement.target));
      if (lockout) report(context, scope, sections, authorization, lockout, placement.target.host !== undefined);
    }
  },
};

interface Lockout {
  message: string;
  decisive?: EffectiveAuthorization['rules'][number];
}

function lockoutOf(authorization: EffectiveAuthorization, authentication: () => AuthenticationAt): Lockout | undefined {
  if (!authorization.configured) return undefined;
  const denyAll = authorization.rules.find((r) => r.accessType === 'Deny' && r.users.includes('*') && r.verbs.length === 0);
  if (denyAll) {
    return {
      message: `URL Authorization denies everyone here (${describeRule(denyAll)}), and IIS evaluates deny rules before allow rules: every request is refused (401.2 for anonymous users, 401 once logged on).`,
      decisive: denyAll,
    };
  }
  if (!authorization.rules.some((r) => r.accessType === 'Allow')) {
    return { message: 'No URL Authorization allow rule is left in effect here (they were cleared or removed): IIS refuses every request (401.2 for anonymous users).' };
  }
  const state = authentication();
  const othersLogOn =
    state.basic.enabled || state.digest.enabled || state.windows.enabled || state.adMapping.enabled || state.iisMapping.enabled;
  if (!state.anonymous.enabled || othersLogOn) return undefined;
  const decision = isAllowed(authorization, undefined, [], 'GET');
  if (decision.allowed) return undefined;
  return {
    message: `Anonymous authentication is the only method enabled here, and URL Authorization refuses the anonymous user${
      decision.rule ? ` (${describeRule(decision.rule)})` : ' (no rule allows it)'
    }: nobody can log on as anyone else, so every request ends in 401.2. Enable a method that logs users on (Windows, Basic …) or allow anonymous users.`,
    decisive: decision.rule,
  };
}

function report(context: RuleContext, scope: ConfigScope, sections: readonly ConfigSection[], authorization: EffectiveAuthorization, lockout: Lockout, hostVisible: boolean): void {
  const authorizationHere = sections.find((s) => s.path === AUTHORIZATION_SECTION);
  const decisiveHere = lockout.decisive?.element && lockout.decisive.section?.scope === scope ? lockout.decisive.element : undefined;
  const anchor = decisiveHere ?? authorizationHere?.element ?? sections[0].element;
  const related: NonNullable<RuleReport['related']> = [];
  const decisive = lockout.decisive;
  if (decisive?.element && decisive.section && decisive.element !== anchor) {
    related.push({ file: decisive.section.scope.file, span: decisive.element.startTagSpan, message: `deciding rule: ${describeRule(decisive)}` });
  }
  const assumed = hostVisible
    ? ''
    : ' (No applicationHost.config in the workspace governs this path: the server may enable another method or allow more.)';
  context.report({
    span: decisiveHere ? anchor.startTagSpan : anchor.nameSpan,
    severity: hostVisible ? undefined : 'information',
    message: lockout.message + assumed,
    related,
    data: { path: authorization.target.path, rules: authorization.rules.length },
  });
}
