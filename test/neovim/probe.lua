-- Test driver, loaded after init.lua and the fixture: waits for the diagnostics Neovim shows,
-- asks for a hover where the test says, writes both as JSON for the test to assert on, and quits.
local out = os.getenv('IIS_PROBE_OUT')
local hover_at = { line = tonumber(os.getenv('IIS_PROBE_LINE')), character = tonumber(os.getenv('IIS_PROBE_CHARACTER')) }
local timeout_ms = tonumber(os.getenv('IIS_PROBE_TIMEOUT_MS') or '30000')
local buf = vim.api.nvim_get_current_buf()
local result = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }

local ok, err = pcall(function()
  result.diagnostics_arrived = vim.wait(timeout_ms, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  result.clients = {}
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    table.insert(result.clients, client.name)
  end
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    -- Neovim 0.7 keeps the LSP code under user_data; later versions copy it to `code`.
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(result.diagnostics, {
      code = code,
      severity = vim.diagnostic.severity[d.severity],
      message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = hover_at }
  local responses, request_err = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, timeout_ms)
  result.hover_error = request_err
  result.hovers = {}
  for _, response in pairs(responses or {}) do
    table.insert(result.hovers, response.result or { error = response.err })
  end
end)
if not ok then result.error = tostring(err) end

local file = assert(io.open(out, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
