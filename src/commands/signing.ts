import type { Config } from '../config.js'
import { keyBundleSigner } from '../sign/bundle.js'
import type { BundleSigner } from '../sign/bundle-signer.js'
import { assertIdTokenPermission, githubIdToken, keylessBundleSigner } from '../sign/keyless.js'
import { loadSigningKey } from '../sign/keys.js'
import { keySigner } from '../sign/signer.js'
import type { CommandContext } from './index.js'

/**
 * The signer the inputs ask for, or undefined for an unsigned release. Runs before any registry
 * write, so a missing `id-token: write` permission or a wrong passphrase fails with nothing pushed.
 */
export async function signerFrom(
  config: Config,
  ctx: CommandContext,
): Promise<BundleSigner | undefined> {
  if (config.keyless) {
    assertIdTokenPermission(ctx.env)
    return keylessBundleSigner({
      // Private Sigstore instances (and the tests' stand-ins) are named by these variables.
      fulcioURL: ctx.env.SIGSTORE_FULCIO_URL || undefined,
      rekorURL: ctx.env.SIGSTORE_REKOR_URL || undefined,
      tsaServerURL: ctx.env.SIGSTORE_TSA_URL || undefined,
      identityToken: () => githubIdToken(ctx.env, ctx.mask),
    })
  }
  if (config.signingKey) {
    const key = await loadSigningKey(
      config.signingKey,
      config.signingKeyPassphrase ?? ctx.env.COSIGN_PASSWORD,
    )
    return keyBundleSigner(keySigner(key))
  }
  return undefined
}
