/**
 * A copy of `value` that shares no memory with the text it was read from.
 *
 * Attribute values and element names are slices of their document's text, and V8 keeps a slice's
 * whole parent string alive: a module-level cache keyed by one would hold every analysed text (10 MB
 * each for a large applicationHost.config) for as long as the entry lives. Whatever a cache keeps
 * beyond one analysis goes through here. Concatenating makes a new string; slicing it back flattens that
 * into fresh memory of the value's length.
 */
export function detachedString(value: string): string {
  // V8 copies what is shorter than its smallest slice (13 characters) anyway: nothing to detach.
  if (value.length < 13) return value;
  return ` ${value}`.slice(1);
}
