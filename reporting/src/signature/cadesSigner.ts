import { Signer } from '@signpdf/signpdf';
import { cadesDetachedSignature } from './cades';
import type { SigningIdentity } from './signingIdentity';

/** @signpdf's signer interface over our CAdES signature: signpdf hands it the bytes to cover. */
export class CadesSigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return cadesDetachedSignature({
      content: pdfBuffer,
      privateKey: this.identity.privateKey,
      certificateDer: this.identity.certificateDer,
      chainDer: this.identity.chainDer,
    });
  }
}
