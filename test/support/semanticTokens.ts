/** One semantic token with absolute position and names instead of legend indices. */
export interface DecodedToken {
  line: number;
  character: number;
  length: number;
  /** The token's text, when the document text was given. */
  text?: string;
  type: string;
  modifiers: string[];
}

/** Decodes the LSP wire format (five integers per token, relative positions), as an editor does. */
export function decodeSemanticTokens(
  data: readonly number[],
  legend: { tokenTypes: readonly string[]; tokenModifiers: readonly string[] },
  documentText?: string,
): DecodedToken[] {
  if (data.length % 5 !== 0) throw new Error(`semantic token data length ${data.length} is not a multiple of 5`);
  const lines = documentText?.split(/\r\n|\n|\r/);
  const tokens: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifierBits] = data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const modifiers = legend.tokenModifiers.filter((_, bit) => (modifierBits & (1 << bit)) !== 0);
    const token: DecodedToken = { line, character, length, type: legend.tokenTypes[type], modifiers };
    if (lines) token.text = lines[line]?.slice(character, character + length);
    tokens.push(token);
  }
  return tokens;
}

/** `text:type.modifier.modifier` per token, for compact assertions. */
export function tokenSummary(tokens: readonly DecodedToken[]): string[] {
  return tokens.map((t) => `${t.text}:${[t.type, ...t.modifiers].join('.')}`);
}
