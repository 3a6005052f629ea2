import type { Config } from '../config.js'
import { keyBundleSigner } from '../sign/bundle.js'
import { ReleaseError, UserError } from '../errors.js'
import type { AttestationBundle } from '../github/attestations.js'
import type { Store } from '../oci/store.js'
import { BUNDLE_MEDIA_TYPE, type BundleSigner } from '../sign/bundle-signer.js'
import { assertIdTokenPermission, githubIdToken, keylessBundleSigner } from '../sign/keyless.js'
import { loadSigningKey } from '../sign/keys.js'
import { chooseInstance, instanceEndpoints } from '../sign/sigstore-instance.js'
import { readReferrers } from '../sign/referrer.js'
import { keySigner } from '../sign/signer.js'
import type { CommandContext } from './context.js'

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
    const choice = chooseInstance(config.sigstore, ctx.env)
    const instance = instanceEndpoints(choice.name, ctx.env, (m) => ctx.logger.warning(m))
    ctx.logger.info(
      `keyless signing with Sigstore ${instance.name} (${choice.reason}): Fulcio ${instance.fulcioURL}, ` +
        (instance.rekorURL
          ? `transparency log ${instance.rekorURL}`
          : `no transparency log, RFC 3161 timestamps from ${instance.tsaURL}`),
    )
    return keylessBundleSigner({
      fulcioURL: instance.fulcioURL,
      rekorURL: instance.rekorURL,
      tsaServerURL: instance.tsaURL,
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

/**
 * `github-attestations`: the provenance bundle just stored as a referrer is also stored through
 * GitHub's attestations API, where `gh attestation verify` looks. Every run stores it: a re-run
 * cannot know whether the last one's request landed.
 */
export async function storeOnGitHub(
  config: Config,
  ctx: CommandContext,
  store: Store,
  subject: string,
  provenance: string,
): Promise<void> {
  const bundle = (await readReferrers(store, subject, BUNDLE_MEDIA_TYPE)).find(
    (r) => r.descriptor.digest === provenance,
  )
  if (!bundle) throw new ReleaseError('INTERNAL', `provenance ${provenance} is not a referrer`)
  if (!ctx.storeAttestation || !config.githubToken) {
    throw new ReleaseError('INTERNAL', 'github-attestations without a GitHub client or token')
  }
  const repository = ctx.env.GITHUB_REPOSITORY
  if (!repository) {
    throw new UserError('INPUT_INVALID', 'is true outside GitHub Actions (no GITHUB_REPOSITORY)', {
      input: 'github-attestations',
      valid: 'github-attestations: true in a GitHub Actions job',
    })
  }
  const id = await ctx.storeAttestation(
    JSON.parse(bundle.blob.toString('utf8')) as AttestationBundle,
    {
      apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
      token: config.githubToken,
      repository,
    },
  )
  ctx.logger.info(`provenance stored as GitHub attestation ${id} of ${repository}`)
}
