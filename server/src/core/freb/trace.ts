import { decodeEntities, parseXmlDocument, type XmlDocument, type XmlElement } from '../xml/document';
import type { Span } from '../types';

/**
 * A Failed Request Tracing file (`fr000001.xml`, one per traced request, in
 * `inetpub\logs\FailedReqLogFiles\W3SVC<site id>`), read into the request and its events in order.
 * Shape ("Troubleshoot failed requests using tracing in IIS 8.5",
 * https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/troubleshoot-failed-requests-using-tracing-in-iis-85):
 * `<failedRequest url siteId verb statusCode timeTaken …>` holding `<Event>`s, each with
 * `System/Level`, `System/TimeCreated@SystemTime`, `EventData/Data[@Name]` values and
 * `RenderingInfo/Opcode` (the event's name, e.g. AUTH_START) with `freb:Description[@Data]` texts
 * for coded values (AuthTypeSupported 128 is "MapCliCert"). A trace cut off while IIS was writing
 * it (or by a copy) keeps the events before the cut, and says where it ends.
 */

export interface FrebEvent {
  /** 0-based position among the trace's events. */
  index: number;
  /** `RenderingInfo/Opcode`, e.g. `AUTH_START`; `EVENT <id>` when the trace has no rendering info. */
  name: string;
  /** `System/Level`: 1 critical, 2 error, 3 warning, 4 information, 5 verbose. */
  level?: number;
  /** `System/TimeCreated@SystemTime`. */
  time?: string;
  /** `EventData/Data` values by `Name`, as written (numbers stay text). */
  data: Map<string, string>;
  /** `freb:Description` texts by the `Data` name they describe. */
  descriptions: Map<string, string>;
  span: Span;
}

export interface FrebRequest {
  url?: string;
  siteId?: string;
  appPoolId?: string;
  verb?: string;
  /** `statusCode`, as written: `401`, or `401.2` in some writers. */
  statusCode?: string;
  triggerStatusCode?: string;
  timeTaken?: string;
  failureReason?: string;
  authenticationType?: string;
  userName?: string;
  remoteUserName?: string;
  tokenUserName?: string;
  activityId?: string;
}

export interface FrebTrace {
  request: FrebRequest;
  events: FrebEvent[];
  /** Set when the file ends before `</failedRequest>`: what was read is kept, and this says so. */
  truncated?: string;
}

export type FrebReadResult = { trace: FrebTrace } | { error: string };

/** Above this a file is not a single request's trace (real ones are tens of kilobytes). */
export const MAX_FREB_CHARS = 32 * 1024 * 1024;

export function readFrebTrace(text: string): FrebReadResult {
  if (text.length > MAX_FREB_CHARS) return { error: `The file is larger than ${MAX_FREB_CHARS / 1024 / 1024} MB of text; a Failed Request Tracing file holds one request and is far smaller.` };
  if (text.trim().length === 0) return { error: 'The file is empty: IIS had not written the trace yet, or the copy failed.' };
  let document = parse(text);
  let root = document?.root;
  let cutAt: number | undefined;
  if ((!root || !root.closed) && /<failedRequest[\s>]/.test(text.slice(0, 4096))) {
    // Cut off while IIS was writing it (or by a copy): read the events that are complete.
    const lastEvent = text.lastIndexOf('</Event>');
    const head = lastEvent >= 0 ? text.slice(0, lastEvent + '</Event>'.length) : text.slice(0, text.indexOf('>', text.search(/<failedRequest[\s>]/)) + 1);
    const repaired = parse(`${head}\n</failedRequest>`);
    if (repaired?.root?.name === 'failedRequest' && repaired.root.closed) {
      document = repaired;
      root = repaired.root;
      cutAt = head.length;
    } else {
      return { error: 'The trace is cut off inside its <failedRequest> start tag, before any event: IIS was still writing it, or the copy is incomplete.' };
    }
  }
  if (!document) return { error: 'The file cannot be read as XML.' };
  if (!root || root.name !== 'failedRequest') {
    return { error: root ? `This is not a Failed Request Tracing file: its root element is <${root.name}>, not <failedRequest>.` : 'The file holds no XML element, so it is not a Failed Request Tracing file.' };
  }
  const request: FrebRequest = {
    url: root.get('url'),
    siteId: root.get('siteId'),
    appPoolId: root.get('appPoolId'),
    verb: root.get('verb'),
    statusCode: root.get('statusCode'),
    triggerStatusCode: root.get('triggerStatusCode'),
    timeTaken: root.get('timeTaken'),
    failureReason: root.get('failureReason'),
    authenticationType: root.get('authenticationType'),
    userName: root.get('userName'),
    remoteUserName: root.get('remoteUserName'),
    tokenUserName: root.get('tokenUserName'),
    activityId: root.get('activityId'),
  };
  const events: FrebEvent[] = [];
  for (const element of root.elements('Event')) events.push(readEvent(document.text, element, events.length));
  const trace: FrebTrace = { request, events };
  if (cutAt !== undefined) {
    const line = document.lines.positionAt(cutAt).line + 1;
    trace.truncated = `The trace is cut off after its event ${events.length} (line ${line}): IIS was still writing it, or the copy is incomplete. The ${events.length} complete events are explained; what happened after them is not in the file.`;
  }
  return { trace };
}

function parse(text: string): XmlDocument | undefined {
  try {
    return parseXmlDocument(text);
  } catch {
    return undefined;
  }
}

function readEvent(text: string, element: XmlElement, index: number): FrebEvent {
  const system = element.element('System');
  const rendering = element.element('RenderingInfo');
  const data = new Map<string, string>();
  for (const item of element.element('EventData')?.elements('Data') ?? []) {
    const name = item.get('Name');
    if (name !== undefined) data.set(name, contentOf(text, item));
  }
  const descriptions = new Map<string, string>();
  for (const item of rendering?.elements('freb:Description') ?? []) {
    const name = item.get('Data');
    if (name !== undefined) descriptions.set(name, contentOf(text, item));
  }
  const opcode = rendering?.element('Opcode');
  const eventId = system?.element('EventID');
  const level = system?.element('Level');
  const levelValue = level ? Number(contentOf(text, level)) : NaN;
  return {
    index,
    name: opcode ? contentOf(text, opcode) : `EVENT ${eventId ? contentOf(text, eventId) : '?'}`,
    level: Number.isInteger(levelValue) ? levelValue : undefined,
    time: system?.element('TimeCreated')?.get('SystemTime'),
    data,
    descriptions,
    span: element.span,
  };
}

function contentOf(text: string, element: XmlElement): string {
  const span = element.contentSpan;
  return decodeEntities(text.slice(span.start, span.end)).trim();
}
