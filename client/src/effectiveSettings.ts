import { commands, window, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EffectiveSettingsArguments } from '../../server/src/core/effectiveLens';
import { showMarkdown } from './markdownPreview';
import { executeOnServer, messageOf } from './serverCommand';

// The effective-settings lens and inlay hint run this client command with `{ uri, path }`; the
// server writes the page (every setting and the file and line it comes from).

export const SHOW_EFFECTIVE_SETTINGS_COMMAND = 'iisAuth.showEffectiveSettings';
const SERVER_MARKDOWN_COMMAND = 'iisAuth.effectiveSettingsMarkdown';

export function registerEffectiveSettingsCommand(client: LanguageClient): Disposable {
  return commands.registerCommand(SHOW_EFFECTIVE_SETTINGS_COMMAND, (args?: unknown) => showEffectiveSettings(client, args));
}

/** Returns the Markdown shown. */
async function showEffectiveSettings(client: LanguageClient, args?: unknown): Promise<string | undefined> {
  const given = (args ?? {}) as Partial<EffectiveSettingsArguments>;
  if (typeof given.uri !== 'string') return undefined;
  const request: EffectiveSettingsArguments = { uri: given.uri, path: typeof given.path === 'string' ? given.path : '' };
  try {
    const markdown = await executeOnServer<string>(client, SERVER_MARKDOWN_COMMAND, [request]);
    const where = request.path === '' ? given.uri.split('/').slice(-2).join('/') : request.path;
    await showMarkdown('iisAuth.effectiveSettings', `Effective: ${decoded(where)}`, markdown);
    return markdown;
  } catch (error) {
    void window.showErrorMessage(`IIS Auth: ${messageOf(error)}`);
    return undefined;
  }
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
