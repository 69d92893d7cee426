import { commands, env, window, type Disposable } from 'vscode';
import type { CopySectionArguments } from '../../server/src/core/actions/moveSectionFromWebConfig';

// The quick fix for certificate mappings in a web.config below its site, when the workspace holds no
// file to move them to: the server prepares the XML and the instructions, the client copies it.

export const COPY_SECTION_COMMAND = 'iisAuth.copySectionForSiteLevel';

export function registerCopySectionCommand(): Disposable {
  return commands.registerCommand(COPY_SECTION_COMMAND, async (args?: unknown) => {
    const given = (args ?? {}) as Partial<CopySectionArguments>;
    if (typeof given.xml !== 'string') return false;
    await env.clipboard.writeText(given.xml);
    void window.showInformationMessage(`Copied to the clipboard. ${given.instructions ?? ''}`.trim());
    return true;
  });
}
