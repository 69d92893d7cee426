import { parseErrorNumber } from '../knowledge/explain';
import { findStatusCode, formatStatus } from '../knowledge/statusCodes';
import { findErrorCode } from '../knowledge/win32Codes';
import type { ConfigurationPredictor, PathPrediction } from '../logs/predict';
import { markdownText, predictionMarkdown, predictionText, shortFileLabel, type FileLabel } from '../logs/renderSummary';
import type { FrebEvent, FrebTrace } from './trace';

/**
 * A Failed Request Tracing file told as a story: the request, the authentication events in order
 * and which method set the user (or that none did), the module and notification that set the final
 * status, and what the workspace's configuration predicts for the URL (logs/predict.ts, the same
 * answer the log summary gives).
 *
 * Event and field names follow the traces IIS writes (a real trace in "Troubleshoot failed requests
 * using tracing in IIS 8.5",
 * https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/troubleshoot-failed-requests-using-tracing-in-iis-85,
 * and the traces in "Error 401.2 with smartcard login for new users with more recent Intermediate
 * certificate", https://stackoverflow.com/questions/52743395, and "IIS Client Certificate
 * Authentication results in 401-Unauthorized for sub-applications",
 * https://techcommunity.microsoft.com/t5/iis-support-blog/iis-client-certificate-authentication-results-in-401/ba-p/1342999).
 */

const AUTH_EVENTS = new Set(['AUTH_START', 'AUTH_REQUEST_AUTH_TYPE', 'AUTH_SUCCEEDED', 'AUTH_FAILED', 'AUTH_END', 'USER_SET']);

/**
 * AuthType numbers as the traces write them next to their names (the Stack Overflow trace above:
 * "AuthTypeSupported 128 AuthTypeSupported MapCliCert", "RequestAuthType 128 RequestAuthType
 * CertMap"); used only when a trace carries the number without its `freb:Description`.
 */
const AUTH_TYPE_NAMES: Record<string, string> = { '1': 'Anonymous', '2': 'Basic', '4': 'NT', '16': 'Digest', '128': 'MapCliCert' };

/** What each AuthType name stands for in IIS's configuration. */
const AUTH_TYPE_METHODS: Record<string, string> = {
  anonymous: 'anonymous authentication',
  basic: 'Basic authentication',
  nt: 'Windows authentication (Negotiate/NTLM)',
  digest: 'Digest authentication',
  mapclicert: 'client certificate mapping',
  certmap: 'client certificate mapping',
};

export interface AuthStep {
  event: string;
  /** e.g. `supported: MapCliCert (client certificate mapping)`. */
  detail: string;
  /** The module whose notification this ran in (NOTIFY_MODULE_START before it). */
  module?: string;
}

export interface FinalStatus {
  status: string;
  module?: string;
  notification?: string;
  error?: string;
  /** The event that says so: MODULE_SET_RESPONSE_ERROR_STATUS, else GENERAL_SEND_CUSTOM_ERROR / GENERAL_REQUEST_END. */
  from: string;
}

export interface FrebStory {
  url?: string;
  path?: string;
  verb?: string;
  siteId?: string;
  appPool?: string;
  status?: string;
  statusTitle?: string;
  timeTaken?: string;
  failureReason?: string;
  authentication: AuthStep[];
  /** "set by NT for CONTOSO\jane", or why no user was set. */
  user: { set: boolean; text: string };
  final?: FinalStatus;
  prediction?: PathPrediction;
  truncated?: string;
  events: number;
}

export function explainFrebTrace(trace: FrebTrace, predictor?: ConfigurationPredictor): FrebStory {
  const request = trace.request;
  const url = request.url ?? firstData(trace, 'GENERAL_REQUEST_START', 'RequestURL');
  const path = url ? pathOf(url) : undefined;
  const final = finalStatus(trace);
  const statusText = request.statusCode ?? final?.status;
  const parsed = statusText ? parseStatus(statusText, final?.status) : undefined;
  const story: FrebStory = {
    url,
    path,
    verb: request.verb ?? firstData(trace, 'GENERAL_REQUEST_START', 'RequestVerb'),
    siteId: request.siteId ?? firstData(trace, 'GENERAL_REQUEST_START', 'SiteId'),
    appPool: request.appPoolId,
    status: parsed ? formatStatus(parsed.status, parsed.subStatus) : statusText,
    statusTitle: parsed ? (findStatusCode(parsed.status, parsed.subStatus) ?? findStatusCode(parsed.status))?.title : undefined,
    timeTaken: request.timeTaken,
    failureReason: request.failureReason,
    authentication: authenticationSteps(trace),
    user: userOutcome(trace, parsed, final),
    final,
    truncated: trace.truncated,
    events: trace.events.length,
  };
  if (predictor?.hasConfiguration && path !== undefined && parsed) {
    const siteId = story.siteId !== undefined && /^\d+$/.test(story.siteId) ? Number(story.siteId) : undefined;
    story.prediction = predictor.predict({
      site: siteId !== undefined ? { from: 'trace', siteName: `W3SVC${siteId}`, siteId } : { from: 'none' },
      path,
      status: parsed.status,
      subStatus: parsed.subStatus,
      win32: final?.error !== undefined ? parseErrorNumber(final.error) : undefined,
    });
  }
  return story;
}

export function renderFrebMarkdown(name: string, story: FrebStory, fileLabel: FileLabel = shortFileLabel): string {
  const out: string[] = [`# Failed request trace: ${markdownText(name)}`, ''];
  if (story.truncated) out.push(`> **${markdownText(story.truncated)}**`, '');
  out.push('## The request', '');
  out.push(`- ${story.verb ? `**${markdownText(story.verb)}** ` : ''}${story.url ? `\`${story.url.replace(/`/g, "'")}\`` : '(no URL in the trace)'}`);
  if (story.siteId) out.push(`- Site id ${markdownText(story.siteId)}${story.prediction?.site ? ` (${markdownText(story.prediction.site.name)})` : ''}${story.appPool ? `, application pool ${markdownText(story.appPool)}` : ''}`);
  if (story.status) out.push(`- Status **${markdownText(story.status)}**${story.statusTitle ? `: ${markdownText(story.statusTitle)}` : ''}${story.failureReason ? ` (traced for ${markdownText(story.failureReason)})` : ''}`);
  if (story.timeTaken) out.push(`- Time taken: ${markdownText(story.timeTaken)} ms`);
  out.push('', '## Authentication, in order', '');
  if (story.authentication.length === 0) out.push('_The trace has no authentication events (the Security area may not be traced, or the request failed before authentication)._');
  story.authentication.forEach((step, i) => out.push(`${i + 1}. **${step.event}**${step.detail ? ` ${markdownText(step.detail)}` : ''}${step.module ? ` (in ${markdownText(step.module)})` : ''}`));
  out.push('', `**${story.user.set ? 'User' : 'No user'}:** ${markdownText(story.user.text)}`);
  out.push('', '## What set the final status', '');
  out.push(story.final ? markdownText(finalText(story.final)) : '_No event in the trace sets an error status._');
  if (story.prediction) {
    out.push('', `## What the configuration predicts for ${markdownText(story.path ?? 'this URL')}`, '');
    out.push(...predictionMarkdown(story.prediction, fileLabel));
  }
  return `${out.join('\n')}\n`;
}

export function renderFrebText(name: string, story: FrebStory, fileLabel: FileLabel = shortFileLabel): string {
  const out: string[] = [`${name}:`];
  if (story.truncated) out.push(`  ${story.truncated}`);
  out.push(`  Request: ${[story.verb, story.url].filter(Boolean).join(' ') || '(no URL in the trace)'}`);
  if (story.siteId) out.push(`  Site id: ${story.siteId}${story.prediction?.site ? ` (${story.prediction.site.name})` : ''}${story.appPool ? `, application pool ${story.appPool}` : ''}`);
  if (story.status) out.push(`  Status: ${story.status}${story.statusTitle ? ` ${story.statusTitle}` : ''}${story.timeTaken ? `, ${story.timeTaken} ms` : ''}`);
  out.push('  Authentication, in order:');
  if (story.authentication.length === 0) out.push('    (no authentication events in the trace)');
  story.authentication.forEach((step, i) => out.push(`    ${i + 1}. ${step.event}${step.detail ? ` ${step.detail}` : ''}${step.module ? ` (in ${step.module})` : ''}`));
  out.push(`  ${story.user.set ? 'User' : 'No user'}: ${story.user.text}`);
  out.push(`  Final status: ${story.final ? finalText(story.final) : 'no event in the trace sets an error status'}`);
  if (story.prediction) {
    out.push(`  Configuration at ${story.path}:`);
    for (const line of predictionText(story.prediction, fileLabel)) out.push(`    ${line}`);
  }
  return `${out.join('\n')}\n`;
}

function finalText(final: FinalStatus): string {
  const who = final.module ? `${final.module} set ${final.status}` : `${final.status} was sent`;
  const when = final.notification ? ` during ${final.notification}` : '';
  return `${who}${when}${final.error ? ` (${final.error})` : ''}; from ${final.from}.`;
}

function authenticationSteps(trace: FrebTrace): AuthStep[] {
  const steps: AuthStep[] = [];
  let module: string | undefined;
  for (const event of trace.events) {
    if (event.name === 'NOTIFY_MODULE_START') module = event.data.get('ModuleName');
    else if (event.name === 'NOTIFY_MODULE_END') module = undefined;
    if (!AUTH_EVENTS.has(event.name)) continue;
    steps.push({ event: event.name, detail: authDetail(event), module });
  }
  return steps;
}

function authDetail(event: FrebEvent): string {
  switch (event.name) {
    case 'AUTH_START':
      return `supported: ${authTypeText(event, 'AuthTypeSupported')}`;
    case 'AUTH_REQUEST_AUTH_TYPE':
      return `the request offers: ${authTypeText(event, 'RequestAuthType')}`;
    case 'AUTH_SUCCEEDED': {
      const user = event.data.get('AuthUserName') || event.data.get('RemoteUserName');
      return `${authTypeText(event, 'AuthType')}${user ? `, user ${user}` : ', with an empty user name (the anonymous user)'}`;
    }
    case 'USER_SET': {
      const user = event.data.get('UserName');
      const type = event.data.get('AuthType');
      return `${type ? `${type}, ` : ''}${user ? `user ${user}` : 'empty user name (the anonymous user)'}`;
    }
    default:
      return [...event.data].filter(([name]) => name !== 'ContextId').map(([name, value]) => `${name} ${value}`).join(', ');
  }
}

function authTypeText(event: FrebEvent, field: string): string {
  const value = event.data.get(field);
  const name = event.descriptions.get(field) ?? (value !== undefined ? AUTH_TYPE_NAMES[value] : undefined);
  const method = name ? AUTH_TYPE_METHODS[name.toLowerCase()] : undefined;
  if (!name) return value ?? '?';
  return method ? `${name} (${method})` : name;
}

function userOutcome(trace: FrebTrace, status: { status: number; subStatus?: number } | undefined, final: FinalStatus | undefined): { set: boolean; text: string } {
  const succeeded = trace.events.filter((e) => e.name === 'AUTH_SUCCEEDED');
  const userSet = trace.events.filter((e) => e.name === 'USER_SET');
  const last = succeeded[succeeded.length - 1];
  if (last) {
    const user = last.data.get('AuthUserName') || last.data.get('RemoteUserName') || userSet[userSet.length - 1]?.data.get('UserName');
    const method = authTypeText(last, 'AuthType');
    return { set: true, text: `set by ${method}${user ? ` for ${user}` : ' with an empty user name, the anonymous user'} (AUTH_SUCCEEDED${userSet.length > 0 ? ', USER_SET' : ''}).` };
  }
  if (userSet.length > 0) {
    const user = userSet[userSet.length - 1].data.get('UserName');
    return { set: true, text: `a module set ${user ? `the user ${user}` : 'an empty user name, the anonymous user'} (USER_SET) without an AUTH_SUCCEEDED event.` };
  }
  if (final?.module && final.status === '401.1' && final.notification === 'AUTHENTICATE_REQUEST') {
    // 401.1 from an authentication module: it had what it needed (a certificate it mapped, credentials) and the logon was refused.
    const mapping = /certificate/i.test(final.module);
    const what = mapping
      ? 'the certificate mapping module ran and mapped the certificate to an account, and logging that account on failed (the mapping\'s userName or password, or the account itself: disabled, locked, expired)'
      : `${final.module} ran and the logon it attempted failed`;
    return { set: false, text: `${what}; IIS answered 401.1${final.error ? ` (${final.error})` : ''}.` };
  }
  const started = trace.events.filter((e) => e.name === 'AUTH_START').map((e) => authTypeText(e, 'AuthTypeSupported'));
  const ran = started.length > 0 ? `${started.length} authentication step${started.length === 1 ? '' : 's'} ran (${[...new Set(started)].join('; ')}) and none set one` : 'no authentication module reported any step';
  const noUser = status?.status === 401 && status.subStatus === 2 ? ', so the authentication stage ended without a user and IIS answered 401.2' : '';
  return { set: false, text: `${ran}${noUser}.` };
}

function finalStatus(trace: FrebTrace): FinalStatus | undefined {
  const events = trace.events;
  let module: string | undefined;
  let notification: string | undefined;
  let found: FinalStatus | undefined;
  for (const event of events) {
    if (event.name === 'NOTIFY_MODULE_START') {
      module = event.data.get('ModuleName');
      notification = event.descriptions.get('Notification') ?? event.data.get('Notification');
    }
    if (event.name === 'MODULE_SET_RESPONSE_ERROR_STATUS') {
      const status = statusOf(event);
      if (status) {
        found = {
          status,
          module: event.data.get('ModuleName') ?? module,
          notification: event.descriptions.get('Notification') ?? event.data.get('Notification') ?? notification,
          error: errorText(event),
          from: 'MODULE_SET_RESPONSE_ERROR_STATUS',
        };
      }
    }
  }
  if (found) return found;
  // No module said so (a trace without the verbose Security area, or a status IIS set itself): the error page IIS sent.
  for (const name of ['GENERAL_SEND_CUSTOM_ERROR', 'GENERAL_REQUEST_END']) {
    const event = [...events].reverse().find((e) => e.name === name && statusOf(e) && Number(e.data.get('HttpStatus')) >= 400);
    if (event) return { status: statusOf(event)!, module, notification, error: errorText(event), from: name };
  }
  return undefined;
}

function statusOf(event: FrebEvent): string | undefined {
  const status = event.data.get('HttpStatus');
  if (!status || !/^\d{3}$/.test(status)) return undefined;
  const sub = event.data.get('HttpSubStatus');
  return formatStatus(Number(status), sub !== undefined && /^\d+$/.test(sub) ? Number(sub) : undefined);
}

function errorText(event: FrebEvent): string | undefined {
  const raw = event.data.get('ErrorCode');
  if (!raw) return undefined;
  const described = event.descriptions.get('ErrorCode');
  const number = parseErrorNumber(raw);
  const known = number !== undefined ? findErrorCode(number) : undefined;
  if (described) return described;
  if (number === undefined || number === 0) return undefined;
  const hex = `0x${(number >>> 0).toString(16).padStart(8, '0')}`;
  return known ? `${hex} ${known.name}` : hex;
}

function parseStatus(text: string, fallback: string | undefined): { status: number; subStatus?: number } | undefined {
  // `statusCode="401"` has no sub-status in the traces IIS writes; the event that set it has.
  const from = /^\d{3}$/.test(text) && fallback?.startsWith(`${text}.`) ? fallback : text;
  const match = /^(\d{3})(?:\.(\d+))?$/.exec(from.trim());
  return match ? { status: Number(match[1]), subStatus: match[2] !== undefined ? Number(match[2]) : undefined } : undefined;
}

function firstData(trace: FrebTrace, event: string, name: string): string | undefined {
  return trace.events.find((e) => e.name === event)?.data.get(name);
}

/** The URL's path, decoded as IIS logs it in cs-uri-stem. */
function pathOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    const match = /^[a-z]+:\/\/[^/]*(\/[^?#]*)/i.exec(url);
    return match ? match[1] : url.startsWith('/') ? url.split(/[?#]/)[0] : undefined;
  }
}
