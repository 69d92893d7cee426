-- IIS Auth Config in Neovim 0.7 or later: checks web.config and applicationHost.config.
-- The server indexes every *.config under the folder Neovim was started in, so an
-- applicationHost.config there decides what the web.config files below it may do.
local iis_auth = {
  name = 'iis-auth',
  cmd = { 'iis-auth-language-server', '--stdio' },
  get_language_id = function() return 'xml' end,
}
local iis_auth_clients = {}
vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  pattern = '*.config',
  callback = function(args)
    local config = vim.tbl_extend('force', iis_auth, { root_dir = vim.fn.getcwd() })
    if vim.lsp.start then -- Neovim 0.8+
      vim.lsp.start(config, { bufnr = args.buf })
    else
      iis_auth_clients[config.root_dir] = iis_auth_clients[config.root_dir] or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, iis_auth_clients[config.root_dir])
    end
  end,
})
