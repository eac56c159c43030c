import { XMLValidator } from 'fast-xml-parser';
import { escapeXmlAttribute, scanXml, unescapeXml, type XmlAttribute } from './xmlScan';

test('scanXml accepts a well-formed document with declaration, comments, CDATA and namespaces', () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- report -->\n<a xmlns="urn:a" xmlns:x="urn:x" x:k=\'v\'>' +
    '<b>t &amp; &#233;&#xE9; <![CDATA[<raw> & ]]></b><?pi data?><x:c/></a>\n';
  const events: string[] = [];
  expect(
    scanXml(xml, {
      startElement: (name: string, attributes: readonly XmlAttribute[], namespace?: string) =>
        events.push(
          `<${name} ${namespace ?? ''} ${attributes.map((item) => `${item.name}=${item.value}`).join(',')}`,
        ),
      text: (text: string) => events.push(text),
    }),
  ).toEqual([]);
  expect(events).toEqual([
    '<a urn:a xmlns=urn:a,xmlns:x=urn:x,x:k=v',
    '<b urn:a ',
    't & éé <raw> & ',
    '<x:c urn:x ',
  ]);
});

test('scanXml reports what XMLValidator lets through', () => {
  const cases: [string, string][] = [
    ['<a v="x & y"/>', "'&' that does not start a character or entity reference"],
    ['<a v="x < y"/>', "'<' in an attribute value"],
    ['<a>&nbsp;</a>', 'undefined entity &nbsp;'],
    ['<a>\u0001</a>', 'character U+1 is not allowed in XML'],
    ['<a/><b/>', 'content after the root element'],
    ['<a><x:b/></a>', 'undeclared namespace prefix "x"'],
    ['<a>&#0;</a>', 'character reference &#0; is not an XML character'],
    ['<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'document type declarations are not accepted'],
  ];
  for (const [xml, message] of cases) {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(scanXml(xml).map((problem) => problem.message)).toContain(message);
  }
});

test('scanXml reports mismatched tags, repeated attributes and unclosed elements with their position', () => {
  expect(scanXml('<a>\n <b></a>')).toEqual(
    expect.arrayContaining([{ line: 2, column: 5, message: 'end tag </a> does not match <b>' }]),
  );
  expect(scanXml('<a v="1" v="2"/>').map((problem) => problem.message)).toEqual(['attribute "v" repeated']);
  expect(scanXml('<a><b>').map((problem) => problem.message)).toContain('element <b> is not closed');
  expect(scanXml('').map((problem) => problem.message)).toEqual(['no root element']);
});

test('escapeXmlAttribute and unescapeXml invert each other, line breaks and tabs included', () => {
  const value = 'a & <b> "c" \'d\'\n\te\r';
  expect(escapeXmlAttribute(value)).toBe("a &amp; &lt;b&gt; &quot;c&quot; 'd'&#xA;&#x9;e&#xD;");
  expect(unescapeXml(escapeXmlAttribute(value))).toBe(value);
  expect(unescapeXml('&amp;#xA;')).toBe('&#xA;');
});
