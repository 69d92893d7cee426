#!/usr/bin/env node
const { join } = require('node:path');
const { loadBundle } = require('./loadBundle.js');

const { main } = loadBundle(join(__dirname, '../dist/cli.js')).exports;
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
