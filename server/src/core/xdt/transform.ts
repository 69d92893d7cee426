import type { Span } from '../types';
import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/document';
import { ResultWriter, TreeElement, type Origin, type Segment } from './tree';
import { selectElements, XPathError } from './xpath';

/**
 * XML Document Transform (XDT), the language of `Web.Release.config` and `applicationHost.xdt`, as
 * "Web.config Transformation Syntax for Web Project Deployment Using Visual Studio"
 * (https://learn.microsoft.com/previous-versions/aspnet/dd465326(v=vs.110)) describes it: each
 * element of the transform stands for the element at the same path in the base file (narrowed by
 * `xdt:Locator`), and its `xdt:Transform` says what to do there. Transforms are applied in document
 * order, each to the document as the ones before it left it, as Microsoft.Web.XmlTransform does.
 */

export const XDT_NAMESPACES = ['http://schemas.microsoft.com/XML-Document-Transform', 'https://schemas.microsoft.com/XML-Document-Transform'];

export const SUPPORTED_TRANSFORMS = ['Replace', 'Insert', 'InsertIfMissing', 'InsertBefore', 'InsertAfter', 'Remove', 'RemoveAll', 'SetAttributes', 'RemoveAttributes'] as const;
export const SUPPORTED_LOCATORS = ['Match', 'Condition', 'XPath'] as const;

export interface XdtOperation {
  index: number;
  /** The transform's element that carries `xdt:Transform`. */
  element: XmlElement;
  transform: string;
  attribute: XmlAttribute;
  /** The XPath it was applied at. */
  path: string;
  /** Elements of the result it inserted or changed, or whose children it changed. */
  anchors: TreeElement[];
  /** Elements of the base file it removed, replaced or changed. */
  baseTargets: XmlElement[];
}

export interface XdtIssue {
  kind: 'unsupported' | 'noMatch' | 'invalid';
  message: string;
  /** In the transform file. */
  span: Span;
}

export interface TransformResult {
  text: string;
  /** Where each range of `text` comes from. */
  segments: Segment[];
  operations: XdtOperation[];
  issues: XdtIssue[];
  /** Where the elements that were written piece by piece (changed, inserted, or above a change) are in `text`. */
  spans: Map<TreeElement, Span>;
}

/** The prefix the transform's root binds to the XDT namespace (`xdt` when it declares none). */
export function xdtPrefix(root: XmlElement | undefined): string {
  const declaration = root?.attributes.find((a) => a.name.startsWith('xmlns:') && XDT_NAMESPACES.includes(a.value.trim()));
  return declaration ? declaration.name.slice('xmlns:'.length) : 'xdt';
}

/** `Name` or `Name(arguments)`. */
export function parseCall(value: string): { name: string; argument: string | undefined } | undefined {
  const m = /^\s*([A-Za-z][\w.]*)\s*(?:\(([^]*)\))?\s*$/.exec(value);
  return m ? { name: m[1], argument: m[2] } : undefined;
}

function argumentList(argument: string | undefined): string[] {
  return (argument ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

function xpathString(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return `concat('${value.split("'").join(`', "'", '`)}')`;
}

/**
 * Applies `transform` to `base`. Never throws on what a transform says: what cannot be applied is an
 * issue at its place in the transform, and the rest is still applied.
 */
export function applyTransform(base: XmlDocument, transform: XmlDocument, baseName: string): TransformResult {
  const issues: XdtIssue[] = [];
  const operations: XdtOperation[] = [];
  const prefix = xdtPrefix(transform.root);
  const drop = (name: string) => name.startsWith(`${prefix}:`) || name === `xmlns:${prefix}`;
  if (!base.root || !transform.root) return { text: base.text, segments: [], operations, issues, spans: new Map() };

  const root = new TreeElement(base.root.name, base.root, 'base', base.text);
  const doc = TreeElement.document(root, base.text);

  const select = (path: string, at: XmlAttribute): TreeElement[] | undefined => {
    try {
      return selectElements(path, doc) as TreeElement[];
    } catch (error) {
      if (!(error instanceof XPathError)) throw error;
      issues.push({
        kind: 'unsupported',
        message: `IIS Auth Config cannot evaluate the XPath ${path} (${error.message}), so what this element does to ${baseName} is not checked.`,
        span: at.span,
      });
      return undefined;
    }
  };

  const visit = (element: XmlElement, parentPath: string): void => {
    const locator = element.attribute(`${prefix}:Locator`);
    const transformAttribute = element.attribute(`${prefix}:Transform`);
    let path = `${parentPath}/${element.name}`;
    if (locator) {
      const call = parseCall(locator.value);
      if (!call || !(SUPPORTED_LOCATORS as readonly string[]).includes(call.name)) {
        issues.push({
          kind: 'unsupported',
          message: `IIS Auth Config does not apply the locator ${locator.value.trim()} (it reads Match, Condition and XPath), so what this element does to ${baseName} is not checked.`,
          span: locator.span,
        });
        return;
      }
      if (call.name === 'Match') {
        const names = argumentList(call.argument);
        const tests: string[] = [];
        for (const name of names) {
          const value = element.get(name);
          if (value === undefined) {
            issues.push({ kind: 'invalid', message: `Match(${name}) needs the attribute ${name} on this element; XDT stops with an error here.`, span: locator.span });
            return;
          }
          tests.push(`@${name}=${xpathString(value)}`);
        }
        if (tests.length > 0) path += `[${tests.join(' and ')}]`;
      } else if (call.name === 'Condition') {
        path += `[${call.argument ?? ''}]`;
      } else {
        path = (call.argument ?? '').trim();
      }
    }
    if (transformAttribute && !applyOne(element, transformAttribute, path, parentPath)) return;
    for (const child of element.children) visit(child, path);
  };

  /** False when the transform could not be read, so its element's children are left alone too. */
  const applyOne = (element: XmlElement, attribute: XmlAttribute, path: string, parentPath: string): boolean => {
    const call = parseCall(attribute.value);
    if (!call || !(SUPPORTED_TRANSFORMS as readonly string[]).includes(call.name)) {
      issues.push({
        kind: 'unsupported',
        message: `IIS Auth Config does not apply xdt:Transform="${attribute.value.trim()}" (it applies ${SUPPORTED_TRANSFORMS.join(', ')}), so what this element does to ${baseName} is not checked.`,
        span: attribute.span,
      });
      return false;
    }
    const index = operations.length;
    const operation: XdtOperation = { index, element, transform: call.name, attribute, path, anchors: [], baseTargets: [] };
    const origin: Origin = { file: 'transform', offset: element.span.start, op: index };
    const copy = () => new TreeElement(element.name, element, 'transform', transform.text, index, drop);
    const noMatch = (what: string) => {
      issues.push({ kind: 'noMatch', message: `No element of ${baseName} matches ${what}: this ${call.name} changes nothing.`, span: attribute.span });
      return true;
    };
    const parents = () => (parentPath ? select(parentPath, attribute) : [doc]);
    const baseOf = (target: TreeElement) => {
      if (target.file === 'base' && target.source) operation.baseTargets.push(target.source);
    };

    switch (call.name) {
      case 'Replace': {
        const targets = select(path, attribute);
        if (!targets) return false;
        const target = targets[0];
        if (!target?.parent) return noMatch(path);
        const replacement = copy();
        baseOf(target);
        target.parent.replace(target, replacement);
        operation.anchors.push(replacement);
        break;
      }
      case 'Insert':
      case 'InsertIfMissing': {
        const found = parents();
        if (!found) return false;
        const parent = found[0];
        if (!parent) return noMatch(parentPath);
        if (call.name === 'InsertIfMissing') {
          const existing = select(path, attribute);
          if (!existing) return false;
          if (existing.some((e) => e.parent === parent)) break;
        }
        const inserted = copy();
        parent.append(inserted, origin);
        operation.anchors.push(inserted);
        break;
      }
      case 'InsertBefore':
      case 'InsertAfter': {
        const siblingPath = (call.argument ?? '').trim();
        if (!siblingPath) {
          issues.push({ kind: 'invalid', message: `${call.name} needs an XPath in its parentheses, the element to insert next to.`, span: attribute.span });
          return false;
        }
        const siblings = select(siblingPath, attribute);
        if (!siblings) return false;
        const sibling = siblings[0];
        if (!sibling?.parent) return noMatch(siblingPath);
        const inserted = copy();
        if (call.name === 'InsertBefore') sibling.parent.insertBefore(inserted, sibling, origin);
        else sibling.parent.insertAfter(inserted, sibling, origin);
        operation.anchors.push(inserted);
        break;
      }
      case 'Remove':
      case 'RemoveAll': {
        const targets = select(path, attribute);
        if (!targets) return false;
        if (targets.length === 0) return noMatch(path);
        for (const target of call.name === 'Remove' ? targets.slice(0, 1) : targets) {
          const parent = target.parent;
          if (!parent) continue;
          baseOf(target);
          parent.remove(target);
          if (!operation.anchors.includes(parent)) operation.anchors.push(parent);
        }
        break;
      }
      case 'SetAttributes':
      case 'RemoveAttributes': {
        const targets = select(path, attribute);
        if (!targets) return false;
        if (targets.length === 0) return noMatch(path);
        const named = argumentList(call.argument);
        if (call.name === 'RemoveAttributes' && named.length === 0) {
          issues.push({ kind: 'invalid', message: 'RemoveAttributes needs the names of the attributes to remove, e.g. RemoveAttributes(debug).', span: attribute.span });
          return false;
        }
        const own = element.attributes.filter((a) => !drop(a.name));
        const setting = call.name === 'SetAttributes' ? (named.length > 0 ? own.filter((a) => named.includes(a.name)) : own) : [];
        for (const target of targets) {
          baseOf(target);
          if (call.name === 'SetAttributes') {
            for (const a of setting) {
              target.setAttribute({ name: a.name, value: a.value, rawValue: a.rawValue, quote: a.quote, origin: { file: 'transform', offset: a.nameSpan.start, op: index } });
            }
          } else {
            for (const name of named) target.removeAttribute(name);
          }
          operation.anchors.push(target);
        }
        break;
      }
    }
    operations.push(operation);
    return true;
  };

  const transformRoot = transform.root;
  if (transformRoot.name !== base.root.name) {
    const span = transformRoot.nameSpan;
    issues.push({ kind: 'noMatch', message: `The transform's root <${transformRoot.name}> is not the root <${base.root.name}> of ${baseName}: nothing in it applies.`, span });
  } else {
    visit(transformRoot, '');
  }

  const writer = new ResultWriter();
  doc.write(writer);
  return { text: writer.text, segments: writer.segments, operations, issues, spans: writer.spans };
}
