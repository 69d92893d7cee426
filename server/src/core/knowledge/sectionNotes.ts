// One line per section of the generated schema table (generated/iisSchema.ts), in this project's own
// words, and the learn.microsoft.com page a hover links to. The schema files carry no descriptions;
// a section without a note here is described by its name and its attributes only.

const IIS_CONFIG = 'https://learn.microsoft.com/iis/configuration/';
const REWRITE = 'https://learn.microsoft.com/iis/extensions/url-rewrite-module/url-rewrite-module-configuration-reference';
const ARR = 'https://learn.microsoft.com/iis/extensions/planning-for-arr/using-the-application-request-routing-module';
const ASPNET_CORE = 'https://learn.microsoft.com/aspnet/core/host-and-deploy/iis/web-config';
const ASPNET = 'https://learn.microsoft.com/previous-versions/dotnet/netframework-4.0/b5ysx397(v=vs.100)';
const DOTNET = 'https://learn.microsoft.com/dotnet/framework/configure-apps/file-schema/';
const ADMINISTRATION = 'https://learn.microsoft.com/iis/get-started/planning-your-iis-architecture/introduction-to-applicationhostconfig';

export const SECTION_NOTES: Readonly<Record<string, string>> = {
  'system.applicationHost/applicationPools': 'Application pools: worker process identity, pipeline mode, recycling, rapid-fail protection and CPU limits.',
  'system.applicationHost/configHistory': 'How often IIS keeps a backup copy of applicationHost.config, and how many.',
  'system.applicationHost/customMetadata': 'Metadata that IIS keeps for compatibility with the IIS 6 metabase.',
  'system.applicationHost/listenerAdapters': 'Listener adapters (HTTP, net.tcp, net.pipe …) that the Windows Process Activation Service talks to.',
  'system.applicationHost/log': 'Server-wide logging mode (per site, one central W3C or binary log) and its files.',
  'system.applicationHost/serviceAutoStartProviders': 'Types that warm an application up when its pool starts (auto-start providers).',
  'system.applicationHost/sites': 'Sites, their bindings, applications and virtual directories, plus defaults for each.',
  'system.applicationHost/webLimits': 'Connection-level limits: timeouts, minimum throughput, dynamic idle threshold.',
  'system.webServer/asp': 'Classic ASP: buffering, sessions, script errors, COM+ and caching.',
  'system.webServer/caching': 'Output caching of responses in user mode and in HTTP.sys (kernel mode), with per-extension profiles.',
  'system.webServer/cgi': 'CGI applications: timeouts, process creation as the user, console windows.',
  'system.webServer/defaultDocument': 'Files IIS returns when a request names a folder (index.html, default.aspx …), in order.',
  'system.webServer/directoryBrowse': 'Whether IIS lists a folder\'s files when no default document answers, and what the listing shows.',
  'system.webServer/fastCgi': 'FastCGI process pools (PHP and others): executables, instances, timeouts, environment variables.',
  'system.webServer/globalModules': 'Native modules loaded into every worker process (DLL paths); only applicationHost.config may list them.',
  'system.webServer/handlers': 'Handler mappings: which module, DLL or managed type answers a request by path, verb and resource type.',
  'system.webServer/httpCompression': 'Static and dynamic compression schemes (gzip, deflate, br) and the MIME types they apply to.',
  'system.webServer/httpErrors': 'Custom error pages by status and sub-status, and whether remote clients see detailed errors.',
  'system.webServer/httpLogging': 'Turns request logging on or off for a site or application and chooses what is logged.',
  'system.webServer/httpProtocol': 'Response headers IIS adds (custom headers, redirect headers) and HTTP keep-alive.',
  'system.webServer/httpRedirect': 'Redirects every request (or mapped wildcards) to another URL with a chosen status code.',
  'system.webServer/httpTracing': 'Event Tracing for Windows of request processing, by URL.',
  'system.webServer/isapiFilters': 'ISAPI filters loaded for a site or the server, in order.',
  'system.webServer/management/authentication': 'Credentials accepted by the IIS Management Service (remote IIS Manager).',
  'system.webServer/management/authorization': 'Who may connect to a site or application with remote IIS Manager.',
  'system.webServer/management/trustedProviders': 'Configuration providers trusted for delegated remote administration.',
  'system.webServer/modules': 'Modules that run for requests to this application (native modules from globalModules, managed types).',
  'system.webServer/applicationInitialization': 'Warm-up requests sent when an application starts, and the page shown while it warms up.',
  'system.webServer/odbcLogging': 'Request logging into an ODBC data source.',
  'system.webServer/security/access': 'Whether content needs HTTPS, and whether IIS asks for or requires a client certificate.',
  'system.webServer/security/applicationDependencies': 'ISAPI and CGI groups an application depends on (used with isapiCgiRestriction).',
  'system.webServer/security/authorization': 'URL Authorization: allow and deny rules by user, role and verb, evaluated by IIS before the handler runs.',
  'system.webServer/security/ipSecurity': 'Allows or denies clients by IP address, subnet or domain name.',
  'system.webServer/security/dynamicIpSecurity': 'Blocks clients that open too many concurrent requests or send requests too fast.',
  'system.webServer/security/isapiCgiRestriction': 'Which ISAPI DLLs and CGI executables IIS may run at all.',
  'system.webServer/security/requestFiltering': 'Rejects requests by size, URL length, query string, extension, verb, header or hidden segment (404.x codes).',
  'system.webServer/serverRuntime': 'Request-handling limits: entity sizes, alternate host name, front-end cache frequency.',
  'system.webServer/serverSideInclude': 'Server-side include (#include, #exec) processing of .stm/.shtml files.',
  'system.webServer/staticContent': 'Static files: MIME types, client cache headers, default document footer.',
  'system.webServer/tracing/traceFailedRequests': 'Failed Request Tracing rules: which requests (by path, status, time) produce a FREB trace file.',
  'system.webServer/tracing/traceProviderDefinitions': 'Trace providers and their areas that Failed Request Tracing rules can name.',
  'system.webServer/urlCompression': 'Turns static and dynamic compression on or off for a site, application or folder.',
  'system.webServer/validation': 'Whether IIS checks an integrated-pipeline application for ASP.NET settings it ignores (system.web httpModules, httpHandlers).',
  'system.webServer/webSocket': 'The WebSocket protocol: on or off, ping interval, receive buffer.',
  'system.webServer/rewrite/globalRules': 'URL Rewrite rules applied server-wide before site rules.',
  'system.webServer/rewrite/allowedServerVariables': 'Server variables and headers that rewrite rules below the server may set.',
  'system.webServer/rewrite/rules': 'URL Rewrite inbound rules: pattern, conditions and the rewrite, redirect or abort action.',
  'system.webServer/rewrite/outboundRules': 'URL Rewrite rules applied to responses (headers and HTML content).',
  'system.webServer/rewrite/providers': 'URL Rewrite providers (custom .NET code that maps values).',
  'system.webServer/rewrite/rewriteMaps': 'Key/value maps that rewrite rules look values up in.',
  'system.webServer/aspNetCore': 'ASP.NET Core Module: the process it starts or hosts in-process, arguments, environment, stdout log.',
  'system.webServer/proxy': 'Application Request Routing proxy: forwarding, timeouts, caching of proxied responses.',
  'system.webServer/diskCache': 'Application Request Routing disk cache drives.',
  webFarms: 'Application Request Routing server farms, their servers and load balancing.',
  'system.webServer/webdav/globalSettings': 'WebDAV lock and property stores.',
  'system.webServer/webdav/authoring': 'Turns WebDAV publishing on for a site and sets its options.',
  'system.webServer/webdav/authoringRules': 'Who may read, write or change the source of content through WebDAV.',
  'system.web/authentication': 'ASP.NET authentication mode (Windows, Forms, None) and the Forms login settings.',
  'system.web/authorization': 'ASP.NET URL authorization: allow and deny rules evaluated in order, first match wins.',
  'system.web/compilation': 'ASP.NET compilation: debug builds, target framework, referenced assemblies.',
  'system.web/customErrors': 'ASP.NET error pages and whether remote users see error details.',
  'system.web/httpRuntime': 'ASP.NET request limits and runtime options (request length, execution timeout, target framework).',
  'system.web/identity': 'Whether ASP.NET impersonates the authenticated user (or a fixed account).',
  'system.web/machineKey': 'Keys and algorithms ASP.NET uses to sign and encrypt view state and cookies.',
  'system.web/sessionState': 'Where ASP.NET keeps session state (in process, state server, SQL Server) and its timeout.',
  appSettings: 'Application settings as key/value pairs read by .NET code.',
  connectionStrings: 'Named database connection strings read by .NET code.',
};

export function sectionDocUrl(sectionPath: string): string {
  if (sectionPath.startsWith('system.webServer/rewrite/')) return REWRITE;
  if (sectionPath === 'system.webServer/proxy' || sectionPath === 'system.webServer/diskCache' || sectionPath === 'webFarms') return ARR;
  if (sectionPath === 'system.webServer/aspNetCore') return ASPNET_CORE;
  if (sectionPath.startsWith('system.webServer/') || sectionPath.startsWith('system.applicationHost/')) {
    return `${IIS_CONFIG}${sectionPath.toLowerCase()}/`;
  }
  if (sectionPath.startsWith('system.web/')) return ASPNET;
  if (!sectionPath.includes('/') && /^(configPaths|moduleProviders|modules|administratorsProviders|administrators|configurationRedirection)$/.test(sectionPath)) {
    return ADMINISTRATION;
  }
  return DOTNET;
}
