/**
 * Failed Request Tracing files built for tests, in the shape IIS writes them (root `<failedRequest>`,
 * one `<Event>` per step with `System`, `EventData/Data[@Name]`, `RenderingInfo/Opcode` and
 * `freb:Description`), with the event sequences of two public traces:
 * - `noUserTrace`: the sub-application of "IIS Client Certificate Authentication results in
 *   401-Unauthorized for sub-applications" (IIS Support Blog) and the AUTH_* list of Stack Overflow
 *   question 52743395: every authentication module runs, none sets a user, IIS Web Core answers 401.2.
 * - `mappingLogonFailedTrace`: the certificate mapping module maps the certificate to an account and
 *   the logon fails (401.1, the -1073741715 STATUS_LOGON_FAILURE of the Stack Overflow question).
 */

export interface TraceEvent {
  name: string;
  level?: number;
  data?: Array<[name: string, value: string, description?: string]>;
}

export interface TraceOptions {
  url: string;
  siteId: string;
  statusCode: string;
  verb?: string;
  timeTaken?: string;
  events: TraceEvent[];
}

const HEADER = `<?xml version="1.0" encoding="UTF-8" ?>\r\n<?xml-stylesheet type='text/xsl' href='freb.xsl'?>\r\n<!-- saved from url=(0014)about:internet -->\r\n`;

export function frebTrace(options: TraceOptions, eol = '\r\n'): string {
  const out: string[] = [];
  out.push(
    `<failedRequest url="${options.url}" siteId="${options.siteId}" appPoolId="PortalPool" processId="4242" verb="${options.verb ?? 'GET'}" remoteUserName="" userName="" tokenUserName="" authenticationType="NOT_AVAILABLE" activityId="{80000009-0000-EA00-B63F-84710C7967BB}" failureReason="STATUS_CODE" statusCode="${options.statusCode}" triggerStatusCode="${options.statusCode}" timeTaken="${options.timeTaken ?? '1734'}" xmlns:freb="http://schemas.microsoft.com/win/2006/06/iis/freb">`,
  );
  options.events.forEach((event, i) => {
    const data = (event.data ?? []).map(([name, value]) => `  <Data Name="${name}">${value}</Data>`).join(eol);
    const descriptions = (event.data ?? [])
      .filter(([, , description]) => description !== undefined)
      .map(([name, , description]) => `  <freb:Description Data="${name}">${description}</freb:Description>`)
      .join(eol);
    out.push(
      [
        ` <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`,
        `  <System>`,
        `   <Provider Name="WWW Server" Guid="{3A2A4E84-4C21-4981-AE10-3FDA0D9B0F83}"/>`,
        `   <EventID>0</EventID><Version>1</Version><Level>${event.level ?? 4}</Level><Opcode>${i + 1}</Opcode><Keywords>0x0</Keywords>`,
        `   <TimeCreated SystemTime="2026-11-02T08:15:0${Math.min(i, 9)}.${String(100 + i).slice(-3)}Z"/>`,
        `   <Correlation ActivityID="{80000009-0000-EA00-B63F-84710C7967BB}"/>`,
        `   <Execution ProcessID="4242" ThreadID="1016"/>`,
        `   <Computer>WEB01</Computer>`,
        `  </System>`,
        ` <EventData>`,
        `  <Data Name="ContextId">{80000009-0000-EA00-B63F-84710C7967BB}</Data>`,
        data,
        ` </EventData>`,
        ` <RenderingInfo Culture="en-US">`,
        `  <Opcode>${event.name}</Opcode>`,
        descriptions,
        ` </RenderingInfo>`,
        ` <ExtendedTracingInfo xmlns="http://schemas.microsoft.com/win/2004/08/events/trace"><EventGuid>{D42CF7EF-DE92-473E-8B6C-621EA663113A}</EventGuid></ExtendedTracingInfo>`,
        ` </Event>`,
      ]
        .filter((line) => line !== '')
        .join(eol),
    );
  });
  out.push('</failedRequest>');
  return HEADER.replace(/\r\n/g, eol) + out.join(eol) + eol;
}

const moduleStart = (module: string): TraceEvent => ({ name: 'NOTIFY_MODULE_START', data: [['ModuleName', module], ['Notification', '2', 'AUTHENTICATE_REQUEST'], ['fIsPostNotification', 'false']] });
const moduleEnd = (module: string): TraceEvent => ({ name: 'NOTIFY_MODULE_END', data: [['ModuleName', module], ['Notification', '2', 'AUTHENTICATE_REQUEST'], ['NotificationStatus', '0', 'NOTIFICATION_CONTINUE']] });
const authStart = (value: string, name: string): TraceEvent => ({ name: 'AUTH_START', data: [['AuthTypeSupported', value, name]] });

/** 401.2: every module of the authentication stage ran and none set a user (anonymous was off). */
export function noUserTrace(url = 'https://portal.contoso.example:443/Payroll/default.aspx', siteId = '2'): string {
  return frebTrace({
    url,
    siteId,
    statusCode: '401.2',
    events: [
      { name: 'GENERAL_REQUEST_START', data: [['SiteId', siteId], ['AppPoolId', 'PortalPool'], ['RequestURL', url], ['RequestVerb', 'GET']] },
      { name: 'GENERAL_GET_URL_METADATA', data: [['PhysicalPath', ''], ['AccessPerms', '617']] },
      moduleStart('IISCertificateMappingAuthenticationModule'),
      authStart('128', 'MapCliCert'),
      { name: 'AUTH_REQUEST_AUTH_TYPE', data: [['RequestAuthType', '128', 'CertMap']] },
      { name: 'AUTH_END' },
      moduleEnd('IISCertificateMappingAuthenticationModule'),
      moduleStart('WindowsAuthenticationModule'),
      authStart('4', 'NT'),
      { name: 'AUTH_END' },
      moduleEnd('WindowsAuthenticationModule'),
      {
        name: 'MODULE_SET_RESPONSE_ERROR_STATUS',
        level: 3,
        data: [
          ['ModuleName', 'IIS Web Core'],
          ['Notification', '2', 'AUTHENTICATE_REQUEST'],
          ['HttpStatus', '401'],
          ['HttpReason', 'Unauthorized'],
          ['HttpSubStatus', '2'],
          ['ErrorCode', '2147942405', 'Access is denied. (0x80070005)'],
          ['ConfigExceptionInfo', ''],
        ],
      },
      { name: 'GENERAL_SEND_CUSTOM_ERROR', data: [['HttpStatus', '401'], ['HttpSubStatus', '2'], ['FileNameOrURL', '401.htm']] },
      { name: 'GENERAL_REQUEST_END', data: [['BytesSent', '1293'], ['BytesReceived', '412'], ['HttpStatus', '401'], ['HttpSubStatus', '2']] },
    ],
  });
}

/** 401.1: the IIS certificate mapping module ran, mapped the certificate to an account, and the logon failed. */
export function mappingLogonFailedTrace(url = 'https://portal.contoso.example:443/', siteId = '2'): string {
  return frebTrace({
    url,
    siteId,
    statusCode: '401',
    timeTaken: '2',
    events: [
      { name: 'GENERAL_REQUEST_START', data: [['SiteId', siteId], ['AppPoolId', 'PortalPool'], ['RequestURL', url], ['RequestVerb', 'GET']] },
      moduleStart('IISCertificateMappingAuthenticationModule'),
      authStart('128', 'MapCliCert'),
      { name: 'AUTH_REQUEST_AUTH_TYPE', data: [['RequestAuthType', '128', 'CertMap']] },
      {
        name: 'MODULE_SET_RESPONSE_ERROR_STATUS',
        level: 3,
        data: [
          ['ModuleName', 'IISCertificateMappingAuthenticationModule'],
          ['Notification', '2', 'AUTHENTICATE_REQUEST'],
          ['HttpStatus', '401'],
          ['HttpReason', 'Unauthorized'],
          ['HttpSubStatus', '1'],
          ['ErrorCode', '2147943726', 'The user name or password is incorrect. (0x8007052e)'],
        ],
      },
      { name: 'AUTH_END' },
      moduleEnd('IISCertificateMappingAuthenticationModule'),
      { name: 'GENERAL_REQUEST_END', data: [['HttpStatus', '401'], ['HttpSubStatus', '1']] },
    ],
  });
}

/** A successful mapping, for contrast: the mapping module set the user. */
export function mappedUserTrace(url = 'https://portal.contoso.example:443/', siteId = '2'): string {
  return frebTrace({
    url,
    siteId,
    statusCode: '404',
    events: [
      moduleStart('IISCertificateMappingAuthenticationModule'),
      authStart('128', 'MapCliCert'),
      { name: 'AUTH_REQUEST_AUTH_TYPE', data: [['RequestAuthType', '128', 'CertMap']] },
      { name: 'AUTH_SUCCEEDED', data: [['AuthType', '128', 'MapCliCert'], ['NTLMUsed', 'false'], ['RemoteUserName', 'CONTOSO\\dana.ruiz'], ['AuthUserName', 'CONTOSO\\dana.ruiz'], ['TokenImpersonationLevel', '2', 'ImpersonationImpersonate']] },
      { name: 'USER_SET', data: [['AuthType', 'MapCliCert'], ['UserName', 'CONTOSO\\dana.ruiz'], ['SupportsIsInRole', 'true']] },
      { name: 'AUTH_END' },
      moduleEnd('IISCertificateMappingAuthenticationModule'),
      { name: 'MODULE_SET_RESPONSE_ERROR_STATUS', level: 3, data: [['ModuleName', 'IIS Web Core'], ['Notification', '16', 'MAP_REQUEST_HANDLER'], ['HttpStatus', '404'], ['HttpSubStatus', '0'], ['ErrorCode', '2147942402', 'The system cannot find the file specified. (0x80070002)']] },
    ],
  });
}
