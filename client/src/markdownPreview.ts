import { commands, ViewColumn, window } from 'vscode';

/**
 * Shows Markdown the server wrote in a preview panel beside the editor. The built-in Markdown
 * extension renders it; without that extension the text still reaches the user in a dialog.
 */
export async function showMarkdown(viewType: string, title: string, markdown: string): Promise<void> {
  try {
    const html = await commands.executeCommand<unknown>('markdown.api.render', markdown);
    if (typeof html !== 'string') throw new Error('no Markdown renderer');
    // No scripts: the page is the server's text, and links still open through the workbench.
    const panel = window.createWebviewPanel(viewType, title, { viewColumn: ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';"><style>pre { white-space: pre-wrap; }</style></head><body>${html}</body></html>`;
  } catch {
    void window.showInformationMessage(markdown.replace(/\*\*|`|_/g, ''), { modal: true });
  }
}
