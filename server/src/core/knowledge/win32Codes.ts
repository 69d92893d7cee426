// Win32, NTSTATUS and HRESULT codes that show up in IIS logs (sc-win32-status), Failed Request Tracing
// (ErrorCode), IIS error pages (HRESULT) and certutil output when authentication or TLS fails. Names and
// numbers are Windows' own (winerror.h / ntstatus.h as published in [MS-ERREF] and the System Error Codes
// reference); the meanings and "what to check" texts are ours.

import { CLIENT_CERTIFICATE_REVISITED, SMARTCARD_401_2, cite } from './sources';

export type ErrorCodeKind = 'win32' | 'ntstatus' | 'hresult';

export interface ErrorCodeEntry {
  kind: ErrorCodeKind;
  /** Unsigned 32-bit value (a Win32 code is small; NTSTATUS/HRESULT have the high bit set). */
  value: number;
  name: string;
  meaning: string;
  /** What to look at when IIS reports it. */
  check?: string;
  /** For NTSTATUS codes: the Win32 code Windows translates it to. */
  win32?: number;
  source: string;
}

const WIN32_0_499 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-';
const WIN32_500_999 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--500-999-';
const WIN32_1000_1299 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--1000-1299-';
const WIN32_1300_1699 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--1300-1699-';
const WIN32_1700_3999 = 'https://learn.microsoft.com/windows/win32/debug/system-error-codes--1700-3999-';
const WINSOCK = 'https://learn.microsoft.com/windows/win32/winsock/windows-sockets-error-codes-2';
const WININET = 'https://learn.microsoft.com/windows/win32/wininet/wininet-errors';
const NTSTATUS = 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55';
const HRESULT = 'https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/705fb797-2175-4a90-b5a3-3918024b10b8';
const HRESULT_500_19 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-error-500-19-webpage';
const HRESULT_403_16 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-403-forbidden-access-website';

const ACCOUNT_CHECK = 'Check the account the request logs on as: the anonymous user, the Basic/Windows user, or the account a certificate mapping points to.';
const CERT_MAPPING_PASSWORD =
  'For IIS client certificate mapping, the password stored in the mapping must be the account\'s current password; re-enter it after a password change.';

export const ERROR_CODES: readonly ErrorCodeEntry[] = [
  // ---- Win32 (sc-win32-status is a Win32 code) ----
  { kind: 'win32', value: 0, name: 'ERROR_SUCCESS', meaning: 'No error.', source: WIN32_0_499 },
  { kind: 'win32', value: 2, name: 'ERROR_FILE_NOT_FOUND', meaning: 'The file was not found.', check: 'Physical path of the URL, default document, or a file the handler opens.', source: WIN32_0_499 },
  { kind: 'win32', value: 3, name: 'ERROR_PATH_NOT_FOUND', meaning: 'The folder path was not found.', check: 'Physical path of the site, application or virtual directory.', source: WIN32_0_499 },
  {
    kind: 'win32',
    value: 5,
    name: 'ERROR_ACCESS_DENIED',
    meaning: 'Access was denied.',
    check:
      'With 401.2: no authentication method produced a user (normal on the first leg of a Negotiate/NTLM challenge; otherwise anonymous disabled and no other method succeeded, or a certificate mapping did not match). With 401.3: NTFS permissions of the requested file for the request identity. With 403.7: no client certificate arrived (see 403.7).',
    source: WIN32_0_499,
  },
  { kind: 'win32', value: 13, name: 'ERROR_INVALID_DATA', meaning: 'The data is invalid.', source: WIN32_0_499 },
  { kind: 'win32', value: 32, name: 'ERROR_SHARING_VIOLATION', meaning: 'The file is in use by another process.', check: 'Antivirus or a backup tool holding a file (often web.config or a log) open.', source: WIN32_0_499 },
  { kind: 'win32', value: 33, name: 'ERROR_LOCK_VIOLATION', meaning: 'Part of the file is locked by another process.', check: 'As HRESULT 0x80070021 in a 500.19 it means a configuration section is locked at a higher level.', source: WIN32_0_499 },
  { kind: 'win32', value: 53, name: 'ERROR_BAD_NETPATH', meaning: 'The network path was not found.', check: 'UNC content path or a network share the application uses.', source: WIN32_0_499 },
  {
    kind: 'win32',
    value: 55,
    name: 'ERROR_DEV_NOT_EXIST',
    meaning: 'The network resource or device is no longer available.',
    check: `Seen in certutil -urlfetch output when a CRL distribution point (often LDAP) cannot be reached (${cite(CLIENT_CERTIFICATE_REVISITED)}).`,
    source: WIN32_0_499,
  },
  {
    kind: 'win32',
    value: 64,
    name: 'ERROR_NETNAME_DELETED',
    meaning: 'The network name is no longer available: the client closed or reset the connection.',
    check: 'Usually the client gave up, for example when a TLS handshake with a client certificate prompt was cancelled or reset; compare with the requests just before and after from the same client (' + cite(SMARTCARD_401_2) + ').',
    source: WIN32_0_499,
  },
  { kind: 'win32', value: 67, name: 'ERROR_BAD_NET_NAME', meaning: 'The network name cannot be found.', check: 'Share name in a UNC path.', source: WIN32_0_499 },
  { kind: 'win32', value: 86, name: 'ERROR_INVALID_PASSWORD', meaning: 'The network password is not correct.', check: 'Credentials of a virtual directory that connects to a UNC share.', source: WIN32_0_499 },
  { kind: 'win32', value: 87, name: 'ERROR_INVALID_PARAMETER', meaning: 'A parameter is incorrect.', source: WIN32_0_499 },
  { kind: 'win32', value: 121, name: 'ERROR_SEM_TIMEOUT', meaning: 'The semaphore timeout period expired (a network operation timed out).', check: 'Slow or broken network path to a share, domain controller or backend.', source: WIN32_0_499 },
  { kind: 'win32', value: 126, name: 'ERROR_MOD_NOT_FOUND', meaning: 'The specified module could not be found.', check: 'A native module or its dependencies listed in globalModules is missing.', source: WIN32_0_499 },
  { kind: 'win32', value: 183, name: 'ERROR_ALREADY_EXISTS', meaning: 'Cannot create a file when that file already exists.', check: 'As HRESULT 0x800700B7 in a 500.19: a collection entry is added twice (duplicate key).', source: WIN32_0_499 },
  { kind: 'win32', value: 995, name: 'ERROR_OPERATION_ABORTED', meaning: 'The I/O operation was aborted (thread exit or application request).', check: 'Client disconnected or the worker process recycled during the request.', source: WIN32_500_999 },
  { kind: 'win32', value: 1168, name: 'ERROR_NOT_FOUND', meaning: 'Element not found.', source: WIN32_1000_1299 },
  { kind: 'win32', value: 1219, name: 'ERROR_SESSION_CREDENTIAL_CONFLICT', meaning: 'Multiple connections to one server by the same user with different credentials are not allowed.', check: 'A UNC share already connected under another account.', source: WIN32_1000_1299 },
  { kind: 'win32', value: 1225, name: 'ERROR_CONNECTION_REFUSED', meaning: 'The remote computer refused the network connection.', source: WIN32_1000_1299 },
  { kind: 'win32', value: 1236, name: 'ERROR_CONNECTION_ABORTED', meaning: 'The network connection was aborted by the local system.', check: 'HTTP.sys or IIS closed the connection, e.g. after a failed TLS handshake or a timeout.', source: WIN32_1000_1299 },
  { kind: 'win32', value: 1244, name: 'ERROR_NOT_AUTHENTICATED', meaning: 'The operation needs an authenticated user.', source: WIN32_1000_1299 },
  { kind: 'win32', value: 1311, name: 'ERROR_NO_LOGON_SERVERS', meaning: 'No logon server is available to service the logon request.', check: 'The IIS server cannot reach a domain controller (DNS, firewall, secure channel).', source: WIN32_1300_1699 },
  { kind: 'win32', value: 1314, name: 'ERROR_PRIVILEGE_NOT_HELD', meaning: 'A required privilege is not held by the client.', source: WIN32_1300_1699 },
  { kind: 'win32', value: 1317, name: 'ERROR_NO_SUCH_USER', meaning: 'The specified account does not exist.', check: 'User name spelling and domain; for certificate mappings the userName of the mapping.', source: WIN32_1300_1699 },
  {
    kind: 'win32',
    value: 1326,
    name: 'ERROR_LOGON_FAILURE',
    meaning: 'Unknown user name or bad password.',
    check: `Credentials the client sent, or the stored password of the anonymous account / certificate mapping. ${CERT_MAPPING_PASSWORD}`,
    source: WIN32_1300_1699,
  },
  { kind: 'win32', value: 1327, name: 'ERROR_ACCOUNT_RESTRICTION', meaning: 'Account restrictions prevent this logon (for example a blank password, or logon-hour or workstation limits).', check: ACCOUNT_CHECK, source: WIN32_1300_1699 },
  { kind: 'win32', value: 1328, name: 'ERROR_INVALID_LOGON_HOURS', meaning: 'The account is not allowed to log on at this time of day.', check: 'Logon hours of the account in Active Directory.', source: WIN32_1300_1699 },
  { kind: 'win32', value: 1329, name: 'ERROR_INVALID_WORKSTATION', meaning: 'The account is not allowed to log on from this computer.', check: '"Log on to" workstation list of the account: it must include the IIS server.', source: WIN32_1300_1699 },
  { kind: 'win32', value: 1330, name: 'ERROR_PASSWORD_EXPIRED', meaning: 'The account\'s password has expired.', check: ACCOUNT_CHECK, source: WIN32_1300_1699 },
  { kind: 'win32', value: 1331, name: 'ERROR_ACCOUNT_DISABLED', meaning: 'The account is disabled.', check: ACCOUNT_CHECK, source: WIN32_1300_1699 },
  { kind: 'win32', value: 1332, name: 'ERROR_NONE_MAPPED', meaning: 'No mapping between account names and security IDs was done.', check: 'An account or group name in configuration (authorization rules, mappings) that does not resolve.', source: WIN32_1300_1699 },
  { kind: 'win32', value: 1355, name: 'ERROR_NO_SUCH_DOMAIN', meaning: 'The specified domain does not exist or cannot be contacted.', check: 'defaultLogonDomain or the domain part of the user name.', source: WIN32_1300_1699 },
  {
    kind: 'win32',
    value: 1385,
    name: 'ERROR_LOGON_TYPE_NOT_GRANTED',
    meaning: 'The user has not been granted the requested logon type on this computer.',
    check: 'User rights on the IIS server for the logonMethod in use: "Access this computer from the network" for Network/ClearText, "Allow log on locally" for Interactive, "Log on as a batch job" for Batch.',
    source: WIN32_1300_1699,
  },
  { kind: 'win32', value: 1396, name: 'ERROR_WRONG_TARGET_NAME', meaning: 'The target account name is incorrect (Kerberos).', check: 'SPN registered for the host name the client used, and useAppPoolCredentials when the SPN belongs to the pool account.', source: WIN32_1300_1699 },
  { kind: 'win32', value: 1398, name: 'ERROR_TIME_SKEW', meaning: 'Clock difference between client and server (or domain controller) is too large.', check: 'Time synchronisation of the IIS server, clients and domain controllers.', source: WIN32_1300_1699 },
  { kind: 'win32', value: 1722, name: 'RPC_S_SERVER_UNAVAILABLE', meaning: 'The RPC server is unavailable.', check: 'Connectivity from the IIS server to a domain controller or other RPC endpoint.', source: WIN32_1700_3999 },
  { kind: 'win32', value: 1787, name: 'ERROR_NO_TRUST_SAM_ACCOUNT', meaning: 'The security database on the server has no computer account for this workstation trust relationship.', check: 'The IIS server\'s computer account in the domain.', source: WIN32_1700_3999 },
  { kind: 'win32', value: 1789, name: 'ERROR_TRUSTED_RELATIONSHIP_FAILURE', meaning: 'The trust relationship between this workstation and the primary domain failed.', check: 'Reset the IIS server\'s secure channel with the domain.', source: WIN32_1700_3999 },
  { kind: 'win32', value: 1790, name: 'ERROR_TRUST_FAILURE', meaning: 'The network logon failed.', check: 'Trust between the user\'s domain and the server\'s domain.', source: WIN32_1700_3999 },
  { kind: 'win32', value: 1793, name: 'ERROR_ACCOUNT_EXPIRED', meaning: 'The user\'s account has expired.', check: ACCOUNT_CHECK, source: WIN32_1700_3999 },
  { kind: 'win32', value: 1907, name: 'ERROR_PASSWORD_MUST_CHANGE', meaning: 'The user\'s password must be changed before signing in.', check: ACCOUNT_CHECK, source: WIN32_1700_3999 },
  { kind: 'win32', value: 1909, name: 'ERROR_ACCOUNT_LOCKED_OUT', meaning: 'The account is locked out.', check: 'Lockout of the account, often caused by a stale stored password (mapping, anonymous user, app pool) retrying.', source: WIN32_1700_3999 },
  { kind: 'win32', value: 1935, name: 'ERROR_AUTHENTICATION_FIREWALL_FAILED', meaning: 'The computer is not allowed to authenticate this user (selective authentication or an authentication policy).', check: '"Allowed to authenticate" permission on the server for users of a trusted forest, or authentication policy silos.', source: WIN32_1700_3999 },
  { kind: 'win32', value: 10054, name: 'WSAECONNRESET', meaning: 'The connection was reset by the remote host.', source: WINSOCK },
  { kind: 'win32', value: 10060, name: 'WSAETIMEDOUT', meaning: 'The connection attempt timed out.', source: WINSOCK },
  { kind: 'win32', value: 10061, name: 'WSAECONNREFUSED', meaning: 'The target computer actively refused the connection.', source: WINSOCK },
  { kind: 'win32', value: 12002, name: 'ERROR_INTERNET_TIMEOUT', meaning: 'The request timed out (WinINet/WinHTTP).', check: 'When fetching a CRL or AIA URL: the distribution point does not answer in time.', source: WININET },
  {
    kind: 'win32',
    value: 12007,
    name: 'ERROR_INTERNET_NAME_NOT_RESOLVED',
    meaning: 'The server name could not be resolved.',
    check: 'Seen in certutil -urlfetch when a CRL distribution point\'s host name does not resolve from the IIS server (' + cite(CLIENT_CERTIFICATE_REVISITED) + ').',
    source: WININET,
  },
  { kind: 'win32', value: 12029, name: 'ERROR_INTERNET_CANNOT_CONNECT', meaning: 'The connection to the server could not be established.', check: 'Firewall or proxy blocking the CRL/OCSP URL from the server.', source: WININET },
  { kind: 'win32', value: 12030, name: 'ERROR_INTERNET_CONNECTION_ABORTED', meaning: 'The connection with the server was terminated.', source: WININET },

  // ---- NTSTATUS (logged in sc-win32-status as a negative decimal when a logon fails) ----
  { kind: 'ntstatus', value: 0xc0000001, name: 'STATUS_UNSUCCESSFUL', meaning: 'The operation failed.', win32: 31, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc000000d, name: 'STATUS_INVALID_PARAMETER', meaning: 'An invalid parameter was passed.', win32: 87, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000022, name: 'STATUS_ACCESS_DENIED', meaning: 'Access was denied.', win32: 5, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000034, name: 'STATUS_OBJECT_NAME_NOT_FOUND', meaning: 'The object name was not found.', win32: 2, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc000005e, name: 'STATUS_NO_LOGON_SERVERS', meaning: 'No logon server is available.', win32: 1311, check: 'Domain controller reachability from the IIS server.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000062, name: 'STATUS_INVALID_ACCOUNT_NAME', meaning: 'The account name is invalid.', win32: 1315, check: 'User name format (DOMAIN\\user or UPN) in credentials or mappings.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000064, name: 'STATUS_NO_SUCH_USER', meaning: 'The user name does not exist.', win32: 1317, check: 'Spelling and domain of the user name; the userName of a certificate mapping.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc000006a, name: 'STATUS_WRONG_PASSWORD', meaning: 'The user exists but the password is wrong.', win32: 1326, check: CERT_MAPPING_PASSWORD, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc000006c, name: 'STATUS_PASSWORD_RESTRICTION', meaning: 'A password restriction (such as a blank password) prevents the logon.', win32: 1325, check: ACCOUNT_CHECK, source: NTSTATUS },
  {
    kind: 'ntstatus',
    value: 0xc000006d,
    name: 'STATUS_LOGON_FAILURE',
    meaning: 'The logon attempt failed: unknown user name or bad password.',
    win32: 1326,
    check: `Logged as -1073741715 with 401.1 (${cite(SMARTCARD_401_2)}). Check the credentials or the account a certificate mapping uses. ${CERT_MAPPING_PASSWORD} The sub-status in the Security event log (4625) tells which: 0xC0000064 no such user, 0xC000006A wrong password.`,
    source: NTSTATUS,
  },
  { kind: 'ntstatus', value: 0xc000006e, name: 'STATUS_ACCOUNT_RESTRICTION', meaning: 'Account restrictions prevent the logon.', win32: 1327, check: ACCOUNT_CHECK, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc000006f, name: 'STATUS_INVALID_LOGON_HOURS', meaning: 'The account may not log on at this time.', win32: 1328, check: 'Logon hours of the account.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000070, name: 'STATUS_INVALID_WORKSTATION', meaning: 'The account may not log on from this computer.', win32: 1329, check: '"Log on to" workstation list of the account.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000071, name: 'STATUS_PASSWORD_EXPIRED', meaning: 'The password has expired.', win32: 1330, check: ACCOUNT_CHECK, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000072, name: 'STATUS_ACCOUNT_DISABLED', meaning: 'The account is disabled.', win32: 1331, check: ACCOUNT_CHECK, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000073, name: 'STATUS_NONE_MAPPED', meaning: 'None of the names could be mapped to security IDs.', win32: 1332, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc000009a, name: 'STATUS_INSUFFICIENT_RESOURCES', meaning: 'Not enough system resources to complete the call.', win32: 1450, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED', meaning: 'The request is not supported.', win32: 50, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc00000df, name: 'STATUS_NO_SUCH_DOMAIN', meaning: 'The domain does not exist or cannot be contacted.', win32: 1355, check: 'defaultLogonDomain or the domain part of the user name.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000133, name: 'STATUS_TIME_DIFFERENCE_AT_DC', meaning: 'The clocks of this computer and the domain controller differ too much.', win32: 1398, check: 'Time synchronisation.', source: NTSTATUS },
  {
    kind: 'ntstatus',
    value: 0xc000015b,
    name: 'STATUS_LOGON_TYPE_NOT_GRANTED',
    meaning: 'The user has not been granted the requested logon type here.',
    win32: 1385,
    check: 'User rights for the logonMethod in use (network, interactive, batch) on the IIS server.',
    source: NTSTATUS,
  },
  { kind: 'ntstatus', value: 0xc000018b, name: 'STATUS_NO_TRUST_SAM_ACCOUNT', meaning: 'The domain has no computer account for this machine\'s trust relationship.', win32: 1787, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc000018d, name: 'STATUS_TRUSTED_RELATIONSHIP_FAILURE', meaning: 'The trust relationship between this computer and the domain failed.', win32: 1789, check: 'Secure channel of the IIS server with its domain.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000192, name: 'STATUS_NETLOGON_NOT_STARTED', meaning: 'The Netlogon service is not running.', win32: 1792, check: 'Netlogon service on the IIS server.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000193, name: 'STATUS_ACCOUNT_EXPIRED', meaning: 'The account has expired.', win32: 1793, check: ACCOUNT_CHECK, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000199, name: 'STATUS_NOLOGON_WORKSTATION_TRUST_ACCOUNT', meaning: 'A computer account was used to log on; use a user account.', win32: 1807, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000224, name: 'STATUS_PASSWORD_MUST_CHANGE', meaning: 'The password must be changed before the first logon.', win32: 1907, check: ACCOUNT_CHECK, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000225, name: 'STATUS_NOT_FOUND', meaning: 'The object was not found.', win32: 1168, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000234, name: 'STATUS_ACCOUNT_LOCKED_OUT', meaning: 'The account is locked out.', win32: 1909, check: 'Lockout of the account; look for a service or mapping retrying with an old password.', source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000388, name: 'STATUS_DOWNGRADE_DETECTED', meaning: 'A possible attempt to weaken authentication was detected.', win32: 1265, source: NTSTATUS },
  { kind: 'ntstatus', value: 0xc0000413, name: 'STATUS_AUTHENTICATION_FIREWALL_FAILED', meaning: 'The machine is not allowed to authenticate this user (selective authentication or authentication policy).', win32: 1935, source: NTSTATUS },

  // ---- HRESULT (IIS error pages, FREB ErrorCode, certificate chain checks) ----
  { kind: 'hresult', value: 0x80070002, name: 'HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)', meaning: 'The file was not found.', source: HRESULT },
  { kind: 'hresult', value: 0x80070003, name: 'HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)', meaning: 'Cannot read the configuration file: the path does not exist or is not readable.', check: 'In a 500.19: web.config path of the virtual directory and its permissions.', source: HRESULT_500_19 },
  {
    kind: 'hresult',
    value: 0x80070005,
    name: 'E_ACCESSDENIED',
    meaning: 'Access is denied.',
    check: 'In a 500.19: IIS_IUSRS lacks read permission on web.config/applicationHost.config, or UNC pass-through is used. With 403.7: no acceptable client certificate.',
    source: HRESULT_500_19,
  },
  { kind: 'hresult', value: 0x8007000d, name: 'HRESULT_FROM_WIN32(ERROR_INVALID_DATA)', meaning: 'Configuration is malformed or contains an element IIS does not know.', check: 'In a 500.19: a misspelled element, or one that belongs to a module that is not installed (e.g. URL Rewrite).', source: HRESULT_500_19 },
  {
    kind: 'hresult',
    value: 0x80070021,
    name: 'HRESULT_FROM_WIN32(ERROR_LOCK_VIOLATION)',
    meaning: 'This configuration section is locked at a higher level ("cannot be used at this path").',
    check: 'The section is declared overrideModeDefault="Deny" (access and all authentication sections are): unlock it with <location overrideMode="Allow"> in applicationHost.config or `appcmd unlock config -section:...`, or set it in applicationHost.config instead of web.config.',
    source: HRESULT_500_19,
  },
  { kind: 'hresult', value: 0x80070037, name: 'HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST)', meaning: 'The network resource or device is no longer available.', check: 'In certutil -urlfetch: a CRL distribution point cannot be reached (' + cite(CLIENT_CERTIFICATE_REVISITED) + ').', source: HRESULT },
  { kind: 'hresult', value: 0x8007007e, name: 'HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)', meaning: 'A module or DLL referenced by configuration does not exist.', check: 'In a 500.19: globalModules/modules entries.', source: HRESULT_500_19 },
  { kind: 'hresult', value: 0x800700b7, name: 'HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)', meaning: 'A collection entry is defined twice (duplicate key), here or at a parent level.', check: 'In a 500.19: the duplicate add element named in the error (e.g. a mapping or provider already inherited); remove it or add <remove>/<clear> first.', source: HRESULT_500_19 },
  { kind: 'hresult', value: 0x800700c1, name: 'HRESULT_FROM_WIN32(ERROR_BAD_EXE_FORMAT)', meaning: 'A module\'s bitness does not match the application pool (32-bit vs 64-bit), or it is corrupted.', source: HRESULT_500_19 },
  { kind: 'hresult', value: 0x8007010b, name: 'HRESULT_FROM_WIN32(ERROR_DIRECTORY)', meaning: 'The content directory cannot be accessed.', source: HRESULT_500_19 },
  { kind: 'hresult', value: 0x8007052e, name: 'HRESULT_FROM_WIN32(ERROR_LOGON_FAILURE)', meaning: 'Logon failure: unknown user name or bad password.', check: 'In a 500.19: the identity cannot open web.config on a remote share; elsewhere, stored credentials.', source: HRESULT_500_19 },
  { kind: 'hresult', value: 0x80072ee7, name: 'HRESULT_FROM_WIN32(ERROR_INTERNET_NAME_NOT_RESOLVED)', meaning: 'The server name or address could not be resolved.', check: 'In certutil -urlfetch: a CRL/AIA host name does not resolve from the server (' + cite(CLIENT_CERTIFICATE_REVISITED) + ').', source: HRESULT },
  { kind: 'hresult', value: 0x80090302, name: 'SEC_E_UNSUPPORTED_FUNCTION', meaning: 'The requested function is not supported (often: no common TLS protocol version).', check: 'TLS versions enabled on client and server; DisableLegacyTLS on the binding.', source: HRESULT },
  { kind: 'hresult', value: 0x80090304, name: 'SEC_E_INTERNAL_ERROR', meaning: 'The Local Security Authority cannot be contacted.', check: 'Private key access of the server certificate, or an LSA problem.', source: HRESULT },
  { kind: 'hresult', value: 0x80090308, name: 'SEC_E_INVALID_TOKEN', meaning: 'The token supplied to the function is invalid.', check: 'A broken or proxy-altered Negotiate/NTLM exchange, or TLS records the server cannot parse.', source: HRESULT },
  { kind: 'hresult', value: 0x8009030c, name: 'SEC_E_LOGON_DENIED', meaning: 'The logon attempt failed.', check: 'Credentials sent by the client; Kerberos/NTLM configuration.', source: HRESULT },
  { kind: 'hresult', value: 0x8009030d, name: 'SEC_E_UNKNOWN_CREDENTIALS', meaning: 'The credentials supplied to the package were not recognized.', check: 'Server certificate without an accessible private key.', source: HRESULT },
  { kind: 'hresult', value: 0x8009030e, name: 'SEC_E_NO_CREDENTIALS', meaning: 'No credentials are available in the security package.', check: 'Stale Kerberos ticket (klist purge), SPN, or a server certificate without private key.', source: HRESULT },
  { kind: 'hresult', value: 0x80090311, name: 'SEC_E_NO_AUTHENTICATING_AUTHORITY', meaning: 'No authority could be contacted for authentication.', check: 'Domain controller or KDC reachability.', source: HRESULT },
  { kind: 'hresult', value: 0x80090322, name: 'SEC_E_WRONG_PRINCIPAL', meaning: 'The target principal name is incorrect.', check: 'SPN for the host name used, duplicate SPNs, useAppPoolCredentials.', source: HRESULT },
  { kind: 'hresult', value: 0x80090324, name: 'SEC_E_TIME_SKEW', meaning: 'Clock skew between client and server is too large.', source: HRESULT },
  { kind: 'hresult', value: 0x80090325, name: 'SEC_E_UNTRUSTED_ROOT', meaning: 'The certificate chain was issued by an authority that is not trusted.', check: 'Trusted root store of the machine doing the check; missing intermediate.', source: HRESULT },
  { kind: 'hresult', value: 0x80090326, name: 'SEC_E_ILLEGAL_MESSAGE', meaning: 'The message received was unexpected or badly formatted (TLS alert).', check: 'Cipher/protocol mismatch or the peer rejected the certificate; see Schannel events.', source: HRESULT },
  { kind: 'hresult', value: 0x80090327, name: 'SEC_E_CERT_UNKNOWN', meaning: 'An unknown error occurred while processing the certificate.', source: HRESULT },
  { kind: 'hresult', value: 0x80090328, name: 'SEC_E_CERT_EXPIRED', meaning: 'The received certificate has expired.', source: HRESULT },
  { kind: 'hresult', value: 0x80090331, name: 'SEC_E_ALGORITHM_MISMATCH', meaning: 'Client and server have no common algorithm (cipher suite).', check: 'Cipher suite order/policy on both sides; DisableLegacyTLS.', source: HRESULT },
  { kind: 'hresult', value: 0x80090347, name: 'SEC_E_MULTIPLE_ACCOUNTS', meaning: 'The received certificate was mapped to more than one account.', check: 'Active Directory certificate mapping (altSecurityIdentities) matching several users.', source: HRESULT },
  { kind: 'hresult', value: 0x80090349, name: 'SEC_E_CERT_WRONG_USAGE', meaning: 'The certificate is not valid for the requested usage.', check: 'Client certificates need the Client Authentication EKU (1.3.6.1.5.5.7.3.2).', source: HRESULT },
  { kind: 'hresult', value: 0x80090351, name: 'SEC_E_SMARTCARD_CERT_REVOKED', meaning: 'The smart card certificate used for authentication has been revoked.', source: HRESULT },
  { kind: 'hresult', value: 0x80090352, name: 'SEC_E_ISSUING_CA_UNTRUSTED', meaning: 'An untrusted CA was found while processing the smart card certificate.', check: 'NTAuth store and the trusted roots for the smart card CA.', source: HRESULT },
  { kind: 'hresult', value: 0x80090353, name: 'SEC_E_REVOCATION_OFFLINE_C', meaning: 'The revocation status of the smart card certificate could not be determined.', check: 'CRL/OCSP reachability from the domain controller.', source: HRESULT },
  { kind: 'hresult', value: 0x80090355, name: 'SEC_E_SMARTCARD_CERT_EXPIRED', meaning: 'The smart card certificate used for authentication has expired.', source: HRESULT },
  { kind: 'hresult', value: 0x80092004, name: 'CRYPT_E_NOT_FOUND', meaning: 'The object or property was not found (e.g. a certificate not in the store).', check: 'certhash of the binding versus the certificates in the store named by certstorename.', source: HRESULT },
  { kind: 'hresult', value: 0x80092010, name: 'CRYPT_E_REVOKED', meaning: 'The certificate has been revoked by its issuer.', check: 'Issue a new client certificate; IIS answers 403.13.', source: HRESULT },
  {
    kind: 'hresult',
    value: 0x80092012,
    name: 'CRYPT_E_NO_REVOCATION_CHECK',
    meaning: 'The revocation function was unable to check revocation for the certificate.',
    check: 'A certificate in the chain has no usable CRL distribution point / OCSP, or it could not be processed; run certutil -verify -urlfetch on the server.',
    source: HRESULT,
  },
  {
    kind: 'hresult',
    value: 0x80092013,
    name: 'CRYPT_E_REVOCATION_OFFLINE',
    meaning: 'The revocation server was offline: no CRL could be retrieved.',
    check: 'IIS answers 403.13 when it cannot download the CRL of any CA in the chain (client certificate or intermediates): proxy/firewall to the CDP URLs, LDAP CDPs from a non-domain server; test with certutil -verify -urlfetch (' + cite(CLIENT_CERTIFICATE_REVISITED) + ').',
    source: HRESULT,
  },
  { kind: 'hresult', value: 0x800b0101, name: 'CERT_E_EXPIRED', meaning: 'A certificate in the chain has expired or is not yet valid.', check: 'Validity dates of the client certificate and its CAs; server clock. IIS answers 403.17.', source: HRESULT },
  { kind: 'hresult', value: 0x800b0106, name: 'CERT_E_PURPOSE', meaning: 'The certificate is being used for a purpose other than the ones its CA allows.', check: 'Enhanced key usage of the certificate and its CAs.', source: HRESULT },
  {
    kind: 'hresult',
    value: 0x800b0109,
    name: 'CERT_E_UNTRUSTEDROOT',
    meaning: 'The chain ends in a root certificate that the trust provider does not trust.',
    check: 'IIS answers 403.16: import the issuing root into the server\'s Trusted Root store; move non-self-signed certificates out of Trusted Root into Intermediate.',
    source: HRESULT_403_16,
  },
  {
    kind: 'hresult',
    value: 0x800b010a,
    name: 'CERT_E_CHAINING',
    meaning: 'A certificate chain could not be built to a trusted root.',
    check: 'Missing intermediate CA on the server (or unreachable AIA URL): install the intermediate in the Intermediate Certification Authorities store.',
    source: HRESULT,
  },
  { kind: 'hresult', value: 0x800b010c, name: 'CERT_E_REVOKED', meaning: 'A certificate was explicitly revoked by its issuer.', source: HRESULT },
  { kind: 'hresult', value: 0x800b010e, name: 'CERT_E_REVOCATION_FAILURE', meaning: 'The revocation process could not continue; the certificate could not be checked.', check: 'CRL/OCSP reachability for every CA in the chain.', source: HRESULT },
  { kind: 'hresult', value: 0x800b010f, name: 'CERT_E_CN_NO_MATCH', meaning: 'The certificate\'s name does not match the name it was used for.', check: 'Host name in the URL versus the server certificate\'s SAN.', source: HRESULT },
  { kind: 'hresult', value: 0x800b0110, name: 'CERT_E_WRONG_USAGE', meaning: 'The certificate is not valid for the requested usage.', check: 'Client Authentication EKU on client certificates.', source: HRESULT },
  { kind: 'hresult', value: 0x800b0111, name: 'TRUST_E_EXPLICIT_DISTRUST', meaning: 'The certificate was explicitly marked untrusted.', check: 'Untrusted Certificates store on the server.', source: HRESULT },
  { kind: 'hresult', value: 0x800b0112, name: 'CERT_E_UNTRUSTEDCA', meaning: 'A CA in the chain is not trusted for this policy.', check: 'CTL / ClientAuthIssuer store configured on the binding (sslctlstorename).', source: HRESULT },
];

const byValue = new Map<number, ErrorCodeEntry>();
for (const entry of ERROR_CODES) byValue.set(entry.value >>> 0, entry);

/** Looks a code up by its unsigned 32-bit value. */
export function findErrorCode(value: number): ErrorCodeEntry | undefined {
  return byValue.get(value >>> 0);
}

/** 0x8007xxxx (FACILITY_WIN32) HRESULTs wrap a Win32 code in their low 16 bits. */
export function win32FromHresult(value: number): number | undefined {
  const v = value >>> 0;
  return (v & 0xffff0000) >>> 0 === 0x80070000 ? v & 0xffff : undefined;
}

export function hresultFromWin32(code: number): number {
  return code <= 0 ? code >>> 0 : ((code & 0xffff) | 0x80070000) >>> 0;
}

export function formatHex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).toUpperCase().padStart(8, '0');
}
