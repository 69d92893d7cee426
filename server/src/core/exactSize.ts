/**
 * `list` without the spare room push leaves in it (room for seventeen once the first item is in),
 * for lists that live as long as an analysis: a host file holds thousands, and the collector copies
 * each whole, spare room included. Longer lists are left as they are.
 */
export function exactSize<T>(list: T[]): T[] {
  return list.length > 0 && list.length < 16 ? list.slice() : list;
}
