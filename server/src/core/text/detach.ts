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

// Property keys are interned by V8 (one string per spelling, in its string table): a string stored
// as a key and read back is that one. Set and deleted again at once, so this object stays empty.
const interner: Record<string, number> = Object.create(null);

/**
 * The engine's one string for this spelling. Comparing two interned strings is one pointer
 * comparison; an element or attribute name sliced from the text compared with a rule's constant
 * ('enabled', 'certificate') is a call that compares their characters. Names and short values are
 * compared that way hundreds of thousands of times in a host file, each distinct spelling is
 * interned once. Spellings that are array indices ('443') come back as equal strings.
 */
export function internedString(value: string): string {
  // Remembered across parses: a lookup costs a tenth of a round trip through the property table, and
  // an interned string is a copy of its own (never a slice keeping a document's text alive).
  const known = interned.get(value);
  if (known !== undefined) return known;
  let result = value;
  interner[value] = 0;
  for (const key in interner) {
    delete interner[key];
    result = key;
    break;
  }
  if (interned.size >= 20_000) interned.clear();
  interned.set(result, result);
  return result;
}

const interned = new Map<string, string>();
