import type { Signer } from './signer.js'

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'

/** A Sigstore bundle v0.3 in its proto-JSON form (what `@sigstore/bundle` serialises). */
export type SerializedBundle = Record<string, unknown> & { mediaType: string }

export type SignerIdentity =
  { kind: 'key'; keyId: string } | { kind: 'keyless'; subject: string; issuer: string }

/**
 * Signs DSSE payloads into Sigstore bundles: with a key (a bundle carrying a public key hint) or
 * keyless (a Fulcio certificate and a transparency log entry). Key signers can also sign raw
 * bytes for cosign's legacy `.sig` format; keyless ones store bundles only.
 */
export interface BundleSigner {
  readonly identity: SignerIdentity
  signDsse(payloadType: string, payload: Buffer): Promise<SerializedBundle>
  readonly keySigner?: Signer
  /**
   * Keyless signers learn their identity from the certificate; a re-run that signs nothing new
   * asks for it here (from the OIDC token) before writing the record.
   */
  resolveIdentity?(): Promise<SignerIdentity>
}
