/** DSSE v1 (secure-systems-lab/dsse protocol.md): what Sigstore bundles sign for attestations. */

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'

/** The pre-authentication encoding: what DSSE signs, so the type cannot be swapped under a signature. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ])
}
