// Well-formedness errors as an XML editor reports them: at the construct to fix, in plain words,
// with the places that explain them as related locations. `[[…]]` marks, in text order, the ranges
// the expectation refers to by index.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { marked, serviceWith } from '../support/fixtures';

const URI = 'file:///w/web.config';

interface Expected {
  code: string;
  message: string;
  /** Index of the marked range the finding sits on. */
  at: number;
  /** Related locations, in order: marked range index and message. */
  related?: Array<[number, string]>;
}

function expectXmlError(source: string, expected: Expected): void {
  const { text, ranges } = marked(source);
  const xml = serviceWith({ [URI]: text }).validate(URI).filter((f) => f.code.startsWith('XML-'));
  assert.equal(xml.length, 1, JSON.stringify(xml, null, 1));
  const [finding] = xml;
  assert.equal(finding.severity, 'error');
  assert.equal(finding.code, expected.code);
  assert.equal(finding.message, expected.message);
  assert.deepEqual(finding.range, ranges[expected.at]);
  assert.deepEqual(
    (finding.related ?? []).map((r) => ({ range: r.range, message: r.message, uri: r.uri })),
    (expected.related ?? []).map(([index, message]) => ({ range: ranges[index], message, uri: URI })),
  );
}

describe('an element left open at the end of the file', () => {
  test('is reported at its start tag, with the enclosing elements also left open and the end of the file', () => {
    expectXmlError('[[<configuration]]>\n  [[<location]] path="A">\n    <system.webServer />\n[[]]', {
      code: 'XML-InvalidTag',
      message: '<location> is never closed: the file ends before its end tag </location>. Not closed either: <configuration> (line 1).',
      at: 1,
      related: [
        [0, '<configuration> is not closed either.'],
        [2, 'The file ends here.'],
      ],
    });
  });

  test('a start tag written where its end tag belongs points at the element it should have closed', () => {
    expectXmlError('<?xml version="1.0"?>\n[[<configuration]]>\n  <location path="A">\n  </location>\n[[<configuration]]>\n[[]]', {
      code: 'XML-InvalidTag',
      message:
        '<configuration> is never closed: the file ends before its end tag </configuration>. The <configuration> on line 5 should probably be </configuration>.',
      at: 0,
      related: [
        [1, 'This start tag should probably be the end tag </configuration>.'],
        [2, 'The file ends here.'],
      ],
    });
  });

  test('a start tag with content is not taken for a misspelt end tag', () => {
    expectXmlError('[[<configuration]]>\n  <location path="A">\n  </location>\n[[<configuration]]>\n  <a/>\n[[]]', {
      code: 'XML-InvalidTag',
      message: '<configuration> is never closed: the file ends before its end tag </configuration>. Not closed either: <configuration> (line 1).',
      at: 1,
      related: [
        [0, '<configuration> is not closed either.'],
        [2, 'The file ends here.'],
      ],
    });
  });

  test('the file ending inside a start tag is said as such, not as a bad attribute', () => {
    expectXmlError('<configuration>\n  <security>\n    [[<access]] sslFl[[]]', {
      code: 'XML-InvalidTag',
      message: "The file ends inside the tag <access>, before its '>'.",
      at: 0,
      related: [[1, 'The file ends here.']],
    });
  });

  test('a comment, a CDATA section or a quoted value that never ends', () => {
    expectXmlError('<configuration>\n  [[<!--]] <access sslFlags="Ssl" />\n</configuration>[[]]', {
      code: 'XML-InvalidXml',
      message: "This comment is never closed with '-->': the rest of the file is part of it.",
      at: 0,
      related: [[1, 'The file ends here.']],
    });
    expectXmlError('<configuration>[[<![CDATA[]] x </configuration>\n[[]]', {
      code: 'XML-InvalidXml',
      message: "This CDATA section is never closed with ']]>': the rest of the file is part of it.",
      at: 0,
      related: [[1, 'The file ends here.']],
    });
    expectXmlError('<configuration>\n  <access sslFlags=[["]]Ssl />\n</configuration>[[]]', {
      code: 'XML-InvalidAttr',
      message: "The value of attribute 'sslFlags' opens a quote that is never closed: the rest of the file is part of it.",
      at: 0,
      related: [[1, 'The file ends here.']],
    });
  });
});

describe('an end tag that does not match', () => {
  test('is reported at that end tag, with the name expected and where that element starts', () => {
    expectXmlError('<configuration>\n  <location path="Site">\n    [[<access]] sslFlags="Ssl">\n  [[</location>]]\n</configuration>', {
      code: 'XML-InvalidTag',
      message: 'Expected </access> before </location>: <access> (line 3) is not closed.',
      at: 1,
      related: [[0, '<access> starts here.']],
    });
  });

  test('an end tag no open element has', () => {
    expectXmlError('[[<configuration]]>\n  <system.webServer />\n  [[</system.web>]]\n</configuration>', {
      code: 'XML-InvalidTag',
      message: 'Expected </configuration> here, not </system.web>: </system.web> matches no open element, and <configuration> (line 1) is still open.',
      at: 1,
      related: [[0, '<configuration> starts here.']],
    });
  });

  test('an empty start tag of the enclosing name is named as the slip it is', () => {
    expectXmlError('<configuration>\n  [[<location]] path="A">\n    [[<location]]>\n[[</configuration>]]', {
      code: 'XML-InvalidTag',
      message: 'Expected </location> before </configuration>: the <location> on line 3 should probably be </location>, the end of the <location> from line 2.',
      at: 2,
      related: [
        [1, 'This start tag should probably be the end tag </location>.'],
        [0, '<location> starts here.'],
      ],
    });
  });

  test('an end tag after the root element has ended', () => {
    expectXmlError('<configuration>\n</configuration>\n[[</location>]]', {
      code: 'XML-InvalidTag',
      message: '</location> closes nothing: the root element <configuration> has already ended (line 1).',
      at: 0,
    });
  });

  test('an end tag with attributes, and one the file cuts off', () => {
    expectXmlError('<configuration>[[</configuration path="x">]]', {
      code: 'XML-InvalidTag',
      message: 'The end tag </configuration> can hold nothing but its name: write </configuration>.',
      at: 0,
    });
    expectXmlError('<configuration>\n[[</configuration]][[]]', {
      code: 'XML-InvalidTag',
      message: "The file ends inside the end tag </configuration>, before its '>'.",
      at: 0,
      related: [[1, 'The file ends here.']],
    });
  });
});

describe('the other shapes, each in words a user can act on', () => {
  test('a second root element and text outside the root', () => {
    expectXmlError('[[<configuration]]>\n</configuration>\n[[<configuration]]>\n</configuration>', {
      code: 'XML-InvalidXml',
      message: '<configuration> starts a second root element after </configuration>: a configuration file has exactly one root element, and everything else goes inside it.',
      at: 1,
      related: [[0, 'The root element <configuration> starts here.']],
    });
    expectXmlError('<configuration></configuration>\n[[trailing]] words', {
      code: 'XML-InvalidXml',
      message: 'Text after the end of the root element </configuration>: everything must be inside it.',
      at: 0,
    });
    expectXmlError('[[sslFlags]] = Ssl\n<configuration/>', {
      code: 'XML-InvalidChar',
      message: 'Text outside the root element: a configuration file holds only an XML declaration, comments and one root element such as <configuration>.',
      at: 0,
    });
  });

  test('attributes: unquoted, without value, repeated, not separated', () => {
    expectXmlError('<configuration><access [[sslFlags=Ssl]] /></configuration>', {
      code: 'XML-InvalidAttr',
      message: 'The value of attribute \'sslFlags\' must be in quotes: sslFlags="…".',
      at: 0,
    });
    expectXmlError('<configuration><access [[enabled]] sslFlags="Ssl"/></configuration>', {
      code: 'XML-InvalidAttr',
      message: 'Attribute \'enabled\' has no value: XML attributes are written enabled="…".',
      at: 0,
    });
    expectXmlError('<configuration><access sslFlags="Ssl" [[sslFlags="None"]] /></configuration>', {
      code: 'XML-InvalidAttr',
      message: "Attribute 'sslFlags' is written twice on this element; XML allows each attribute once.",
      at: 0,
    });
    expectXmlError('<configuration><add key="a"[[value="b"]] /></configuration>', {
      code: 'XML-InvalidAttr',
      message: "Attribute 'value' must be separated from the one before it by a space.",
      at: 0,
    });
  });

  test('element names, a bare < and a bare &', () => {
    expectXmlError('<configuration><[[1st]]/></configuration>', {
      code: 'XML-InvalidTag',
      message: "'1st' is not a valid element name: a name starts with a letter or '_' and holds only letters, digits, '-', '_', '.' and ':'.",
      at: 0,
    });
    expectXmlError('<configuration>[[<]] access /></configuration>', {
      code: 'XML-InvalidTag',
      message: "'<' must be followed by an element name; write &lt; for a '<' that is text.",
      at: 0,
    });
    expectXmlError('<configuration>Tom [[&]] Jerry</configuration>', {
      code: 'XML-InvalidChar',
      message: "'&' starts an entity reference such as &amp; that is not finished; write &amp; for an '&' that is text.",
      at: 0,
    });
  });

  test('an XML declaration after the start, and a byte-order mark does not shift positions', () => {
    expectXmlError('<!-- generated -->\n[[<?xml]] version="1.0"?>\n<configuration/>', {
      code: 'XML-InvalidXml',
      message: 'The XML declaration <?xml …?> must be the very first thing in the file, before any space, comment or element.',
      at: 0,
    });
    expectXmlError('\uFEFF<configuration><access sslFlags="Ssl" [[sslFlags="None"]] /></configuration>', {
      code: 'XML-InvalidAttr',
      message: "Attribute 'sslFlags' is written twice on this element; XML allows each attribute once.",
      at: 0,
    });
  });

  test('nesting deeper than the parser accepts is reported where it starts', () => {
    const depth = 150;
    const source = '<configuration>' + '<a>'.repeat(100) + '[[<a]]>' + '<a>'.repeat(depth - 101) + '</a>'.repeat(depth) + '</configuration>';
    expectXmlError(source, {
      code: 'XML-PARSE',
      message: 'Elements are nested more than 100 levels deep here; no IIS configuration nests that deep, so the file is not analysed.',
      at: 0,
    });
  });
});

describe('real files', () => {
  // JexusManager's deliberately malformed test fixture: its last line opens a second <configuration>
  // where the first one should close (SOURCES.md of the corpus).
  const file035 = resolve(__dirname, '../../../../shared/corpus/real-auth/035-jexuswebserver-JexusManager-original2_missing_closing.config');
  test('corpus file 035: the unclosed <configuration> at line 21, the stray start tag at line 1133', { skip: !existsSync(file035) && 'corpus absent' }, () => {
    const uri = 'file:///JexusManager/Tests/original2_missing_closing.config';
    const text = readFileSync(file035, 'utf8');
    const xml = serviceWith({ [uri]: text }).validate(uri).filter((f) => f.code.startsWith('XML-'));
    assert.equal(xml.length, 1, JSON.stringify(xml));
    assert.equal(xml[0].severity, 'error');
    assert.equal(xml[0].code, 'XML-InvalidTag');
    assert.equal(xml[0].range.start.line + 1, 21);
    assert.match(xml[0].message, /^<configuration> is never closed: .* The <configuration> on line 1133 should probably be <\/configuration>\.$/);
    assert.deepEqual(xml[0].related?.map((r) => r.range.start.line + 1), [1133, 1134]);
  });
});
