// A documentation sample shows one element; IIS reads it inside these ancestors. Wrapping each sample
// in them lets the corpus tests check it where the documentation page says it belongs.
const ANCESTORS: Record<string, string[]> = {
  location: ['configuration'],
  'system.webServer': ['configuration'],
  security: ['configuration', 'system.webServer'],
  authentication: ['configuration', 'system.webServer', 'security'],
  site: ['configuration', 'system.applicationHost', 'sites'],
};

/** The sample inside its ancestors, with the sample's root element name; undefined for a whole `<configuration>`. */
export function wrapDocSample(text: string): { text: string; root: string } | undefined {
  const root = /<([A-Za-z][\w.:-]*)/.exec(text.replace(/<\?[^]*?\?>|<!--[^]*?-->/g, ''))?.[1];
  if (!root || root === 'configuration') return undefined;
  const chain =
    ANCESTORS[root] ?? (/Authentication$/.test(root) ? ['configuration', 'system.webServer', 'security', 'authentication'] : ['configuration', 'system.webServer', 'security']);
  return { root, text: chain.map((c) => `<${c}>`).join('') + text + [...chain].reverse().map((c) => `</${c}>`).join('') };
}
