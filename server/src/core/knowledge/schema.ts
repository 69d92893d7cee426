// Typed description of the IIS configuration schema for `system.webServer/security/access`, every
// section under `system.webServer/security/authentication/`, `<location>` and `<configSections>`'
// `<section>`. Rules (unknown attributes/values, duplicate keys), completion and hover read it.
//
// Sources (Microsoft documentation, read from MicrosoftDocs/iis-docs and learn.microsoft.com):
// - IIS configuration reference pages named in each element's `docUrl`.
// - KB 2026113 "Configuring Many-to-One client certificate mappings" quotes the IIS_schema.xml
//   definition of iisClientCertificateMappingAuthentication: `name` is the unique key of a
//   many-to-one mapping, the four rule attributes (certificateField, certificateSubField, matchCriteria,
//   compareCaseSensitive) are `isCombinedKey`, the collections declare only add + clear, passwords are
//   `encrypted="true"`. https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/configure-many-to-one-client-mappings
// - overrideModeDefault="Deny" for `access` and all six authentication sections: the `<configSections>`
//   of IIS's applicationHost.config (same declarations in the IIS Express template).
// - Attribute spelling follows the schema as the config files use it (`userName`, `description`,
//   `value`); the reference pages' attribute tables sometimes capitalise differently (`username`,
//   `Description`, `Value`). IIS matches attribute names exactly, so the schema spelling is the one to keep.
//
// How IIS reads values (what a validator may accept):
// - bool: `true` / `false`. The reference pages write lowercase; IIS Manager's Configuration Editor
//   shows `True`/`False` (as in the Stack Overflow question 52743395's screenshots) and writes lowercase; both cases are accepted by the configuration
//   system, so compare case-insensitively.
// - enum: one keyword from the list. Keywords are compared case-insensitively: the `<access>` reference
//   page's own sample writes `sslFlags="ssl"`.
// - flags: keywords separated by commas, spaces around them allowed; IIS Manager writes
//   `Ssl, SslNegotiateCert` (access reference page sample, research notes). Case-insensitive like enums.
//   The numeric values exist in the WMI/metabase view (AccessSection class: 0, 8, 32, 64, 256);
//   whether the XML reader accepts a bare number is not documented, so a number is reported, not assumed.
// - uint: decimal digits. timeSpan: `hh:mm:ss` (none of the attributes here use it; kept for callers).

import { generatedElements } from './schemaTable';
import { SUB_APPLICATION_MAPPINGS_401, cite } from './sources';
import { detachedString } from '../text/detach';

export type AttributeType = 'bool' | 'string' | 'enum' | 'flags' | 'uint' | 'int' | 'int64' | 'timeSpan';

/** A schema validator (`validationType` / `validationParameter` in IIS's schema files). */
export type AttributeValidation =
  | { kind: 'range'; min: number; max: number; exclude?: boolean }
  /** Seconds; `granularity` is the step the value must be a multiple of. */
  | { kind: 'timeSpanRange'; min: number; max: number; granularity?: number; exclude?: boolean }
  | { kind: 'nonEmpty' }
  | { kind: 'trimmed' }
  | { kind: 'applicationPoolName' | 'siteName' | 'applicationPath' | 'virtualDirectoryPath' };

/** Where a section may be written (`<section allowDefinition>`). */
export type SectionAllowDefinition = 'MachineOnly' | 'MachineToApplication' | 'AppHostOnly' | 'Everywhere';

/** Configuration levels, from the most global to the most specific. */
export type ConfigLevel = 'server' | 'site' | 'application' | 'virtualDirectory' | 'directory' | 'url';

export type OverrideMode = 'Allow' | 'Deny';

export interface EnumValueSchema {
  name: string;
  /** Numeric value where the documentation gives one. */
  value?: number;
  description: string;
}

export interface AttributeSchema {
  name: string;
  type: AttributeType;
  /** Default as IIS writes it (`'false'`, `'None'`, `'ClearText'`); absent when the docs name none. */
  default?: string;
  /** Keywords of an enum or flags attribute. */
  values?: EnumValueSchema[];
  required?: boolean;
  /** Part of the collection item's key (alone, or combined with the other key attributes). */
  isKey?: boolean;
  /** One of several attributes that together form the key (`isCombinedKey`). */
  combinedKey?: boolean;
  /** `Infinite` is accepted besides numbers and time spans. */
  allowInfinite?: boolean;
  /** A timeSpan written as a number of seconds or minutes instead of `hh:mm:ss`. */
  timeSpanFormat?: 'string' | 'seconds' | 'minutes';
  /** Environment variables (`%SystemDrive%`) are expanded when IIS reads the value. */
  expanded?: boolean;
  validation?: AttributeValidation;
  /** Stored encrypted by IIS tools (`[enc:...:enc]`); never display the value. */
  secret?: boolean;
  /** The value is compared case-sensitively by IIS (schema `caseSensitive="true"`). */
  caseSensitive?: boolean;
  description: string;
  /** Where the fact comes from when it is not the element's docUrl page. */
  source?: string;
}

export interface CollectionSchema {
  /** Name of the element that adds an item (`add`, or `spn` under extendedProtection). */
  addElement: string;
  removeElement?: string;
  clearElement?: string;
  /** Attributes whose values identify an item; `combined` means all together form one key. */
  keyAttributes: string[];
  keyKind: 'unique' | 'combined';
  /** Every element name that adds an item, when there are several (`allow`, `deny`). */
  addElements?: string[];
  /** The schema lets two items share a key. */
  allowDuplicates?: boolean;
}

export type ElementKind =
  | 'section'
  | 'element'
  | 'collection'
  | 'collectionItem'
  | 'collectionRemove'
  | 'collectionClear'
  | 'location'
  | 'sectionDeclaration';

export interface ElementSchema {
  /** Full path: `system.webServer/security/authentication/windowsAuthentication/providers/add`. */
  path: string;
  /** XML element name. */
  name: string;
  kind: ElementKind;
  /** Section path this element belongs to (empty for `location` and `section`). */
  section: string;
  description: string;
  attributes: AttributeSchema[];
  /** Names of allowed child elements. */
  children: string[];
  /** Present on the element that holds a collection (e.g. `providers`, `rules`). */
  collection?: CollectionSchema;
  /** Levels where the section may be set (copied to every element of the section). */
  levels?: ConfigLevel[];
  /** The documentation's own words on levels, paraphrased, when they say more than the list. */
  levelsNote?: string;
  /** Declared `overrideModeDefault` in IIS's default applicationHost.config (sections only). */
  overrideModeDefault?: OverrideMode;
  /** Declared `allowDefinition` in IIS's default applicationHost.config, when not Everywhere (sections only). */
  allowDefinition?: SectionAllowDefinition;
  /** Any attribute is accepted (`allowUnrecognizedAttributes`). */
  openAttributes?: boolean;
  /** The IIS schema file the section is defined in (generated sections). */
  schemaSource?: string;
  docUrl: string;
  /** IIS version that introduced the element when it is newer than IIS 7.0. */
  since?: string;
}

const LEARN = 'https://learn.microsoft.com/iis/configuration/';
const AUTH = 'system.webServer/security/authentication';
const AUTH_DOC = `${LEARN}system.webserver/security/authentication/`;
const MANY_TO_ONE_KB =
  'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/configure-many-to-one-client-mappings';

const LOGON_METHOD_VALUES: EnumValueSchema[] = [
  { name: 'Interactive', value: 0, description: 'Logon type for a user working at the computer.' },
  { name: 'Batch', value: 1, description: 'Logon type for batch servers acting for a user without that user present.' },
  { name: 'Network', value: 2, description: 'Fast logon for servers checking plaintext passwords; credentials are not cached.' },
  {
    name: 'ClearText',
    value: 3,
    description: 'Keeps the name and password in the authentication package so the server can reach other network servers as the client.',
  },
];

function logonMethod(what: string): AttributeSchema {
  return {
    name: 'logonMethod',
    type: 'enum',
    default: 'ClearText',
    values: LOGON_METHOD_VALUES,
    description: `Kind of Windows logon token IIS requests for ${what}.`,
  };
}

function enabled(defaultValue: 'true' | 'false', what: string, required = false): AttributeSchema {
  return { name: 'enabled', type: 'bool', default: defaultValue, required: required || undefined, description: `Turns ${what} on or off.` };
}

const ALL_AUTH_DENY: OverrideMode = 'Deny';

const elements: ElementSchema[] = [
  {
    path: 'system.webServer/security/access',
    name: 'access',
    kind: 'section',
    section: 'system.webServer/security/access',
    description: 'Whether content needs HTTPS, and whether IIS asks for, requires or maps a client certificate.',
    attributes: [
      {
        name: 'sslFlags',
        type: 'flags',
        default: 'None',
        values: [
          { name: 'None', value: 0, description: 'No HTTPS requirement and no client certificate.' },
          { name: 'Ssl', value: 8, description: 'Requests must arrive over HTTPS.' },
          { name: 'SslNegotiateCert', value: 32, description: 'IIS asks the client for a certificate; a client without one still gets in unless SslRequireCert is set.' },
          { name: 'SslRequireCert', value: 64, description: 'A client certificate is required; only takes effect together with SslNegotiateCert.' },
          { name: 'SslMapCert', value: 128, description: 'Legacy (IIS 6) bit that mapped the client certificate to a Windows account; mapping is now done by the certificate mapping authentication sections.' },
          { name: 'Ssl128', value: 256, description: 'HTTPS with at least 128-bit encryption is required.' },
        ],
        description: 'Comma-separated HTTPS and client-certificate requirements for the site, application or folder.',
        source: 'https://learn.microsoft.com/iis/wmi-provider/accesssection-class (numeric values)',
      },
    ],
    children: [],
    levels: ['server', 'site', 'application', 'directory'],
    levelsNote: 'Settable in applicationHost.config at server level or in web.config at site, application or directory level; IIS Manager only offers it below the server.',
    overrideModeDefault: 'Deny',
    docUrl: `${LEARN}system.webserver/security/access`,
  },
  {
    path: `${AUTH}/anonymousAuthentication`,
    name: 'anonymousAuthentication',
    kind: 'section',
    section: `${AUTH}/anonymousAuthentication`,
    description: 'Lets requests in without credentials, running them as a configured account (IUSR by default) or the application pool identity.',
    attributes: [
      enabled('true', 'Anonymous authentication'),
      logonMethod('the anonymous account'),
      {
        name: 'password',
        type: 'string',
        secret: true,
        caseSensitive: true,
        description: 'Password of the anonymous account; IIS tools store it encrypted.',
      },
      {
        name: 'userName',
        type: 'string',
        default: 'IUSR',
        description: 'Account that anonymous requests run as; an empty value means the application pool identity.',
      },
    ],
    children: [],
    levels: ['server', 'site', 'application'],
    levelsNote: 'The reference page names site and application level; the default applicationHost.config sets it at server level.',
    overrideModeDefault: ALL_AUTH_DENY,
    docUrl: `${AUTH_DOC}anonymousauthentication`,
  },
  {
    path: `${AUTH}/basicAuthentication`,
    name: 'basicAuthentication',
    kind: 'section',
    section: `${AUTH}/basicAuthentication`,
    description: 'HTTP Basic authentication against Windows accounts; the password travels base64-encoded, so use it only over HTTPS.',
    attributes: [
      { name: 'defaultLogonDomain', type: 'string', description: 'Domain used when the user name the client sends has none.' },
      enabled('false', 'Basic authentication'),
      logonMethod('Basic logons'),
      { name: 'realm', type: 'string', description: 'Realm the browser shows in its credentials prompt.' },
    ],
    children: [],
    levels: ['server', 'site', 'application', 'virtualDirectory', 'url'],
    overrideModeDefault: ALL_AUTH_DENY,
    docUrl: `${AUTH_DOC}basicauthentication`,
  },
  {
    path: `${AUTH}/clientCertificateMappingAuthentication`,
    name: 'clientCertificateMappingAuthentication',
    kind: 'section',
    section: `${AUTH}/clientCertificateMappingAuthentication`,
    description: 'Maps a client certificate to a user through Active Directory (the mapping lives in AD, not in IIS configuration).',
    attributes: [
      {
        name: 'enabled',
        type: 'bool',
        default: 'false',
        description: 'Turns Active Directory client certificate mapping on or off; a change made outside IIS Manager needs a web server restart.',
      },
    ],
    children: [],
    levels: ['server', 'site'],
    levelsNote: 'The reference page enables it for the server in IIS Manager and shows a site-level sample.',
    overrideModeDefault: ALL_AUTH_DENY,
    docUrl: `${AUTH_DOC}clientcertificatemappingauthentication`,
  },
  {
    path: `${AUTH}/digestAuthentication`,
    name: 'digestAuthentication',
    kind: 'section',
    section: `${AUTH}/digestAuthentication`,
    description: 'HTTP Digest authentication: the client sends a hash instead of the password.',
    attributes: [
      enabled('false', 'Digest authentication'),
      { name: 'realm', type: 'string', description: 'Realm used in the Digest challenge.' },
    ],
    children: [],
    levels: ['server', 'site', 'application', 'virtualDirectory', 'url'],
    overrideModeDefault: ALL_AUTH_DENY,
    docUrl: `${AUTH_DOC}digestauthentication`,
  },
  {
    path: `${AUTH}/iisClientCertificateMappingAuthentication`,
    name: 'iisClientCertificateMappingAuthentication',
    kind: 'section',
    section: `${AUTH}/iisClientCertificateMappingAuthentication`,
    description: 'Maps client certificates to Windows accounts with mappings stored in IIS configuration (one-to-one or many-to-one).',
    attributes: [
      { name: 'defaultLogonDomain', type: 'string', description: 'Domain used for mapped accounts that name none.' },
      enabled('false', 'IIS client certificate mapping'),
      logonMethod('mapped accounts'),
      {
        name: 'manyToOneCertificateMappingsEnabled',
        type: 'bool',
        default: 'true',
        description: 'Whether the many-to-one (rule based) mappings are used.',
      },
      {
        name: 'oneToOneCertificateMappingsEnabled',
        type: 'bool',
        default: 'true',
        description: 'Whether the one-to-one (exact certificate) mappings are used.',
      },
    ],
    children: ['manyToOneMappings', 'oneToOneMappings'],
    levels: ['server', 'site'],
    levelsNote: `The reference page says server and site level only; set below a site, the module ignores it and the sub-application answers 401.2 (${cite(SUB_APPLICATION_MAPPINGS_401)}).`,
    overrideModeDefault: ALL_AUTH_DENY,
    docUrl: `${AUTH_DOC}iisclientcertificatemappingauthentication/`,
  },
  {
    path: `${AUTH}/iisClientCertificateMappingAuthentication/oneToOneMappings`,
    name: 'oneToOneMappings',
    kind: 'collection',
    section: `${AUTH}/iisClientCertificateMappingAuthentication`,
    description: 'Mappings of one exact client certificate to one account.',
    attributes: [],
    children: ['add', 'clear'],
    collection: { addElement: 'add', clearElement: 'clear', keyAttributes: ['certificate'], keyKind: 'unique' },
    docUrl: `${AUTH_DOC}iisclientcertificatemappingauthentication/onetoonemappings/`,
  },
  {
    path: `${AUTH}/iisClientCertificateMappingAuthentication/oneToOneMappings/add`,
    name: 'add',
    kind: 'collectionItem',
    section: `${AUTH}/iisClientCertificateMappingAuthentication`,
    description: 'One certificate mapped to one account.',
    attributes: [
      {
        name: 'certificate',
        type: 'string',
        required: true,
        isKey: true,
        // IIS_schema.xml declares it caseSensitive="true" (base64 is case-significant); added for duplicate-key checks (rule 010).
        caseSensitive: true,
        description: 'Base64 of the client certificate (public part), on one line; it must equal the certificate the client sends byte for byte.',
      },
      { name: 'enabled', type: 'bool', default: 'true', description: 'Whether this mapping is used.' },
      { name: 'password', type: 'string', secret: true, caseSensitive: true, description: 'Password of the mapped account; IIS tools store it encrypted.' },
      { name: 'userName', type: 'string', description: 'Account the certificate is mapped to.' },
    ],
    children: [],
    docUrl: `${AUTH_DOC}iisclientcertificatemappingauthentication/onetoonemappings/add`,
  },
  {
    path: `${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings`,
    name: 'manyToOneMappings',
    kind: 'collection',
    section: `${AUTH}/iisClientCertificateMappingAuthentication`,
    description: 'Rule-based mappings: every certificate matching a mapping\'s rules is mapped to its account (or denied).',
    attributes: [],
    children: ['add', 'clear'],
    collection: { addElement: 'add', clearElement: 'clear', keyAttributes: ['name'], keyKind: 'unique' },
    docUrl: `${AUTH_DOC}iisclientcertificatemappingauthentication/manytoonemappings/`,
  },
  {
    path: `${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings/add`,
    name: 'add',
    kind: 'collectionItem',
    section: `${AUTH}/iisClientCertificateMappingAuthentication`,
    description: 'One many-to-one mapping: a set of rules and the account (or denial) for certificates matching all of them.',
    attributes: [
      { name: 'name', type: 'string', required: true, isKey: true, description: 'Unique, non-empty name of the mapping.', source: MANY_TO_ONE_KB },
      { name: 'description', type: 'string', description: 'Free-text description of the mapping.' },
      { name: 'enabled', type: 'bool', default: 'true', description: 'Whether this mapping is used.' },
      {
        name: 'permissionMode',
        type: 'enum',
        default: 'Allow',
        values: [
          { name: 'Allow', value: 1, description: 'Matching clients are logged on as the mapping\'s account.' },
          { name: 'Deny', value: 2, description: 'Matching clients are refused.' },
        ],
        description: 'Whether a certificate matching the rules is let in or refused.',
      },
      { name: 'userName', type: 'string', description: 'Account matching certificates are mapped to.', source: MANY_TO_ONE_KB },
      {
        name: 'password',
        type: 'string',
        secret: true,
        caseSensitive: true,
        description: 'Password of the mapped account; IIS tools store it encrypted.',
        source: MANY_TO_ONE_KB,
      },
    ],
    children: ['rules'],
    docUrl: `${AUTH_DOC}iisclientcertificatemappingauthentication/manytoonemappings/add/`,
  },
  {
    path: `${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings/add/rules`,
    name: 'rules',
    kind: 'collection',
    section: `${AUTH}/iisClientCertificateMappingAuthentication`,
    description: 'Conditions a certificate must meet to match the mapping.',
    attributes: [],
    children: ['add', 'clear'],
    collection: {
      addElement: 'add',
      clearElement: 'clear',
      keyAttributes: ['certificateField', 'certificateSubField', 'matchCriteria', 'compareCaseSensitive'],
      keyKind: 'combined',
    },
    docUrl: `${AUTH_DOC}iisclientcertificatemappingauthentication/manytoonemappings/add/rules/`,
  },
  {
    path: `${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings/add/rules/add`,
    name: 'add',
    kind: 'collectionItem',
    section: `${AUTH}/iisClientCertificateMappingAuthentication`,
    description: 'One condition on a field of the certificate\'s subject or issuer.',
    attributes: [
      {
        name: 'certificateField',
        type: 'enum',
        required: true,
        isKey: true,
        values: [
          { name: 'Subject', value: 1, description: 'Look in the certificate\'s subject.' },
          { name: 'Issuer', value: 2, description: 'Look in the certificate\'s issuer.' },
        ],
        description: 'Which name of the certificate the rule looks at.',
      },
      {
        name: 'certificateSubField',
        type: 'string',
        required: true,
        isKey: true,
        caseSensitive: true,
        description: 'Relative distinguished name inside that field, such as CN, O or OU.',
      },
      {
        name: 'matchCriteria',
        type: 'string',
        required: true,
        isKey: true,
        caseSensitive: true,
        description: 'Value the sub-field is compared with.',
      },
      {
        name: 'compareCaseSensitive',
        type: 'bool',
        default: 'true',
        isKey: true,
        description: 'Whether the comparison respects letter case.',
        source: MANY_TO_ONE_KB,
      },
    ],
    children: [],
    docUrl: `${AUTH_DOC}iisclientcertificatemappingauthentication/manytoonemappings/add/rules/add`,
  },
  {
    path: `${AUTH}/windowsAuthentication`,
    name: 'windowsAuthentication',
    kind: 'section',
    section: `${AUTH}/windowsAuthentication`,
    description: 'Integrated Windows authentication (Negotiate/Kerberos and NTLM).',
    attributes: [
      {
        name: 'authPersistNonNTLM',
        type: 'bool',
        default: 'false',
        description: 'When true, a Kerberos (non-NTLM) logon is kept for the rest of the connection instead of re-authenticating each request.',
      },
      {
        name: 'authPersistSingleRequest',
        type: 'bool',
        default: 'false',
        description: 'When true, authentication lasts for one request only and the next request on the connection authenticates again.',
      },
      enabled('false', 'Windows authentication', true),
      {
        name: 'useKernelMode',
        type: 'bool',
        default: 'true',
        description: 'Whether Windows authentication runs in kernel mode, which helps Kerberos with custom application pool identities.',
      },
      {
        name: 'useAppPoolCredentials',
        type: 'bool',
        default: 'false',
        description: 'With kernel mode, decrypt Kerberos tickets with the application pool identity\'s key instead of the machine account\'s (needed when the SPN belongs to the pool account).',
        source: 'https://learn.microsoft.com/entra/identity/app-proxy/application-proxy-back-end-kerberos-constrained-delegation-how-to',
      },
    ],
    children: ['extendedProtection', 'providers'],
    levels: ['server', 'site', 'application', 'virtualDirectory'],
    levelsNote: 'The reference page places it in applicationHost.config at site, application or virtual directory level.',
    overrideModeDefault: ALL_AUTH_DENY,
    docUrl: `${AUTH_DOC}windowsauthentication/`,
  },
  {
    path: `${AUTH}/windowsAuthentication/providers`,
    name: 'providers',
    kind: 'collection',
    section: `${AUTH}/windowsAuthentication`,
    description: 'Security support providers offered to clients, in order (default Negotiate then NTLM); at least one is needed.',
    attributes: [],
    children: ['add', 'remove', 'clear'],
    collection: { addElement: 'add', removeElement: 'remove', clearElement: 'clear', keyAttributes: ['value'], keyKind: 'unique' },
    docUrl: `${AUTH_DOC}windowsauthentication/providers/`,
  },
  {
    path: `${AUTH}/windowsAuthentication/providers/add`,
    name: 'add',
    kind: 'collectionItem',
    section: `${AUTH}/windowsAuthentication`,
    description: 'One security provider.',
    attributes: [
      {
        name: 'value',
        type: 'string',
        isKey: true,
        description: 'Provider name, such as Negotiate, NTLM or Negotiate:Kerberos.',
      },
    ],
    children: [],
    docUrl: `${AUTH_DOC}windowsauthentication/providers/add`,
  },
  {
    path: `${AUTH}/windowsAuthentication/extendedProtection`,
    name: 'extendedProtection',
    kind: 'collection',
    section: `${AUTH}/windowsAuthentication`,
    description: 'Extended Protection for Windows authentication: channel-binding token checks and accepted service names (SPNs).',
    attributes: [
      {
        name: 'tokenChecking',
        type: 'enum',
        default: 'None',
        values: [
          { name: 'None', value: 0, description: 'No channel-binding check (behaviour before Extended Protection).' },
          { name: 'Allow', value: 1, description: 'Check channel binding when the client supports it, still accept clients that do not.' },
          { name: 'Require', value: 2, description: 'Require channel binding; clients without Extended Protection are refused.' },
        ],
        description: 'How strictly channel-binding information is checked.',
      },
      {
        name: 'flags',
        type: 'flags',
        default: 'None',
        values: [
          { name: 'None', value: 0, description: 'No extra behaviour: no proxy, SPN check on, FQDN SPNs required.' },
          { name: 'Proxy', value: 1, description: 'Part of the path goes through a proxy, or the client connects directly over HTTP.' },
          { name: 'NoServiceNameCheck', value: 2, description: 'Turns the SPN check off.' },
          { name: 'AllowDotlessSpn', value: 4, description: 'Accepts SPNs that are not fully qualified (NetBIOS names); weaker.' },
          { name: 'ProxyCohosting', value: 32, description: 'The whole path is plain HTTP and SPNs are checked; requires Proxy as well.' },
        ],
        description: 'Extra Extended Protection behaviour for proxies and SPN checking.',
      },
    ],
    children: ['spn', 'removeSpn', 'clearSpns'],
    collection: { addElement: 'spn', removeElement: 'removeSpn', clearElement: 'clearSpns', keyAttributes: ['name'], keyKind: 'unique' },
    levels: ['server', 'site', 'application', 'virtualDirectory'],
    docUrl: `${AUTH_DOC}windowsauthentication/extendedprotection/`,
    since: 'IIS 7.5',
  },
  {
    path: `${AUTH}/windowsAuthentication/extendedProtection/spn`,
    name: 'spn',
    kind: 'collectionItem',
    section: `${AUTH}/windowsAuthentication`,
    description: 'One service principal name accepted by the Extended Protection SPN check.',
    attributes: [{ name: 'name', type: 'string', isKey: true, description: 'The SPN, e.g. HTTP/www.contoso.com.' }],
    children: [],
    docUrl: `${AUTH_DOC}windowsauthentication/extendedprotection/spn`,
    since: 'IIS 7.5',
  },
  {
    path: 'location',
    name: 'location',
    kind: 'location',
    section: '',
    description: 'Applies the configuration inside it to a path (site, application, folder or file) and can lock or unlock sections for lower levels.',
    attributes: [
      {
        name: 'path',
        type: 'string',
        description: 'Target of the settings, e.g. "Default Web Site/app"; empty or "." means the level of this file.',
      },
      {
        name: 'overrideMode',
        type: 'enum',
        default: 'Inherit',
        values: [
          { name: 'Inherit', value: 0, description: 'Follow the lock state inherited from the parent (for a section, its overrideModeDefault).' },
          { name: 'Allow', value: 1, description: 'Sections inside may be overridden at lower levels (unlocks them).' },
          { name: 'Deny', value: 2, description: 'Sections inside are locked for lower levels.' },
        ],
        description: 'Lock state given to the sections inside this location for configuration below the path (IIS\'s recommended way to unlock).',
        source: 'https://learn.microsoft.com/dotnet/api/system.configuration.overridemode; applicationHost.config <configSections> comment',
      },
      {
        name: 'allowOverride',
        type: 'bool',
        default: 'true',
        description: 'Older form of overrideMode: false locks the sections inside for lower levels.',
        source: 'https://learn.microsoft.com/previous-versions/dotnet/netframework-4.0/b6x6shw7(v=vs.100)',
      },
      {
        name: 'inheritInChildApplications',
        type: 'bool',
        default: 'true',
        description: 'When false, applications below the path do not inherit the settings inside this location.',
        source: 'https://learn.microsoft.com/previous-versions/dotnet/netframework-4.0/b6x6shw7(v=vs.100)',
      },
    ],
    children: [],
    docUrl: 'https://learn.microsoft.com/previous-versions/dotnet/netframework-4.0/b6x6shw7(v=vs.100)',
  },
  {
    path: 'configSections/section',
    name: 'section',
    kind: 'sectionDeclaration',
    section: '',
    description: 'Declares a configuration section and where, and by whom, it may be set.',
    attributes: [
      { name: 'name', type: 'string', required: true, isKey: true, description: 'XML name of the section inside its section group.' },
      { name: 'type', type: 'string', description: 'Handler type name (used by .NET sections; IIS native sections leave it out).' },
      {
        name: 'overrideModeDefault',
        type: 'enum',
        default: 'Allow',
        values: [
          { name: 'Allow', description: 'Lower levels (web.config) may set the section unless a location locks it.' },
          { name: 'Deny', description: 'The section is locked: setting it in a web.config gives HTTP 500.19 (0x80070021) unless a location unlocks it.' },
        ],
        description: 'Default lock state of the section for configuration below applicationHost.config.',
      },
      {
        name: 'allowDefinition',
        type: 'enum',
        default: 'Everywhere',
        values: [
          { name: 'MachineOnly', description: 'Only in machine-level configuration.' },
          { name: 'MachineToApplication', description: 'Machine level down to application root web.config files.' },
          { name: 'AppHostOnly', description: 'Only in applicationHost.config.' },
          { name: 'Everywhere', description: 'Any configuration file.' },
        ],
        description: 'Levels of configuration file in which the section may appear at all.',
      },
      { name: 'allowLocation', type: 'bool', default: 'true', description: 'Whether the section may appear inside <location> elements.' },
    ],
    children: [],
    docUrl: 'https://learn.microsoft.com/iis/web-development-reference/native-code-api-reference/iapphostsectiondefinition-interface',
  },
];

// Every collection also accepts its remove/clear elements; derive their schema from the collection's key
// rather than writing each by hand.
function derivedCollectionElements(list: ElementSchema[]): ElementSchema[] {
  const derived: ElementSchema[] = [];
  for (const holder of list) {
    const c = holder.collection;
    if (!c) continue;
    const item = list.find((e) => e.path === `${holder.path}/${c.addElement}`);
    if (c.removeElement) {
      derived.push({
        path: `${holder.path}/${c.removeElement}`,
        name: c.removeElement,
        kind: 'collectionRemove',
        section: holder.section,
        description: `Removes an inherited item from \`<${holder.name}>\`, identified by ${c.keyAttributes.join(', ')}.`,
        attributes: (item?.attributes ?? []).filter((a) => a.isKey).map((a) => ({ ...a, required: true })),
        children: [],
        docUrl: holder.docUrl,
      });
    }
    if (c.clearElement) {
      derived.push({
        path: `${holder.path}/${c.clearElement}`,
        name: c.clearElement,
        kind: 'collectionClear',
        section: holder.section,
        description: `Removes every inherited item from \`<${holder.name}>\`.`,
        attributes: [],
        children: [],
        docUrl: holder.docUrl,
      });
    }
  }
  return derived;
}

function withSectionLevels(list: ElementSchema[]): ElementSchema[] {
  const bySection = new Map(list.filter((e) => e.kind === 'section').map((e) => [e.path, e]));
  return list.map((e) => {
    const owner = bySection.get(e.section);
    if (!owner || e.kind === 'section') return e;
    return { ...e, levels: e.levels ?? owner.levels };
  });
}

const HAND_WRITTEN: readonly ElementSchema[] = withSectionLevels([...elements, ...derivedCollectionElements(elements)]);

// The hand-written entries above know more than IIS's schema files (meaning, levels, consequences);
// the generated table knows every attribute and validator. Where both describe an element, the
// hand-written words and keywords win and the table adds what they lack.
function layered(generated: readonly ElementSchema[], handWritten: readonly ElementSchema[]): ElementSchema[] {
  const byPath = new Map(handWritten.map((e) => [e.path.toLowerCase(), e]));
  const out: ElementSchema[] = [];
  for (const table of generated) {
    const own = byPath.get(table.path.toLowerCase());
    if (!own) {
      out.push(table);
      continue;
    }
    byPath.delete(table.path.toLowerCase());
    out.push(layer(own, table));
  }
  out.push(...byPath.values());
  return out;
}

function layer(own: ElementSchema, table: ElementSchema): ElementSchema {
  const attributes = own.attributes.map((attribute) => {
    const fromTable = table.attributes.find((a) => a.name === attribute.name);
    if (!fromTable) return attribute;
    const { validation, allowInfinite, timeSpanFormat, expanded, combinedKey } = fromTable;
    return { validation, allowInfinite, timeSpanFormat, expanded, combinedKey, ...attribute };
  });
  for (const attribute of table.attributes) {
    if (!own.attributes.some((a) => a.name === attribute.name)) attributes.push(attribute);
  }
  const children = [...own.children, ...table.children.filter((c) => !own.children.includes(c))];
  return {
    ...own,
    attributes,
    children,
    allowDefinition: own.allowDefinition ?? table.allowDefinition,
    openAttributes: own.openAttributes ?? table.openAttributes,
    schemaSource: table.schemaSource,
  };
}

/** Every element known: IIS's schema files (generated table) with the hand-written knowledge on top. */
export const SCHEMA_ELEMENTS: readonly ElementSchema[] = layered(generatedElements(), HAND_WRITTEN);

/** Section paths covered by this schema. */
export const SCHEMA_SECTIONS: readonly string[] = SCHEMA_ELEMENTS.filter((e) => e.kind === 'section').map((e) => e.path);

const byLowerPath = new Map(SCHEMA_ELEMENTS.map((e) => [e.path.toLowerCase(), e]));

/**
 * IIS's default applicationHost.config declares modules and handlers overrideModeDefault="Deny" and
 * then unlocks both for every path with `<location path="" overrideMode="Allow">`, so that
 * applications can add their own: by default they are open to web.config files.
 */
export const SECTIONS_OPENED_BY_DEFAULT: ReadonlySet<string> = new Set(['system.webServer/modules', 'system.webServer/handlers']);

/** Section groups implied by the known sections (`system.webServer/rewrite` for `system.webServer/rewrite/rules`). */
export const SCHEMA_SECTION_GROUPS: ReadonlySet<string> = new Set(
  SCHEMA_SECTIONS.flatMap((path) => {
    const parts = path.split('/');
    return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
  }),
);

/**
 * Finds an element by its path: a section path (`system.webServer/security/access`), a path below a
 * section (`.../manyToOneMappings/add/rules/add`), `location`, or `configSections/section`. A leading
 * `configuration/`, `<location>` wrappers and `sectionGroup` steps are ignored, so the chain of XML
 * element names from the document root works too. Case-insensitive.
 */
// Merging and rules ask for the same few paths for every element of every scope: answer from memory.
const schemaByQueryPath = new Map<string, ElementSchema | undefined>();

export function findElementSchema(pathOrNames: string | readonly string[]): ElementSchema | undefined {
  if (typeof pathOrNames !== 'string') return lookUpElementSchema(pathOrNames);
  // One lookup for the paths the schema knows; the second only for remembered misses.
  const known = schemaByQueryPath.get(pathOrNames);
  if (known !== undefined || schemaByQueryPath.has(pathOrNames)) return known;
  const found = lookUpElementSchema(pathOrNames);
  if (schemaByQueryPath.size < 10_000) schemaByQueryPath.set(detachedString(pathOrNames), found);
  return found;
}

function lookUpElementSchema(pathOrNames: string | readonly string[]): ElementSchema | undefined {
  const names = (typeof pathOrNames === 'string' ? pathOrNames.split('/') : [...pathOrNames]).filter((n) => n.length > 0);
  if (names.length > 0 && names[0].toLowerCase() === 'configuration') names.shift();
  if (names.length === 1 && names[0].toLowerCase() === 'location') return byLowerPath.get('location');
  const lower = names.map((n) => n.toLowerCase());
  if (lower[0] === 'configsections') {
    return lower[lower.length - 1] === 'section' ? byLowerPath.get('configsections/section') : undefined;
  }
  const withoutLocations = lower.filter((n) => n !== 'location');
  return byLowerPath.get(withoutLocations.join('/'));
}

export interface FindAttributeOptions {
  /** IIS matches attribute names exactly; hover and suggestions may want a case-insensitive match. */
  ignoreCase?: boolean;
}

export function findAttributeSchema(
  element: string | readonly string[] | ElementSchema,
  attributeName: string,
  options?: FindAttributeOptions,
): AttributeSchema | undefined {
  const schema = typeof element === 'object' && !Array.isArray(element) ? (element as ElementSchema) : findElementSchema(element as string | string[]);
  if (!schema) return undefined;
  const exact = attributesByName(schema).get(attributeName);
  if (exact || !options?.ignoreCase) return exact;
  const lower = attributeName.toLowerCase();
  return schema.attributes.find((a) => a.name.toLowerCase() === lower);
}

// The rules ask for every attribute of every element of a host file: a map per schema element, built on first use.
const attributeMaps = new WeakMap<ElementSchema, Map<string, AttributeSchema>>();

function attributesByName(schema: ElementSchema): Map<string, AttributeSchema> {
  let byName = attributeMaps.get(schema);
  if (!byName) {
    byName = new Map();
    // The first of two same-named attributes wins, as find() had it.
    for (const attribute of schema.attributes) if (!byName.has(attribute.name)) byName.set(attribute.name, attribute);
    attributeMaps.set(schema, byName);
  }
  return byName;
}

const requiredLists = new WeakMap<ElementSchema, AttributeSchema[]>();

/** The attributes IIS refuses the element without: required, with no default to fall back on. */
export function requiredAttributes(schema: ElementSchema): AttributeSchema[] {
  let required = requiredLists.get(schema);
  if (!required) {
    required = schema.attributes.filter((attribute) => attribute.required && attribute.default === undefined);
    requiredLists.set(schema, required);
  }
  return required;
}

/** The section an element path belongs to (`undefined` for paths outside the schema). */
export function findSectionSchema(pathOrNames: string | readonly string[]): ElementSchema | undefined {
  const element = findElementSchema(pathOrNames);
  if (!element || !element.section) return undefined;
  return findElementSchema(element.section);
}

/** IIS reads booleans case-insensitively (see the header comment). */
export function parseIisBool(value: string): boolean | undefined {
  // As IIS Manager writes them: no new strings for the tens of thousands of flags in a host file.
  if (value === 'true') return true;
  if (value === 'false') return false;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Enum keyword lookup, case-insensitive like IIS. */
export function findEnumValue(attribute: AttributeSchema, keyword: string): EnumValueSchema | undefined {
  if (!attribute.values) return undefined;
  return enumValuesByName(attribute).get(keyword.trim().toLowerCase());
}

// Keywords by their lower-cased name, built once per attribute: every enum value of a host file is looked up.
const enumMaps = new WeakMap<AttributeSchema, Map<string, EnumValueSchema>>();

function enumValuesByName(attribute: AttributeSchema): Map<string, EnumValueSchema> {
  let byName = enumMaps.get(attribute);
  if (!byName) {
    byName = new Map();
    // The first of two keywords alike but for case wins, as find() had it.
    for (const value of attribute.values ?? []) {
      const lower = value.name.toLowerCase();
      if (!byName.has(lower)) byName.set(lower, value);
    }
    enumMaps.set(attribute, byName);
  }
  return byName;
}

const childrenByElement = new WeakMap<ElementSchema, Map<string, ElementSchema | undefined>>();

/** The schema of a child element by its exact XML name (IIS matches element names exactly). */
export function childElementSchema(parent: ElementSchema, name: string): ElementSchema | undefined {
  let children = childrenByElement.get(parent);
  if (!children) {
    children = new Map();
    for (const child of parent.children) children.set(child, byLowerPath.get(`${parent.path}/${child}`.toLowerCase()));
    childrenByElement.set(parent, children);
  }
  return children.get(name);
}

/** The type of an attribute in words, with its range or format: `whole number, 0 or more, 10 to 65535`. */
export function describeAttributeType(schema: AttributeSchema): string {
  const v = schema.validation;
  const infinite = schema.allowInfinite ? ' or `Infinite`' : '';
  switch (schema.type) {
    case 'flags':
      return 'flags (comma-separated keywords)';
    case 'uint':
    case 'int':
    case 'int64': {
      const kind = schema.type === 'uint' ? 'whole number, 0 or more' : schema.type === 'int64' ? 'whole number (64-bit)' : 'whole number';
      if (v?.kind === 'range') return `${kind}, ${v.exclude ? 'not ' : ''}${v.min} to ${v.max}${infinite}`;
      return `${kind}${infinite}`;
    }
    case 'timeSpan': {
      const format = schema.timeSpanFormat === 'seconds' ? 'time span in seconds' : schema.timeSpanFormat === 'minutes' ? 'time span in minutes' : 'time span `[d.]hh:mm:ss`';
      if (v?.kind === 'timeSpanRange') {
        const step = v.granularity && v.granularity > 1 ? `, in steps of ${v.granularity} seconds` : '';
        return `${format}, ${v.min} to ${v.max} seconds${step}${infinite}`;
      }
      return `${format}${infinite}`;
    }
    case 'string':
      if (v?.kind === 'nonEmpty') return 'string, not empty';
      if (v?.kind === 'trimmed') return 'string without leading or trailing spaces';
      return 'string';
    default:
      return schema.type;
  }
}
