type NodeCrypto = typeof import('node:crypto');

let loaded: NodeCrypto | undefined;

/** node:crypto, loaded when a thumbprint or signature is first needed: requiring it costs a fresh CLI process about 4 ms. */
export function nodeCrypto(): NodeCrypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('node:crypto') as NodeCrypto);
}
