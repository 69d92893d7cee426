#!/usr/bin/env node
// The standalone language server for any LSP client: `iis-auth-language-server --stdio`.
require('../dist/server.js');
