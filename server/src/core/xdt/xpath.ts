/**
 * The part of XPath 1.0 that XDT transforms use in `Locator="Condition(…)"`, `Locator="XPath(…)"`,
 * `InsertBefore(…)`/`InsertAfter(…)` and the paths XDT builds from element names and `Match(…)`:
 * location paths with `/` and `//`, `.`, `..`, `*`, `@name`, `text()`, predicates (positions included),
 * `and`/`or`, comparisons, string and number literals, and the usual string functions. Anything else
 * is a syntax error the caller reports as unsupported, never an exception out of the analysis.
 */

export interface XPathNode {
  /** Element name; `#document` for the document node. */
  readonly name: string;
  readonly parent: XPathNode | undefined;
  readonly childElements: readonly XPathNode[];
  attribute(name: string): string | undefined;
  attributeNames(): string[];
  /** The concatenated text inside the element. */
  readonly textContent: string;
}

export class XPathError extends Error {}

type AttributeItem = { attributeOf: XPathNode; name: string; value: string };
type TextItem = { textOf: XPathNode; value: string };
type Item = XPathNode | AttributeItem | TextItem;
type Value = Item[] | string | number | boolean;

type Expr =
  | { kind: 'literal'; value: string | number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'path'; absolute: boolean; steps: Step[]; filter?: Expr };

interface Step {
  axis: 'child' | 'descendant-or-self' | 'self' | 'parent' | 'attribute';
  /** Name test: a name, `*`, or `text()` / `node()`. */
  test: string;
  predicates: Expr[];
}

/** Parses once; throws XPathError for what this subset does not read. */
export function parseXPath(source: string): Expr {
  const parser = new Parser(tokenize(source));
  const expr = parser.expression();
  if (!parser.done) throw new XPathError(`unexpected '${parser.peek()}'`);
  return expr;
}

/** The elements an expression selects, in document order (attributes and text are dropped). */
export function selectElements(source: string | Expr, context: XPathNode): XPathNode[] {
  const expr = typeof source === 'string' ? parseXPath(source) : source;
  const value = evaluate(expr, { node: context, position: 1, size: 1 });
  if (!Array.isArray(value)) throw new XPathError('the expression does not select elements');
  return value.filter(isElement);
}

// ---- tokens -------------------------------------------------------------------------------------

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const close = source.indexOf(ch, i + 1);
      if (close < 0) throw new XPathError('a string literal is not closed');
      tokens.push(source.slice(i, close + 1));
      i = close + 1;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '//' || two === '!=' || two === '<=' || two === '>=' || two === '..' || two === '::') {
      tokens.push(two);
      i += 2;
      continue;
    }
    if ('/[]()@,=<>|*-+.'.includes(ch) && !(ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      tokens.push(ch);
      i++;
      continue;
    }
    const match = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+|[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)/.exec(source.slice(i));
    if (!match) throw new XPathError(`unexpected '${ch}'`);
    tokens.push(match[0]);
    i += match[0].length;
  }
  return tokens;
}

// ---- parser -------------------------------------------------------------------------------------

class Parser {
  private index = 0;
  constructor(private readonly tokens: string[]) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(offset = 0): string | undefined {
    return this.tokens[this.index + offset];
  }

  private next(): string {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new XPathError('the expression ends too early');
    return token;
  }

  private expect(token: string): void {
    const got = this.next();
    if (got !== token) throw new XPathError(`expected '${token}', found '${got}'`);
  }

  expression(): Expr {
    return this.binary(0);
  }

  private static readonly levels = [['or'], ['and'], ['=', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['|']];

  private binary(level: number): Expr {
    if (level >= Parser.levels.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.peek() !== undefined && Parser.levels[level].includes(this.peek()!)) {
      const op = this.next();
      left = { kind: 'binary', op, left, right: this.binary(level + 1) };
    }
    return left;
  }

  private unary(): Expr {
    if (this.peek() === '-') {
      this.next();
      return { kind: 'negate', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.peek();
    if (token === undefined) throw new XPathError('the expression ends too early');
    if (token[0] === '"' || token[0] === "'") {
      this.next();
      return { kind: 'literal', value: token.slice(1, -1) };
    }
    if (/^[0-9]|^\.[0-9]/.test(token)) {
      this.next();
      return { kind: 'literal', value: Number(token) };
    }
    if (token === '(') {
      this.next();
      const inner = this.expression();
      this.expect(')');
      return this.pathAfterFilter(inner);
    }
    if (/^[A-Za-z_]/.test(token) && this.peek(1) === '(' && token !== 'text' && token !== 'node') {
      this.next();
      this.next();
      const args: Expr[] = [];
      if (this.peek() !== ')') {
        args.push(this.expression());
        while (this.peek() === ',') {
          this.next();
          args.push(this.expression());
        }
      }
      this.expect(')');
      if (!(token in functions)) throw new XPathError(`the function ${token}() is not supported`);
      return { kind: 'call', name: token, args };
    }
    return this.locationPath();
  }

  private pathAfterFilter(filter: Expr): Expr {
    if (this.peek() !== '/' && this.peek() !== '//' && this.peek() !== '[') return filter;
    const predicates: Expr[] = [];
    while (this.peek() === '[') predicates.push(this.predicate());
    const steps: Step[] = [{ axis: 'self', test: 'node()', predicates }];
    this.relativeSteps(steps);
    return { kind: 'path', absolute: false, steps, filter };
  }

  private locationPath(): Expr {
    const steps: Step[] = [];
    let absolute = false;
    if (this.peek() === '/') {
      absolute = true;
      this.next();
      if (this.done || !this.startsStep()) return { kind: 'path', absolute, steps };
    } else if (this.peek() === '//') {
      absolute = true;
      this.next();
      steps.push({ axis: 'descendant-or-self', test: 'node()', predicates: [] });
    }
    steps.push(this.step());
    this.relativeSteps(steps);
    return { kind: 'path', absolute, steps };
  }

  private relativeSteps(steps: Step[]): void {
    while (this.peek() === '/' || this.peek() === '//') {
      if (this.next() === '//') steps.push({ axis: 'descendant-or-self', test: 'node()', predicates: [] });
      steps.push(this.step());
    }
  }

  private startsStep(): boolean {
    const token = this.peek();
    return token !== undefined && (token === '.' || token === '..' || token === '@' || token === '*' || /^[A-Za-z_]/.test(token));
  }

  private step(): Step {
    const token = this.next();
    if (token === '.') return { axis: 'self', test: 'node()', predicates: [] };
    if (token === '..') return { axis: 'parent', test: 'node()', predicates: [] };
    let axis: Step['axis'] = 'child';
    let test = token;
    if (token === '@') {
      axis = 'attribute';
      test = this.next();
    } else if (this.peek() === '::') {
      this.next();
      const axes: Record<string, Step['axis']> = { child: 'child', attribute: 'attribute', self: 'self', parent: 'parent', 'descendant-or-self': 'descendant-or-self' };
      if (!axes[token]) throw new XPathError(`the axis ${token}:: is not supported`);
      axis = axes[token];
      test = this.next();
    }
    if ((test === 'text' || test === 'node') && this.peek() === '(') {
      this.next();
      this.expect(')');
      test += '()';
    } else if (test !== '*' && !/^[A-Za-z_]/.test(test)) {
      throw new XPathError(`unexpected '${test}'`);
    }
    const predicates: Expr[] = [];
    while (this.peek() === '[') predicates.push(this.predicate());
    return { axis, test, predicates };
  }

  private predicate(): Expr {
    this.expect('[');
    const expr = this.expression();
    this.expect(']');
    return expr;
  }
}

// ---- evaluation ---------------------------------------------------------------------------------

interface Context {
  node: XPathNode;
  position: number;
  size: number;
}

function isElement(item: Item): item is XPathNode {
  return 'childElements' in item;
}

function stringValue(item: Item): string {
  return isElement(item) ? item.textContent : item.value;
}

function toStringValue(value: Value): string {
  if (Array.isArray(value)) return value.length > 0 ? stringValue(value[0]) : '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  return String(value);
}

function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = toStringValue(value).trim();
  return text === '' ? NaN : Number(text);
}

function toBoolean(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return value;
}

function compare(op: string, left: Value, right: Value): boolean {
  if (Array.isArray(left) || Array.isArray(right)) {
    const lefts = Array.isArray(left) ? left.map(stringValue) : [left];
    const rights = Array.isArray(right) ? right.map(stringValue) : [right];
    return lefts.some((l) => rights.some((r) => compareAtoms(op, l, r)));
  }
  return compareAtoms(op, left, right);
}

function compareAtoms(op: string, left: string | number | boolean, right: string | number | boolean): boolean {
  if (op === '=' || op === '!=') {
    let equal: boolean;
    if (typeof left === 'boolean' || typeof right === 'boolean') equal = toBoolean(left) === toBoolean(right);
    else if (typeof left === 'number' || typeof right === 'number') equal = toNumber(left) === toNumber(right);
    else equal = left === right;
    return op === '=' ? equal : !equal;
  }
  const l = toNumber(left);
  const r = toNumber(right);
  return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
}

const functions: Record<string, (args: Value[], context: Context) => Value> = {
  not: ([a]) => !toBoolean(a),
  true: () => true,
  false: () => false,
  boolean: ([a]) => toBoolean(a),
  string: ([a], c) => (a === undefined ? c.node.textContent : toStringValue(a)),
  number: ([a], c) => toNumber(a ?? c.node.textContent),
  concat: (args) => args.map(toStringValue).join(''),
  contains: ([a, b]) => toStringValue(a).includes(toStringValue(b)),
  'starts-with': ([a, b]) => toStringValue(a).startsWith(toStringValue(b)),
  'ends-with': ([a, b]) => toStringValue(a).endsWith(toStringValue(b)),
  'string-length': ([a], c) => (a === undefined ? c.node.textContent : toStringValue(a)).length,
  'normalize-space': ([a], c) => (a === undefined ? c.node.textContent : toStringValue(a)).trim().replace(/\s+/g, ' '),
  translate: ([a, from, to]) => {
    const f = toStringValue(from);
    const t = toStringValue(to);
    return [...toStringValue(a)].map((ch) => (f.includes(ch) ? (t[f.indexOf(ch)] ?? '') : ch)).join('');
  },
  'lower-case': ([a]) => toStringValue(a).toLowerCase(),
  'upper-case': ([a]) => toStringValue(a).toUpperCase(),
  count: ([a]) => (Array.isArray(a) ? a.length : 0),
  position: (_, c) => c.position,
  last: (_, c) => c.size,
  name: ([a], c) => (a === undefined ? c.node.name : Array.isArray(a) && a[0] ? itemName(a[0]) : ''),
  'local-name': ([a], c) => ((a === undefined ? c.node.name : Array.isArray(a) && a[0] ? itemName(a[0]) : '').replace(/^.*:/, '')),
};

function itemName(item: Item): string {
  if (isElement(item)) return item.name;
  return 'name' in item ? item.name : '';
}

function evaluate(expr: Expr, context: Context): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'negate':
      return -toNumber(evaluate(expr.operand, context));
    case 'call':
      return functions[expr.name](expr.args.map((a) => evaluate(a, context)), context);
    case 'binary': {
      if (expr.op === 'or') return toBoolean(evaluate(expr.left, context)) || toBoolean(evaluate(expr.right, context));
      if (expr.op === 'and') return toBoolean(evaluate(expr.left, context)) && toBoolean(evaluate(expr.right, context));
      const left = evaluate(expr.left, context);
      const right = evaluate(expr.right, context);
      if (expr.op === '|') {
        if (!Array.isArray(left) || !Array.isArray(right)) throw new XPathError("'|' joins node sets only");
        return [...new Set([...left, ...right])];
      }
      if (expr.op === '+') return toNumber(left) + toNumber(right);
      if (expr.op === '-') return toNumber(left) - toNumber(right);
      return compare(expr.op, left, right);
    }
    case 'path': {
      let items: Item[];
      if (expr.filter) {
        const filtered = evaluate(expr.filter, context);
        if (!Array.isArray(filtered)) throw new XPathError('a path must start from a node set');
        items = filtered;
      } else {
        items = [expr.absolute ? documentOf(context.node) : context.node];
      }
      for (const step of expr.steps) items = applyStep(items, step);
      return items;
    }
  }
}

function documentOf(node: XPathNode): XPathNode {
  let top = node;
  while (top.parent) top = top.parent;
  return top;
}

function applyStep(items: Item[], step: Step): Item[] {
  const out: Item[] = [];
  const seen = new Set<Item>();
  for (const item of items) {
    if (!isElement(item)) continue;
    const candidates = axisItems(item, step);
    let selected = candidates;
    for (const predicate of step.predicates) {
      const size = selected.length;
      selected = selected.filter((candidate, index) => {
        const node = isElement(candidate) ? candidate : 'attributeOf' in candidate ? candidate.attributeOf : candidate.textOf;
        const value = evaluate(predicate, { node, position: index + 1, size });
        return typeof value === 'number' ? value === index + 1 : toBoolean(value);
      });
    }
    for (const s of selected) {
      if (seen.has(s)) continue;
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

function axisItems(node: XPathNode, step: Step): Item[] {
  switch (step.axis) {
    case 'attribute':
      return (step.test === '*' ? node.attributeNames() : [step.test])
        .map((name) => ({ attributeOf: node, name, value: node.attribute(name) }))
        .filter((a): a is AttributeItem => a.value !== undefined);
    case 'self':
      return matchesTest(node, step.test) ? [node] : [];
    case 'parent':
      return node.parent && matchesTest(node.parent, step.test) ? [node.parent] : [];
    case 'descendant-or-self': {
      const all: XPathNode[] = [];
      const stack: XPathNode[] = [node];
      while (stack.length > 0) {
        const current = stack.pop()!;
        all.push(current);
        for (let i = current.childElements.length - 1; i >= 0; i--) stack.push(current.childElements[i]);
      }
      return all.filter((n) => matchesTest(n, step.test));
    }
    case 'child':
      if (step.test === 'text()') return node.textContent ? [{ textOf: node, value: node.textContent }] : [];
      return node.childElements.filter((n) => matchesTest(n, step.test));
  }
}

function matchesTest(node: XPathNode, test: string): boolean {
  if (test === 'node()') return true;
  if (test === '*') return node.name !== '#document';
  if (test === 'text()') return false;
  return node.name === test;
}
