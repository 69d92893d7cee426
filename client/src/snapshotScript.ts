import { commands, Uri, window, workspace, type Disposable, type ExtensionContext } from 'vscode';

// Saves the packaged collection script where the user chooses; the extension never runs it.
export const SAVE_SNAPSHOT_SCRIPT_COMMAND = 'iisAuth.saveSnapshotScript';
const SCRIPT_NAME = 'Collect-IisSnapshot.ps1';

export function registerSnapshotScriptCommand(context: ExtensionContext): Disposable {
  return commands.registerCommand(SAVE_SNAPSHOT_SCRIPT_COMMAND, async (target?: Uri) => {
    const folder = workspace.workspaceFolders?.[0]?.uri;
    const destination =
      target ??
      (await window.showSaveDialog({
        defaultUri: folder ? Uri.joinPath(folder, SCRIPT_NAME) : undefined,
        filters: { 'PowerShell script': ['ps1'] },
        title: 'Save the script that collects a server snapshot (read-only; run it on the IIS server)',
      }));
    if (!destination) return undefined;
    await workspace.fs.writeFile(destination, await workspace.fs.readFile(Uri.joinPath(context.extensionUri, 'snapshot', SCRIPT_NAME)));
    await window.showTextDocument(await workspace.openTextDocument(destination));
    return destination;
  });
}
