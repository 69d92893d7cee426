import { commands, Uri, window, workspace, type Disposable, type ExtensionContext } from 'vscode';

// "Open a sample applicationHost.config" (the walkthrough's first step): a fresh copy of the
// packaged sample in the extension's own storage, so the user can try the quick fix on it
// without touching the installed extension or any file of theirs. The copy is named
// applicationHost.config so that every editor and the server read it as a host file.

export const OPEN_SAMPLE_COMMAND = 'iisAuth.openSampleConfiguration';

export function registerSampleCommand(context: ExtensionContext): Disposable {
  return commands.registerCommand(OPEN_SAMPLE_COMMAND, () => openSample(context));
}

async function openSample(context: ExtensionContext): Promise<Uri> {
  const packaged = Uri.joinPath(context.extensionUri, 'walkthrough', 'applicationHost.config');
  const folder = Uri.joinPath(context.globalStorageUri, 'sample');
  const copy = Uri.joinPath(folder, 'applicationHost.config');
  await workspace.fs.createDirectory(folder);
  await workspace.fs.writeFile(copy, await workspace.fs.readFile(packaged));
  const document = await workspace.openTextDocument(copy);
  await window.showTextDocument(document);
  return copy;
}
