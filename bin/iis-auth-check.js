#!/usr/bin/env node
const { join } = require('node:path');
const { loadBundle, tuneV8For } = require('./loadBundle.js');

const args = process.argv.slice(2);
const cache = tuneV8For(args);
const { main } = loadBundle(join(__dirname, '../dist/cli.js'), { cache }).exports;
main(args).then((code) => {
  process.exitCode = code;
});
