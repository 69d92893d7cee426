import { explainCode } from '../core/knowledge/explain';

// `iis-auth-check explain <code>`: the same explanation as the hover and the editor command, for a
// terminal. The arguments are joined, so `explain 401 2 5` reads as one status triple.

export const explainUsage = `  iis-auth-check explain [--markdown] <code>
      Explains an IIS status code or a Win32 / NTSTATUS / HRESULT code: 401.2, "403 13",
      "401 2 5" (status, sub-status, win32 as in the log), -1073741715, 0x80070021, 1326.
      Exit status: 0 when the code is in the tables, 1 when it is not, 2 on usage errors.`;

export interface ExplainStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function explainCommand(argv: string[], io: ExplainStreams = process): Promise<number> {
  let markdown = false;
  const parts: string[] = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(`Usage:\n${explainUsage}\n`);
      return 0;
    }
    // A negative number is a code (an NTSTATUS as IIS logs it), not an option.
    if (arg === '--markdown') markdown = true;
    else if (arg.startsWith('--')) {
      io.stderr.write(`Unknown option '${arg}'.\n\nUsage:\n${explainUsage}\n`);
      return 2;
    } else parts.push(arg);
  }
  if (parts.length === 0) {
    io.stderr.write(`No code given.\n\nUsage:\n${explainUsage}\n`);
    return 2;
  }
  const md = explainCode(parts.join(' '));
  io.stdout.write(`${markdown ? md : markdownToText(md)}\n`);
  return /is not in the|is not a code I can read/.test(md.split('\n')[0]) ? 1 : 0;
}

/** Light Markdown for a terminal: no emphasis markers, links as "text (url)". */
export function markdownToText(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+(?:\([^)]*\))?[^)\s]*)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    // A whole emphasised line (the sources) may hold addresses with underscores of their own.
    .replace(/^_(.+)_$/gm, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,])/gm, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\n---\n/g, '\n');
}
