import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXmlDocument, type XmlDocument, type XmlElement } from '../../server/src/core/xml/document';
import { scanWellFormed } from '../../server/src/core/xml/wellFormedScan';
import { generateCase } from '../support/configGenerator';
import { loadSeeds, mutators, prng } from '../support/fuzz';

// The well-formed fast path must build exactly the tree, and report exactly the errors (none), that
// the fast-xml-parser + XMLValidator path gives; whenever it is unsure it must step aside.

function shape(element: XmlElement | undefined): unknown {
  if (!element) return null;
  // The fast path reads the start tag once and hands its attributes over; they must be what the lazy scan of the tag finds.
  const attributes = element.attributes.map((a) => [a.name, a.value, a.rawValue, a.quote, a.nameSpan, a.valueSpan, a.span]);
  return [element.name, element.span.start, element.span.end, element.closed, element.parent?.span.start ?? -1, element.startTagSpan, element.selfClosing, attributes, element.children.map(shape)];
}

function outcome(doc: XmlDocument): string {
  return JSON.stringify([shape(doc.root), doc.errors]);
}

function assertSameAsReference(text: string, label: string): void {
  assert.equal(outcome(parseXmlDocument(text)), outcome(parseXmlDocument(text, { referencePath: true })), label);
}

describe('well-formed fast path', () => {
  test('builds the reference tree for the examples, fixtures and generated configs, and takes the fast path for them', () => {
    const texts = loadSeeds().map((s) => [s.name, s.text] as const);
    for (let seed = 1; seed <= 40; seed++) for (const [uri, text] of Object.entries(generateCase(seed).files)) texts.push([`generated ${seed} ${uri}`, text]);
    let fast = 0;
    for (const [label, text] of texts) {
      assertSameAsReference(text, label);
      if (scanWellFormed(text) && parseXmlDocument(text, { referencePath: true }).errors.length === 0) fast++;
    }
    // Nearly every real file is well-formed: if the fast path stepped aside for them, it would be useless.
    assert.ok(fast >= texts.length * 0.8, `fast path taken for ${fast} of ${texts.length}`);
  });

  test('tags named like Object.prototype members are left to the parser, which keys objects by tag name', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype']) {
      const text = `<configuration><${name} a="1" /></configuration>`;
      assert.equal(scanWellFormed(text), undefined, name);
      assertSameAsReference(text, name);
    }
    assert.ok(scanWellFormed('<configuration><clear /><tracing /><validation /></configuration>'), 'names that only share a first letter stay on the fast path');
  });

  test('repeated names and short values are shared, and never mistaken for others alike in length and ends', () => {
    // "abz" and "šz" share the lookup key (U+0161 spills into the length's bits); "ab1z" and "ac1z" share ends and length.
    const text = '<configuration><add a="abz" b="šz" c="abz" d="ab1z" e="ac1z" f="ab1z" /><add a="šz" b="abz" /></configuration>';
    const [first, second] = scanWellFormed(text)![0].children;
    assert.deepEqual(first.attributes.map((a) => a.value), ['abz', 'šz', 'abz', 'ab1z', 'ac1z', 'ab1z']);
    assert.deepEqual(second.attributes.map((a) => [a.name, a.value]), [['a', 'šz'], ['b', 'abz']]);
    assert.deepEqual([first.name, second.name], ['add', 'add']);
    assertSameAsReference(text, text);
    // Ten values alike in length and ends: past eight the key is no longer shared, and each stays itself.
    const crowded = `<configuration>${Array.from({ length: 10 }, (_, i) => `<add v="a${i}b" />`).join('')}<add v="a3b" /><add v="a9b" /></configuration>`;
    assert.deepEqual(scanWellFormed(crowded)![0].children.map((c) => c.attributes[0].value), [...Array.from({ length: 10 }, (_, i) => `a${i}b`), 'a3b', 'a9b']);
  });

  test('names and values that are object keys in JavaScript (__proto__, constructor, array indices) are read as written', () => {
    const text = '<configuration><add __proto__="constructor" toString="443" n0="0" n1="-1" x="__proto__" /></configuration>';
    const [add] = scanWellFormed(text)![0].children;
    assert.deepEqual(add.attributes.map((a) => [a.name, a.value]), [['__proto__', 'constructor'], ['toString', '443'], ['n0', '0'], ['n1', '-1'], ['x', '__proto__']]);
    assert.equal(add.get('__proto__'), 'constructor');
    assert.equal(add.get('toString'), '443');
    assertSameAsReference(text, text);
  });

  test('a DOCTYPE written inside a comment is warned about on the fast path as on the parser path', () => {
    for (const text of ['<configuration><!-- <!DOCTYPE x> --></configuration>', '<!--<!DOCTYPE--><configuration/>']) {
      assert.ok(scanWellFormed(text), text);
      assert.deepEqual(parseXmlDocument(text).errors.map((e) => e.code), ['XML-DOCTYPE'], text);
      assertSameAsReference(text, text);
    }
    assert.deepEqual(parseXmlDocument('<configuration><!-- DOCTYPE --></configuration>').errors, []);
  });

  test('a malformed document keeps the validator error it had', () => {
    const cases = [
      '<configuration><a x="1" x="2" /></configuration>',
      '<configuration><a x="1"y="2" /></configuration>',
      '<configuration><a x=1 /></configuration>',
      '<configuration><a></b></configuration>',
      '<configuration>&nbsp</configuration>',
      '<configuration></configuration><configuration></configuration>',
      '<configuration></configuration>text',
      '\n<?xml version="1.0"?><configuration />',
      '<configuration><!-- open </configuration>',
      // Deeper than fast-xml-parser's nesting limit: the parser refuses it, so must the fast path.
      `<configuration>${'<a>'.repeat(120)}${'</a>'.repeat(120)}</configuration>`,
    ];
    for (const text of cases) {
      const doc = parseXmlDocument(text);
      assert.ok(doc.errors.length > 0, text);
      assertSameAsReference(text, text);
    }
  });

  test('after random mutations, whatever the fast path accepts is exactly what the reference path builds', () => {
    const random = prng(16);
    const seeds = loadSeeds().filter((s) => s.text.length < 40_000);
    const pieces = ['<', '>', '/', '"', "'", '&', '=', ' ', '!', '-', '?', ':', '&amp;', '&#x41;', '&#;', '<!--', '-->', '<a>', '</a>', '<b/>', '<![CDATA[x]]>', '\r\n', ' x="1"', 'é'];
    const all = Object.values(mutators);
    let accepted = 0;
    for (let n = 0; n < 1500; n++) {
      let text = seeds[Math.floor(random() * seeds.length)].text;
      for (let round = 0; round < 2; round++) {
        if (random() < 0.5) {
          const at = Math.floor(random() * text.length);
          text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at + Math.floor(random() * 2));
        } else {
          text = all[Math.floor(random() * all.length)](text, random);
        }
      }
      if (scanWellFormed(text)) accepted++;
      assertSameAsReference(text, `case ${n}`);
    }
    assert.ok(accepted > 100, `only ${accepted} mutated documents took the fast path`);
  });
});
