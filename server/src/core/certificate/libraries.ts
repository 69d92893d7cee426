import type * as Pkijs from 'pkijs';

// Libraries the certificate code needs only once a certificate is read: required on first use rather
// than when the analysis starts, which a check of files without a readable certificate (most
// web.config files) never pays for.

function onFirstUse<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

/** pkijs: it and the hash library it brings take about 10 ms to initialise in a fresh process. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const pkijsLibrary = onFirstUse(() => require('pkijs') as typeof Pkijs);

/** node:crypto, for thumbprints and signatures: requiring it costs a fresh CLI process about 4 ms. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const nodeCrypto = onFirstUse(() => require('node:crypto') as typeof import('node:crypto'));
