/**
 * A strict, non-validating XML 1.0 (with namespaces) scanner: it reports every well-formedness
 * error it meets and streams elements and text to a handler. fast-xml-parser's XMLValidator lets
 * through a bare "&" or "<" in attribute values, undefined entities, control characters and
 * several root elements; xmllint is not always installed. No DTD is accepted (FHIR XML has none,
 * and refusing it rules out entity expansion attacks).
 */

export interface XmlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface XmlAttribute {
  readonly name: string;
  /** With references replaced by the characters they stand for. */
  readonly value: string;
}

export interface XmlHandler {
  startElement?(name: string, attributes: readonly XmlAttribute[], namespace: string | undefined): void;
  endElement?(name: string): void;
  /** Character data with references resolved (CDATA sections included). */
  text?(text: string): void;
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

// XML 1.0 fifth edition, productions [4] NameStartChar and [4a] NameChar.
const NAME_START =
  'A-Z_a-z\\u{C0}-\\u{D6}\\u{D8}-\\u{F6}\\u{F8}-\\u{2FF}\\u{370}-\\u{37D}\\u{37F}-\\u{1FFF}\\u{200C}-\\u{200D}\\u{2070}-\\u{218F}\\u{2C00}-\\u{2FEF}\\u{3001}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFFD}\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u{B7}\\u{300}-\\u{36F}\\u{203F}-\\u{2040}`;
// The combining marks U+0300–U+036F are name characters in their own right (production [4a]): the
// classes list code point ranges, not characters to be combined.
/** A namespace-aware name: NCName or prefix:NCName. */
// eslint-disable-next-line no-misleading-character-class
const QNAME = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*(?::[${NAME_START}][${NAME_CHAR}]*)?$`, 'u');
// eslint-disable-next-line no-misleading-character-class
const NAME_AT = new RegExp(`[${NAME_START}:][${NAME_CHAR}:]*`, 'uy');

/** Production [2] Char. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

interface OpenElement {
  readonly name: string;
  readonly namespaces: ReadonlyMap<string, string>;
}

class Scanner {
  private pos = 0;
  readonly problems: XmlProblem[] = [];
  private readonly stack: OpenElement[] = [];

  constructor(
    private readonly xml: string,
    private readonly handler: XmlHandler,
  ) {}

  private fail(message: string, at = this.pos): void {
    const before = this.xml.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    this.problems.push({ line, column, message });
  }

  private startsWith(token: string): boolean {
    return this.xml.startsWith(token, this.pos);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (/[ \t\r\n]/.test(this.xml.charAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  private readName(): string | undefined {
    NAME_AT.lastIndex = this.pos;
    const match = NAME_AT.exec(this.xml);
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  /** Characters and references up to (not including) `stop`; problems for anything illegal. */
  private readCharacters(stop: (char: string) => boolean, inAttribute: boolean): string {
    let out = '';
    while (this.pos < this.xml.length) {
      const char = this.xml.charAt(this.pos);
      if (stop(char)) break;
      if (char === '&') {
        out += this.readReference();
        continue;
      }
      if (char === '<') {
        this.fail(inAttribute ? "'<' in an attribute value" : "unexpected '<'");
        this.pos++;
        continue;
      }
      if (!inAttribute && this.startsWith(']]>')) this.fail("']]>' in character data");
      const code = this.xml.codePointAt(this.pos) ?? 0;
      if (!isXmlChar(code)) this.fail(`character U+${code.toString(16).toUpperCase()} is not allowed in XML`);
      const text = String.fromCodePoint(code);
      this.pos += text.length;
      if (inAttribute && (char === '\t' || char === '\n' || char === '\r')) {
        // Attribute-value normalisation (§3.3.3), after line-end normalisation: CR LF is one break.
        if (!(char === '\r' && this.xml.charAt(this.pos) === '\n')) out += ' ';
        continue;
      }
      out += text;
    }
    return out;
  }

  private readReference(): string {
    const start = this.pos;
    const match = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);/y;
    match.lastIndex = start;
    const found = match.exec(this.xml);
    if (!found?.[1]) {
      this.fail("'&' that does not start a character or entity reference", start);
      this.pos++;
      return '&';
    }
    this.pos += found[0].length;
    const body = found[1];
    if (body.startsWith('#')) {
      const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!isXmlChar(code)) {
        this.fail(`character reference ${found[0]} is not an XML character`, start);
        return '';
      }
      return String.fromCodePoint(code);
    }
    const entity = PREDEFINED_ENTITIES[body];
    if (entity === undefined) {
      this.fail(`undefined entity ${found[0]}`, start);
      return '';
    }
    return entity;
  }

  private readUntil(terminator: string, what: string): string | undefined {
    const end = this.xml.indexOf(terminator, this.pos);
    if (end < 0) {
      this.fail(`unterminated ${what}`);
      this.pos = this.xml.length;
      return undefined;
    }
    const body = this.xml.slice(this.pos, end);
    for (const char of body) {
      const code = char.codePointAt(0) ?? 0;
      if (!isXmlChar(code)) this.fail(`character U+${code.toString(16).toUpperCase()} is not allowed in XML`);
    }
    this.pos = end + terminator.length;
    return body;
  }

  private comment(): void {
    this.pos += 4;
    const body = this.readUntil('-->', 'comment');
    if (body !== undefined && (body.includes('--') || body.endsWith('-'))) this.fail("'--' inside a comment");
  }

  private processingInstruction(): void {
    this.pos += 2;
    const target = this.readName();
    if (!target) this.fail('processing instruction without a target');
    else if (target.toLowerCase() === 'xml') this.fail('XML declaration not at the start of the document');
    this.readUntil('?>', 'processing instruction');
  }

  private xmlDeclaration(): void {
    const end = this.xml.indexOf('?>');
    const declaration = end < 0 ? '' : this.xml.slice(0, end + 2);
    const pattern =
      /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>$/;
    if (!pattern.test(declaration)) this.fail('malformed XML declaration');
    this.pos = end < 0 ? this.xml.length : end + 2;
  }

  /** Comments, processing instructions and white space between top-level constructs. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<?')) this.processingInstruction();
      else return;
    }
  }

  private resolve(prefix: string | undefined, namespaces: ReadonlyMap<string, string>): string | undefined {
    return namespaces.get(prefix ?? '');
  }

  private element(): void {
    const start = this.pos;
    this.pos++;
    const name = this.readName();
    if (!name) {
      this.fail('element without a name');
      this.pos = this.xml.length;
      return;
    }
    if (!QNAME.test(name)) this.fail(`"${name}" is not a namespace-well-formed name`, start + 1);
    const raw: { name: string; value: string; at: number }[] = [];
    for (;;) {
      const spaced = this.skipSpace();
      if (this.startsWith('/>') || this.startsWith('>') || this.pos >= this.xml.length) break;
      if (!spaced) this.fail('attributes must be separated by white space');
      const at = this.pos;
      const attribute = this.readName();
      if (!attribute) {
        this.fail('malformed attribute');
        this.pos = this.xml.length;
        return;
      }
      this.skipSpace();
      if (this.xml.charAt(this.pos) !== '=') this.fail(`attribute "${attribute}" without a value`);
      else this.pos++;
      this.skipSpace();
      const quote = this.xml.charAt(this.pos);
      if (quote !== '"' && quote !== "'") {
        this.fail(`value of attribute "${attribute}" is not quoted`);
        this.pos = this.xml.length;
        return;
      }
      this.pos++;
      const value = this.readCharacters((char) => char === quote, true);
      if (this.xml.charAt(this.pos) !== quote) this.fail(`unterminated value of attribute "${attribute}"`);
      this.pos++;
      if (raw.some((other) => other.name === attribute)) this.fail(`attribute "${attribute}" repeated`, at);
      if (!QNAME.test(attribute)) this.fail(`"${attribute}" is not a namespace-well-formed name`, at);
      raw.push({ name: attribute, value, at });
    }
    const parent = this.stack[this.stack.length - 1];
    const namespaces = new Map(parent?.namespaces ?? [['xml', XML_NAMESPACE]]);
    for (const { name: attribute, value, at } of raw) {
      if (attribute === 'xmlns') namespaces.set('', value);
      else if (attribute.startsWith('xmlns:')) {
        const prefix = attribute.slice(6);
        if (prefix === 'xml' ? value !== XML_NAMESPACE : prefix === 'xmlns' || value === '') {
          this.fail(`illegal namespace declaration ${attribute}`, at);
        }
        if (value === XML_NAMESPACE || value === XMLNS_NAMESPACE) {
          if (prefix !== 'xml') this.fail(`reserved namespace bound to ${attribute}`, at);
        }
        namespaces.set(prefix, value);
      }
    }
    const prefixOf = (qname: string): string | undefined =>
      qname.includes(':') ? qname.split(':')[0] : undefined;
    const elementPrefix = prefixOf(name);
    if (elementPrefix === 'xmlns') this.fail('element name with the reserved prefix xmlns', start + 1);
    else if (elementPrefix !== undefined && !namespaces.has(elementPrefix)) {
      this.fail(`undeclared namespace prefix "${elementPrefix}"`, start + 1);
    }
    // Two prefixes bound to one namespace make two qualified names one attribute (identical
    // qualified names were reported above).
    const expanded = new Map<string, string>();
    for (const { name: attribute, at } of raw) {
      if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue;
      const prefix = prefixOf(attribute);
      if (prefix !== undefined && !namespaces.has(prefix))
        this.fail(`undeclared namespace prefix "${prefix}"`, at);
      const key =
        prefix === undefined
          ? attribute
          : `{${namespaces.get(prefix) ?? ''}}${attribute.split(':')[1] ?? ''}`;
      const seen = expanded.get(key);
      if (seen !== undefined && seen !== attribute)
        this.fail(`attributes "${seen}" and "${attribute}" are the same`, at);
      expanded.set(key, attribute);
    }
    this.handler.startElement?.(
      name,
      raw.map(({ name: attribute, value }) => ({ name: attribute, value })),
      this.resolve(elementPrefix, namespaces),
    );
    if (this.startsWith('/>')) {
      this.pos += 2;
      this.handler.endElement?.(name);
      return;
    }
    if (!this.startsWith('>')) {
      this.fail(`unterminated start tag <${name}>`, start);
      return;
    }
    this.pos++;
    this.stack.push({ name, namespaces });
    this.content();
    this.stack.pop();
  }

  /** Content of the element on top of the stack, through its end tag. */
  private content(): void {
    const open = this.stack[this.stack.length - 1];
    if (!open) return;
    let text = '';
    const flush = (): void => {
      if (text) this.handler.text?.(text);
      text = '';
    };
    while (this.pos < this.xml.length) {
      if (this.startsWith('</')) {
        flush();
        const at = this.pos;
        this.pos += 2;
        const name = this.readName();
        this.skipSpace();
        if (!this.startsWith('>')) this.fail('malformed end tag', at);
        else this.pos++;
        if (name !== open.name) this.fail(`end tag </${name ?? ''}> does not match <${open.name}>`, at);
        this.handler.endElement?.(open.name);
        return;
      }
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<![CDATA[')) {
        this.pos += 9;
        text += this.readUntil(']]>', 'CDATA section') ?? '';
      } else if (this.startsWith('<?')) this.processingInstruction();
      else if (this.startsWith('<!')) {
        this.fail('markup declaration inside an element');
        this.pos += 2;
      } else if (this.startsWith('<')) {
        flush();
        this.element();
      } else text += this.readCharacters((char) => char === '<', false);
    }
    this.fail(`element <${open.name}> is not closed`);
  }

  document(): void {
    if (this.xml.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (this.startsWith('<?xml') && /[ \t\r\n?]/.test(this.xml.charAt(this.pos + 5))) this.xmlDeclaration();
    this.misc();
    if (this.startsWith('<!DOCTYPE')) {
      this.fail('document type declarations are not accepted');
      return;
    }
    if (!this.startsWith('<') || this.startsWith('</')) {
      this.fail('no root element');
      return;
    }
    this.element();
    this.misc();
    if (this.pos < this.xml.length) this.fail('content after the root element');
  }
}

/** Scans a whole XML document; the problems are empty when it is well-formed. */
export function scanXml(xml: string, handler: XmlHandler = {}): XmlProblem[] {
  const scanner = new Scanner(xml, handler);
  scanner.document();
  return scanner.problems;
}

/** Text for XML character data: the three characters that could start markup, escaped. */
export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Text for a double-quoted attribute value. Tabs and line breaks become character references: a
 * parser would otherwise normalise them to spaces (XML 1.0 §3.3.3).
 */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** Resolves the five predefined entities and character references, as a parser does. */
export function unescapeXml(value: string): string {
  return value.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_match, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return PREDEFINED_ENTITIES[body] ?? '';
  });
}
