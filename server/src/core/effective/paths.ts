import { normalizeLocationPath } from '../model/configFile';
import { detachedString } from '../text/detach';

// URL paths in IIS configuration are `Site/App/folder` without a leading slash ('' is the server
// level), compared without regard to case. File URIs and `physicalPath` values are compared as
// folder-name lists. These helpers keep those three spellings apart.

/** Segments of a URL path as written (slashes trimmed, `.` = this level). */
export function urlPathSegments(path: string): string[] {
  const normalized = normalizeLocationPath(path);
  if (normalized === '') return [];
  // A site name alone (most location paths): one segment, and normalising never leaves a lone '.'.
  if (!normalized.includes('/')) return [normalized];
  return normalized.split('/').filter((s) => s !== '' && s !== '.');
}

// Every rule asks for the keys of the same few thousand paths, many times each.
const keyByPath = new Map<string, string>();

/** Case-folded key of a URL path, the form every index uses. */
export function urlPathKey(path: string): string {
  let key = keyByPath.get(path);
  if (key === undefined) {
    key = urlPathSegments(path).join('/').toLowerCase();
    if (keyByPath.size >= 100_000) keyByPath.clear();
    key = detachedString(key);
    keyByPath.set(detachedString(path), key);
  }
  return key;
}

const joinedByPath = new Map<string, string>();

export function joinUrlPath(...parts: string[]): string {
  if (parts.length !== 1) {
    // Each part joined on its own (remembered) and the non-empty ones put together: the same segments in order.
    let joined = '';
    for (let i = 0; i < parts.length; i++) {
      const segment = joinUrlPath(parts[i]);
      if (segment) joined = joined ? `${joined}/${segment}` : segment;
    }
    return joined;
  }
  const path = parts[0];
  let joined = joinedByPath.get(path);
  if (joined === undefined) {
    joined = urlPathSegments(path).join('/');
    if (joinedByPath.size >= 100_000) joinedByPath.clear();
    joined = detachedString(joined);
    joinedByPath.set(detachedString(path), joined);
  }
  return joined;
}

/** `prefix` is `path` or one of its ancestors (both keys). '' is everyone's ancestor. */
export function isKeyPrefix(prefix: string, path: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(prefix + '/');
}

/** '', 'a', 'a/b', … up to the key itself, outermost first. */
export function keyPrefixes(key: string): string[] {
  const prefixes = [''];
  if (key === '') return prefixes;
  let at = key.indexOf('/');
  while (at >= 0) {
    prefixes.push(key.slice(0, at));
    at = key.indexOf('/', at + 1);
  }
  prefixes.push(key);
  return prefixes;
}

export function keyDepth(key: string): number {
  return key === '' ? 0 : key.split('/').length;
}

/**
 * Folder names of a document URI, without the file name; undefined for URIs that are not files
 * (untitled documents have no folder to reason about). Windows drive URIs (`file:///c%3A/…`) and
 * UNC hosts keep their first segment, which is enough for ancestor comparisons.
 */
export function uriFolderSegments(uri: string): string[] | undefined {
  const match = /^file:\/\/([^/]*)(\/[^?#]*)?/i.exec(uri);
  if (!match) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(match[2] ?? '/');
  } catch {
    path = match[2] ?? '/';
  }
  const segments = path.split(/[\\/]+/).filter((s) => s.length > 0);
  if (match[1]) segments.unshift(match[1]);
  segments.pop();
  return segments;
}

/**
 * Folder names of a `physicalPath`: environment variables (`%SystemDrive%`, `%IIS_SITES_HOME%`) and
 * drive letters say nothing about the workspace layout, so they are dropped; what remains is
 * matched from the end against workspace folders.
 */
export function physicalPathSegments(physicalPath: string): string[] {
  return physicalPath
    .trim()
    .split(/[\\/]+/)
    .filter((s) => s.length > 0 && !/^%[^%]+%$/.test(s) && !/^[A-Za-z]:$/.test(s) && s !== '.' && s !== '~');
}

/** How many folder names match from the end, case-insensitively. */
export function trailingMatch(folders: readonly string[], physical: readonly string[]): number {
  let count = 0;
  while (
    count < folders.length &&
    count < physical.length &&
    folders[folders.length - 1 - count].toLowerCase() === physical[physical.length - 1 - count].toLowerCase()
  ) {
    count++;
  }
  return count;
}
