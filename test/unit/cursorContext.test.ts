import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContextAt } from '../../server/src/core/xml/cursorContext';
import { marked } from '../support/fixtures';

function at(source: string) {
  const doc = marked(source);
  const context = cursorContextAt(doc.text, doc.cursorOffset!);
  return { doc, context, ancestors: context.ancestors.map((a) => a.name), replaced: doc.text.slice(context.replaceSpan.start, context.replaceSpan.end) };
}

describe('cursor context over raw, often malformed, XML', () => {
  test('tag name in a document cut off right there', () => {
    const { context, ancestors, replaced } = at('<configuration>\n  <system.webServer>\n    <sec|');
    assert.equal(context.kind, 'tagName');
    assert.deepEqual(ancestors, ['configuration', 'system.webServer']);
    assert.equal(context.prefix, 'sec');
    assert.equal(replaced, 'sec');
  });

  test('closed and self-closed elements are not ancestors; an end tag closes the nearest open one of its name', () => {
    const { context, ancestors } = at(
      '<configuration>\n  <configSections/>\n  <location path="a">\n    <system.webServer>\n      <security>\n        <b>\n      </security>\n    </system.webServer>\n    <system.webServer>\n      |',
    );
    assert.equal(context.kind, 'content');
    assert.deepEqual(ancestors, ['configuration', 'location', 'system.webServer']);
  });

  test('attribute value: its name, the whole value as the range, what was typed before the cursor', () => {
    const { context, replaced } = at('<configuration><access sslFlags="Ssl, Ssl|Neg" other="x" /></configuration>');
    assert.equal(context.kind, 'attributeValue');
    assert.equal(context.attribute!.name, 'sslFlags');
    assert.equal(replaced, 'Ssl, SslNeg');
    assert.equal(context.prefix, 'Ssl, Ssl');
    assert.deepEqual(context.tag!.attributes.map((a) => a.name), ['sslFlags', 'other']);
  });

  test('an unclosed quote ends at the line end, and the next line is not swallowed', () => {
    const { context, replaced } = at('<configuration>\n  <access sslFlags="Ssl, |\n  <next a="b">');
    assert.equal(context.kind, 'attributeValue');
    assert.equal(replaced, 'Ssl, ');
    const after = at('<configuration>\n  <access sslFlags="Ssl\n  <next a="|b">');
    assert.equal(after.context.kind, 'attributeValue');
    assert.equal(after.context.tag!.name, 'next');
    assert.deepEqual(after.ancestors, ['configuration']);
  });

  test('attribute name positions: in white space, in a partial name, before `/>`, never inside `/>`', () => {
    assert.equal(at('<a x="1" |/>').context.kind, 'attributeName');
    assert.equal(at('<a x="1" |/>').context.needsLeadingSpace, false);
    assert.equal(at('<a x="1"|/>').context.needsLeadingSpace, true);
    assert.equal(at('<a x="1" /|>').context.kind, 'none');
    assert.equal(at('<a x="1" |>').context.kind, 'attributeName');
    const partial = at('<a x="1" ena|bled="true">');
    assert.equal(partial.context.kind, 'attributeName');
    assert.equal(partial.replaced, 'enabled');
    assert.equal(partial.context.attribute!.equals !== undefined, true);
  });

  test('after `=` without a quote the value is unquoted and empty', () => {
    const { context } = at('<a enabled=|');
    assert.equal(context.kind, 'attributeValue');
    assert.equal(context.quoted, false);
    assert.equal(context.attribute!.name, 'enabled');
  });

  test('comments, CDATA and processing instructions hide their content', () => {
    assert.equal(at('<a><!-- <b | --></a>').context.kind, 'none');
    assert.equal(at('<a><!-- <b> |').context.kind, 'none');
    assert.equal(at('<a><![CDATA[ <b | ]]></a>').context.kind, 'none');
    const afterComment = at('<?xml version="1.0"?><a><!-- <b> --><c>|');
    assert.equal(afterComment.context.kind, 'content');
    assert.deepEqual(afterComment.ancestors, ['a', 'c']);
  });

  test('end tag name and siblings before and after the cursor at the same depth', () => {
    assert.equal(at('<a><b></|').context.kind, 'endTagName');
    const { context } = at('<a>\n  <x/>\n  <y><deep/></y>\n  <|\n  <z>\n    <inner/>\n  </z>\n</a>\n<after/>');
    assert.deepEqual(context.siblingNames, ['x', 'y', 'z']);
  });
});
