// Loads a CommonJS bundle (dist/cli.js) with V8's code cache written by the build.
//
// The CLI is one 2 MB bundle: a cold process spends a tenth of a second compiling it and then each
// function it runs, before any file is read. The cache made by `node scripts/codeCache.mjs` holds that
// bytecode. It is used only for the bundle it was made from: each build stamps the bundle's first
// line with a fresh id, which leads the cache file (hashing 2 MB would cost more than the check is
// worth), and V8 itself refuses a cache for a source of another length, or made by another Node.js
// or with other flags. Then the bundle compiles as usual. Plain JavaScript: this runs before
// anything is compiled.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

// A check is a cold process that runs wide code once: TurboFan inlining makes each optimised function
// a bigger compile, which arrives after most of the work is done. Without it, on the 10 MB host file
// of `npm run bench`, the check took 13–20% less wall time and a quarter less CPU (median of 14–16
// interleaved runs each). `logs` streams one narrow loop over hundreds of megabytes, where inlining
// pays: it keeps V8's defaults, and so compiles without the cache, whose flags would not match.
const CHECK_FLAGS = '--no-turbo-inlining';

/** Sets V8's flags for the command in `args`, before the bundle is compiled; false when it keeps the defaults (then no code cache). */
function tuneV8For(args) {
  if (args[0] === 'logs') return false;
  // V8 prints an error for a flag it does not know: set only on the V8 of Node.js 20 to 24 (11–13),
  // which have it. Elsewhere a check runs with the defaults (the cache still matches: the recorder
  // calls this too).
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 13) v8.setFlagsFromString(CHECK_FLAGS);
  return true;
}

function cacheFileOf(bundle) {
  return `${bundle}.codecache`;
}

/**
 * The bundle's exports. With `record`, no cache is read and `saveCodeCache()` on the result writes
 * one holding every function compiled until it is called; with `cache: false`, none is read.
 */
function loadBundle(bundle, { record = false, cache = true } = {}) {
  const source = readFileSync(bundle);
  // The build's stamp, newline included ('// build <id>'); a bundle without one gets no cache.
  const stamp = source.subarray(0, source.indexOf(10) + 1);
  const stamped = stamp.length > 0 && stamp.toString('latin1').startsWith('// build ');
  let cachedData;
  if (!record && cache && stamped) {
    try {
      const stored = readFileSync(cacheFileOf(bundle));
      if (stored.length > stamp.length && stored.subarray(0, stamp.length).equals(stamp)) cachedData = stored.subarray(stamp.length);
    } catch {
      // No cache (a build without one, a copied bundle): compiled as usual.
    }
  }
  // The wrapper Node.js itself puts around a CommonJS module. ASCII (as the build leaves it) is read
  // as Latin-1: the same text, without the UTF-8 decoder.
  const text = isAscii(source) ? source.toString('latin1') : source.toString('utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${text}\n});`;
  const script = new vm.Script(wrapped, { filename: bundle, cachedData });
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  return {
    exports: module.exports,
    /** Whether V8 took the cache (false: none, stale, or refused). */
    usedCodeCache: cachedData !== undefined && !script.cachedDataRejected,
    saveCodeCache() {
      if (stamped) writeFileSync(cacheFileOf(bundle), Buffer.concat([stamp, script.createCachedData()]));
    },
  };
}

module.exports = { loadBundle, cacheFileOf, tuneV8For };
