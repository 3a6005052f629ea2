import {
  createHash,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto'

/**
 * Something that signs bytes with a key: ECDSA over SHA-256 (DER signature) for EC keys, as
 * cosign does; Ed25519 and RSA keys sign the same way their cosign counterparts do.
 */
export interface Signer {
  /** sha256 hex of the public key's SubjectPublicKeyInfo DER: a stable id for records and hints. */
  readonly keyId: string
  readonly publicKeyPem: string
  sign(data: Buffer): Promise<Buffer>
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
}

/** Ed25519 signs the message itself; every other key type signs its SHA-256. */
function algorithmFor(key: KeyObject): string | null {
  return key.asymmetricKeyType === 'ed25519' ? null : 'sha256'
}

export function keySigner(privateKey: KeyObject): Signer {
  const publicKey = createPublicKey(privateKey)
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: async (data) => nodeSign(algorithmFor(privateKey), data, privateKey),
  }
}

export function verifySignature(publicKey: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return nodeVerify(algorithmFor(publicKey), data, publicKey, signature)
  } catch {
    return false
  }
}
