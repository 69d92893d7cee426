/**
 * Which IIS site a log line was written for, as far as the log tells: IIS names the site
 * `W3SVC<site id>` in the `s-sitename` column, and in the folder it keeps each site's logs in
 * (`inetpub\logs\LogFiles\W3SVC<site id>\u_ex*.log`, "Configure Logging in IIS",
 * https://learn.microsoft.com/iis/manage/provisioning-and-managing-iis/configure-logging-in-iis).
 * Without either, the port and host the request came to (`s-port`, `cs-host`) can still be matched
 * against the sites' bindings.
 */
export interface LogSite {
  /** How the site was told: its `s-sitename` column, the log's folder, the request's port and host, a FREB trace's `siteId`, or not at all. */
  from: 's-sitename' | 'folder' | 'binding' | 'trace' | 'none';
  /** `s-sitename` as logged (normally `W3SVC<id>`), or `W3SVC<id>` from the folder. */
  siteName?: string;
  /** The `<site id>` when the name is `W3SVC<id>`. */
  siteId?: number;
  port?: number;
  host?: string;
}

const W3SVC = /^W3SVC(\d{1,10})$/i;
const W3SVC_FOLDER = /(?:^|[\\/])(W3SVC\d{1,10})[\\/][^\\/]*$/i;

/** `W3SVC<id>` of the folder that holds a log file (a path or a file: URI), undefined when it is not one. */
export function siteFolderOfLog(pathOrUri: string): string | undefined {
  let path = pathOrUri;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) path = decodeURIComponent(path);
  } catch {
    // a malformed escape: read the URI as written
  }
  return W3SVC_FOLDER.exec(path)?.[1];
}

/**
 * Internal keys, one string per site a line can name, so a summary can count paths per site without
 * building an object per line: the `s-sitename` value as logged, or a control character (which no
 * logged value starts with) followed by the folder's `W3SVC<id>` or the port and host.
 */
const FOLDER_KEY = '\u0001';
const BINDING_KEY = '\u0002';

export function folderSiteKey(folder: string): string {
  return `${FOLDER_KEY}${folder}`;
}

export function bindingSiteKey(port: string | undefined, host: string | undefined): string {
  return `${BINDING_KEY}${port ?? ''}\u0000${host ?? ''}`;
}

export const NO_SITE_KEY = '';

export function logSiteOfKey(key: string): LogSite {
  if (key === NO_SITE_KEY) return { from: 'none' };
  if (key.startsWith(FOLDER_KEY)) return named(key.slice(1), 'folder');
  if (key.startsWith(BINDING_KEY)) {
    const [port, host] = key.slice(1).split('\u0000');
    const site: LogSite = { from: 'binding' };
    if (/^\d{1,5}$/.test(port)) site.port = Number(port);
    if (host) site.host = host;
    return site.port === undefined && site.host === undefined ? { from: 'none' } : site;
  }
  return named(key, 's-sitename');
}

/**
 * The site key of one line, from the values the summary and the hover both read; `folderKey` is
 * `folderSiteKey` of the log's folder, made once per file.
 */
export function siteKeyOf(siteName: string | undefined, folderKey: string | undefined, port: string | undefined, host: string | undefined): string {
  if (siteName !== undefined && siteName !== '-' && siteName !== '') return siteName;
  if (folderKey !== undefined) return folderKey;
  const p = port === '-' ? undefined : port;
  const h = host === '-' ? undefined : host;
  return p === undefined && h === undefined ? NO_SITE_KEY : bindingSiteKey(p, h);
}

function named(name: string, from: 's-sitename' | 'folder'): LogSite {
  const id = W3SVC.exec(name);
  return id ? { from, siteName: name, siteId: Number(id[1]) } : { from, siteName: name };
}

/** How a reader sees the site of a line, e.g. `W3SVC3 (s-sitename)`, `port 443, host intranet`. */
export function describeLogSite(site: LogSite): string {
  switch (site.from) {
    case 's-sitename':
      return `${site.siteName} (s-sitename)`;
    case 'folder':
      return `${site.siteName} (the log's folder)`;
    case 'trace':
      return `site id ${site.siteId} (the trace's siteId)`;
    case 'binding':
      return [site.port !== undefined ? `port ${site.port}` : undefined, site.host ? `host ${site.host}` : undefined].filter(Boolean).join(', ');
    default:
      return 'no site column, folder, port or host';
  }
}
