import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair } from '../../src/sign/keys.js'

/**
 * A fresh cosign key pair written to `dir` as `cosign.key` (owner-only, as cosign writes it) and
 * `cosign.pub`: the signing and verify-key inputs of a test.
 */
export async function writeKeyFiles(
  dir: string,
  passphrase: string,
): Promise<{ key: string; pub: string; publicKeyPem: string }> {
  const pair = await generateKeyPair(passphrase)
  const key = join(dir, 'cosign.key')
  const pub = join(dir, 'cosign.pub')
  await writeFile(key, pair.privateKeyPem, { mode: 0o600 })
  await writeFile(pub, pair.publicKeyPem)
  return { key, pub, publicKeyPem: pair.publicKeyPem }
}
