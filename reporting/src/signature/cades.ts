import { createHash, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/**
 * A detached CMS SignedData as PAdES baseline B-B asks (ETSI EN 319 142-1, on CAdES EN 319 122-1):
 * SHA-256, and signed attributes content-type, message-digest and ESS signing-certificate-v2 (the
 * hash of the signer's certificate, so that it cannot be swapped), with no signing-time attribute:
 * the time is the signature dictionary's /M.
 *
 * Built here with forge's ASN.1 rather than by forge's PKCS#7 signer (or @signpdf/signer-p12,
 * which uses it): that signer encodes only content-type, message-digest and signing-time, so it
 * can write neither signing-certificate-v2 nor leave signing-time out.
 */

const { asn1 } = forge;
const { Class, Type } = asn1;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

type Node = forge.asn1.Asn1;

const sequence = (values: Node[]): Node => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, values);
const set = (values: Node[]): Node => asn1.create(Class.UNIVERSAL, Type.SET, true, values);
const oid = (value: string): Node =>
  asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer): Node =>
  asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bytes.toString('binary'));
const version = (value: number): Node =>
  asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const context = (tag: number, values: Node[]): Node => asn1.create(Class.CONTEXT_SPECIFIC, tag, true, values);
/** SHA-2 algorithm identifiers carry no parameters (RFC 5754 §2). */
const sha256Algorithm = (): Node => sequence([oid(OID.sha256)]);
/** rsaEncryption carries a NULL (RFC 3370 §3.2). */
const rsaAlgorithm = (): Node =>
  sequence([oid(OID.rsaEncryption), asn1.create(Class.UNIVERSAL, Type.NULL, false, '')]);

function der(node: Node): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

// forge's fromDer takes an options object; @types/node-forge declares only the older `strict` flag.
const fromDer = asn1.fromDer as unknown as (
  bytes: forge.util.ByteBuffer,
  options: { strict: boolean; decodeBitStrings: boolean },
) => Node;

/** Parses DER without reading BIT STRINGs as nested ASN.1, so that writing it again gives the same bytes. */
function parse(bytes: Buffer): Node {
  return fromDer(forge.util.createBuffer(bytes.toString('binary')), {
    strict: true,
    decodeBitStrings: false,
  });
}

/** The issuer Name and serialNumber of a certificate, as its own DER has them. */
function issuerAndSerial(certificate: Node): { issuer: Node; serial: Node } {
  const tbs = (certificate.value as Node[])[0]!;
  const fields = tbs.value as Node[];
  const first = fields[0]!;
  const offset = first.tagClass === Class.CONTEXT_SPECIFIC && first.type === 0 ? 1 : 0; // [0] version
  return { serial: fields[offset]!, issuer: fields[offset + 2]! };
}

function attribute(type: string, value: Node): Node {
  return sequence([oid(type), set([value])]);
}

/**
 * DER orders a SET OF by the encodings of its elements (X.690 §11.6). Validators that re-encode
 * the signed attributes (BouncyCastle, and so the EU's DSS) hash them in that order.
 */
function derSorted(nodes: Node[]): Node[] {
  return nodes
    .map((node) => ({ node, bytes: der(node) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ node }) => node);
}

export interface CadesInput {
  /** The bytes the signature covers: the PDF without its /Contents placeholder. */
  readonly content: Buffer;
  readonly privateKey: KeyObject;
  readonly certificateDer: Buffer;
  readonly chainDer: readonly Buffer[];
}

export function cadesDetachedSignature(input: CadesInput): Buffer {
  const certificate = parse(input.certificateDer);
  const { issuer, serial } = issuerAndSerial(certificate);
  const certificateHash = createHash('sha256').update(input.certificateDer).digest();

  // ESSCertIDv2 with the default hash algorithm (SHA-256, so left out) and the issuer and serial.
  const issuerSerial = sequence([sequence([context(4, [issuer])]), serial]);
  const signingCertificateV2 = sequence([sequence([sequence([octets(certificateHash), issuerSerial])])]);

  const signedAttributes = derSorted([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(createHash('sha256').update(input.content).digest())),
    attribute(OID.signingCertificateV2, signingCertificateV2),
  ]);
  // The signature covers the attributes encoded as a SET (RFC 5652 §5.4), stored as [0] IMPLICIT.
  const signature = sign('sha256', der(set(signedAttributes)), input.privateKey);

  const signerInfo = sequence([
    version(1),
    sequence([issuer, serial]),
    sha256Algorithm(),
    context(0, signedAttributes),
    rsaAlgorithm(),
    octets(signature),
  ]);
  const signedData = sequence([
    version(1),
    set([sha256Algorithm()]),
    sequence([oid(OID.data)]), // detached: no eContent
    context(0, [certificate, ...input.chainDer.map(parse)]),
    set([signerInfo]),
  ]);
  return der(sequence([oid(OID.signedData), context(0, [signedData])]));
}
