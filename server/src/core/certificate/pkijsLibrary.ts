import type * as Pkijs from 'pkijs';

let loaded: typeof Pkijs | undefined;

/**
 * pkijs, loaded when a certificate is first read rather than when the analysis starts: it and the
 * hash library it brings take about 10 ms to initialise in a fresh process, which a check of files
 * without a readable certificate (most web.config files) never needs.
 */
export function pkijsLibrary(): typeof Pkijs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('pkijs') as typeof Pkijs);
}
