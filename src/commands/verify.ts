import type { KeyObject } from 'node:crypto'
import { resolve } from 'node:path'
import type { Config } from '../config.js'
import { ReleaseError, UserError } from '../errors.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageIndex } from '../oci/types.js'
import { isIndexType } from '../oci/media-types.js'
import { RECORD_ARTIFACT_TYPE, checkRecord } from '../release/record.js'
import { COSIGN_SIGN_PREDICATE_TYPE, verifyKeyBundle } from '../sign/bundle.js'
import { BUNDLE_MEDIA_TYPE, type SerializedBundle } from '../sign/bundle-signer.js'
import { signatureTag, verifyLegacyIfPresent } from '../sign/cosign.js'
import { GITHUB_OIDC_ISSUER, type KeylessPolicy } from '../sign/keyless.js'
import { instanceEndpoints } from '../sign/sigstore-instance.js'
import {
  trustCacheDir,
  trustFromFile,
  trustFromTuf,
  type TrustedRootSet,
} from '../sign/trust-root.js'
import { loadPublicKey } from '../sign/keys.js'
import { checkProvenance, SLSA_PROVENANCE_V1 } from '../sign/provenance.js'
import { readAllReferrers, type Referrer } from '../sign/referrer.js'
import { cell } from '../markdown.js'
import type { CommandContext, CommandResult } from './context.js'
import { describeTarget, imageReference, openTarget, resolveImage } from './target.js'

/** What a valid signature is: a key, or a keyless identity checked against trusted roots. */
export type Trust =
  | { kind: 'key'; key: KeyObject }
  | { kind: 'keyless'; policy: KeylessPolicy; roots: TrustedRootSet[] }

export interface Check {
  name: string
  detail: string
}

const PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType'

export async function trustFrom(config: Config, ctx: CommandContext): Promise<Trust | undefined> {
  if (config.verifyKey)
    return { kind: 'key', key: await loadPublicKey(config.verifyKey, 'verify-key', ctx.cwd) }
  const policy = keylessPolicy(config, ctx)
  if (!policy) return undefined
  return { kind: 'keyless', policy, roots: await keylessRoots(config, ctx) }
}

/**
 * The identity a keyless signature must carry: the inputs, else (in Actions, when a signature is
 * required) any workflow of this repository with GitHub's OIDC issuer, which is what a release
 * by this repository's own workflows carries.
 */
function keylessPolicy(config: Config, ctx: CommandContext): KeylessPolicy | undefined {
  const inActions = ctx.env.GITHUB_ACTIONS === 'true'
  const issuer = config.certificateOidcIssuer ?? (inActions ? GITHUB_OIDC_ISSUER : undefined)
  if (config.certificateIdentity || config.certificateIdentityRegexp) {
    return {
      certificateIdentity: config.certificateIdentity,
      certificateIdentityRegexp: config.certificateIdentityRegexp,
      certificateOidcIssuer: issuer,
    }
  }
  const repository = ctx.env.GITHUB_REPOSITORY
  const needed = config.command === 'verify' || config.requireSignature
  if (!inActions || !repository || !needed) return undefined
  const server = (ctx.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const regexp = `^${escapeRegExp(`${server}/${repository}/.github/workflows/`)}`
  ctx.logger.info(
    `keyless policy from the GitHub context: identity /${regexp}/, issuer ${GITHUB_OIDC_ISSUER}`,
  )
  return { certificateIdentityRegexp: regexp, certificateOidcIssuer: GITHUB_OIDC_ISSUER }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * `trusted-root` alone when given; else public-good's and GitHub's trusted roots from their TUF
 * repositories (cached, or embedded when offline), so a bundle of either instance verifies.
 */
async function keylessRoots(config: Config, ctx: CommandContext): Promise<TrustedRootSet[]> {
  if (config.trustedRoot) {
    ctx.logger.info(`sigstore trust: ${config.trustedRoot.path} (${config.trustedRoot.input})`)
    return [
      await trustFromFile(resolve(ctx.cwd, config.trustedRoot.path), config.trustedRoot.input),
    ]
  }
  const cacheDir = trustCacheDir(ctx.env)
  const loaded = await Promise.all(
    (['public-good', 'github'] as const).map((name) =>
      trustFromTuf(
        instanceEndpoints(name, ctx.env, (m) => ctx.logger.warning(m)),
        cacheDir,
        ctx.logger,
      ),
    ),
  )
  const roots = loaded.flatMap((l) => (l.trust ? [l.trust] : []))
  if (!roots.length) {
    throw new ReleaseError('VERIFY_FAILED', 'no Sigstore trusted root could be loaded', {
      hint: 'give trusted-root (a trusted_root.json) for an air-gapped run',
    })
  }
  return roots
}

/** verify needs a trust; promotion gates may do without when `require-signature` is false. */
export function requireTrust(trust: Trust | undefined, command: string): Trust {
  if (trust) return trust
  throw new UserError('INPUT_MISSING', `${command} needs to know what a valid signature is`, {
    input: 'verify-key',
    valid:
      'verify-key (a public key PEM or file), or certificate-identity / certificate-identity-regexp with certificate-oidc-issuer',
  })
}

/** The digest to verify: the `digest` input, else the reference's digest or its tag resolved. */
async function resolveSubject(
  config: Config,
  store: Store,
  ctx: CommandContext,
): Promise<Descriptor> {
  const found = config.digest
    ? await store.headManifest(config.digest)
    : await resolveImage(config, store, ctx).catch((e: unknown) => {
        throw new ReleaseError('VERIFY_FAILED', `nothing to verify: ${(e as Error).message}`, {
          cause: e,
        })
      })
  if (!found && !config.digest) {
    throw new UserError('INPUT_MISSING', 'names no image to verify', {
      input: 'digest',
      valid: 'a digest (sha256:…), or an image reference with a tag or digest',
    })
  }
  if (!found) {
    throw new ReleaseError(
      'VERIFY_FAILED',
      `${describeTarget(config)}: ${config.digest} does not exist`,
      {
        hint: 'check the image and digest; nothing to verify',
      },
    )
  }
  return found
}

async function verifyBundle(
  bundle: SerializedBundle,
  trust: Trust,
  digest: string,
  predicateType: string,
): Promise<Buffer> {
  return trust.kind === 'key'
    ? verifyKeyBundle(bundle, trust.key, digest, predicateType)
    : (await import('../sign/keyless.js')).verifyKeylessBundle(bundle, trust.policy, trust.roots, {
        subjectDigest: digest,
        predicateType,
      })
}

/**
 * The release record that counts: one naming this digest and, with a trust, signed by it. A
 * re-run without a key may have added an unsigned record beside the signed one (and anyone who
 * can push can add more): those are skipped, never chosen because they came last.
 */
async function selectRecord(
  store: Store,
  repository: string,
  digest: string,
  records: Promise<Referrer[]>,
  trust: Trust | undefined,
): Promise<{ record: Referrer; checks: Check[] }> {
  const all = await records
  if (!all.length) fail('record', `no release record refers to ${digest}`)
  const problems: string[] = []
  for (const candidate of all) {
    const wrong = checkRecord(candidate.blob, { digest })
    if (wrong.length) {
      problems.push(`${candidate.descriptor.digest}: ${wrong.join('; ')}`)
      continue
    }
    const dirty = (JSON.parse(candidate.blob.toString('utf8')) as { source?: { dirty?: unknown } })
      .source?.dirty
    const named: Check = {
      name: 'record',
      detail:
        `${candidate.descriptor.digest} names this digest` +
        (dirty === true ? ' (a dirty build: uncommitted changes, allow-dirty)' : ''),
    }
    if (!trust) return { record: candidate, checks: [named] }
    try {
      const material = await signatureMaterial(
        store,
        repository,
        candidate.descriptor.digest,
        trust,
        readAllReferrers(store, candidate.descriptor.digest, [BUNDLE_MEDIA_TYPE]),
      )
      const signed = await verifySignatures(material, candidate.descriptor.digest, trust, 'record')
      return { record: candidate, checks: [named, ...signed] }
    } catch (e) {
      if (!(e instanceof ReleaseError && e.code === 'VERIFY_FAILED')) throw e
      problems.push(`${candidate.descriptor.digest}: ${e.message}`)
    }
  }
  const what = trust ? 'names this digest and is signed as required' : 'names this digest'
  fail('record', `none of ${all.length} records ${what}: ${problems.join('; ')}`)
}

/** What verifying one digest's signatures needs from the registry, read concurrently. */
interface SignatureMaterial {
  bundles: Referrer[]
  legacy: Promise<{ verified: number; total: number } | undefined> | undefined
}

function signatureMaterial(
  store: Store,
  repository: string,
  digest: string,
  trust: Trust,
  referrers: Promise<Referrer[]>,
): Promise<SignatureMaterial> {
  // The legacy lookup starts now, alongside the referrers; its failure is reported in order below.
  const legacy =
    trust.kind === 'key' ? verifyLegacyIfPresent(store, repository, digest, trust.key) : undefined
  legacy?.catch(() => undefined)
  return referrers.then((all) => ({
    bundles: all.filter(
      (r) =>
        r.manifest.artifactType === BUNDLE_MEDIA_TYPE &&
        r.manifest.annotations?.[PREDICATE_ANNOTATION] === COSIGN_SIGN_PREDICATE_TYPE,
    ),
    legacy,
  }))
}

/**
 * Signatures of `digest` in every format present: a format that is present must verify; at least
 * one must be present. Returns a line per format checked.
 */
async function verifySignatures(
  material: SignatureMaterial,
  digest: string,
  trust: Trust,
  what: string,
): Promise<Check[]> {
  const checks: Check[] = []
  const { bundles } = material
  if (bundles.length) {
    const errors: string[] = []
    let ok = 0
    for (const b of bundles) {
      try {
        await verifyBundle(
          JSON.parse(b.blob.toString('utf8')) as SerializedBundle,
          trust,
          digest,
          COSIGN_SIGN_PREDICATE_TYPE,
        )
        ok++
      } catch (e) {
        errors.push((e as Error).message)
      }
    }
    if (!ok)
      fail(`${what}: bundle signature`, `none of ${bundles.length} verifies: ${errors.join('; ')}`)
    checks.push({ name: `${what}: bundle signature`, detail: `${ok} of ${bundles.length} verify` })
  }
  if (material.legacy) {
    const r = await material.legacy.catch((e: unknown) =>
      fail(`${what}: legacy signature`, (e as Error).message),
    )
    if (r)
      checks.push({
        name: `${what}: legacy signature`,
        detail: `${r.verified} of ${r.total} verify`,
      })
  }
  if (!checks.length)
    fail(
      `${what}: signature`,
      `no signature of ${digest} found (neither a bundle referrer nor ${signatureTag(digest)})`,
    )
  return checks
}

function fail(check: string, detail: string): never {
  throw new ReleaseError('VERIFY_FAILED', `verify failed at '${check}': ${detail}`, {
    hint: 'the image, its signature, record or provenance is not what the signer published; do not deploy it',
  })
}

/**
 * `verify`: every signature format present on the image (and on each platform of an index), the
 * release record (present, signed, naming this digest) and the SLSA provenance (signed, complete,
 * naming this digest). Fails with the first check that does not hold.
 */
/**
 * The checks of `verify` on a resolved image: signatures (the image and each platform), the
 * record and the provenance; without a trust, only the record (promotion with
 * `require-signature: false`). Throws VERIFY_FAILED naming the first check that fails.
 */
export async function verifyImage(
  store: Store,
  repository: string,
  subject: Descriptor,
  trust: Trust | undefined,
): Promise<Check[]> {
  return (await verifyImageWithRecord(store, repository, subject, trust)).checks
}

/** verifyImage, also handing back the record it checked (promote writes it to the ledger). */
export async function verifyImageWithRecord(
  store: Store,
  repository: string,
  subject: Descriptor,
  trust: Trust | undefined,
): Promise<{ checks: Check[]; record: Referrer }> {
  // Reads start at once and run side by side; a failed check waits for those still under way,
  // so that no request outlives the command (a re-run right after would race them).
  const started: Promise<unknown>[] = []
  const begin = <T>(read: Promise<T>): Promise<T> => {
    read.catch(() => undefined)
    started.push(read)
    return read
  }
  try {
    return await checkImage(store, repository, subject, trust, begin)
  } catch (e) {
    await Promise.allSettled(started)
    throw e
  }
}

async function checkImage(
  store: Store,
  repository: string,
  subject: Descriptor,
  trust: Trust | undefined,
  begin: <T>(read: Promise<T>) => Promise<T>,
): Promise<{ checks: Check[]; record: Referrer }> {
  const checks: Check[] = [{ name: 'image', detail: `${repository}@${subject.digest} exists` }]
  // Everything that refers to the image, read once: bundles, provenance and the record.
  const referrers = begin(
    readAllReferrers(store, subject.digest, [BUNDLE_MEDIA_TYPE, RECORD_ARTIFACT_TYPE]),
  )
  const material =
    trust && begin(signatureMaterial(store, repository, subject.digest, trust, referrers))
  // Every record naming this digest; which one counts is decided below (selectRecord).
  const records = referrers.then((all) =>
    all.filter((r) => r.manifest.artifactType === RECORD_ARTIFACT_TYPE),
  )
  const chosen = begin(selectRecord(store, repository, subject.digest, records, trust))
  if (trust) {
    checks.push(...(await verifySignatures((await material)!, subject.digest, trust, 'image')))
    if (isIndexType(subject.mediaType)) {
      const index = JSON.parse(
        (await store.getManifest(subject.digest)).bytes.toString('utf8'),
      ) as ImageIndex
      const children = index.manifests.map((child) =>
        begin(
          signatureMaterial(
            store,
            repository,
            child.digest,
            trust,
            begin(readAllReferrers(store, child.digest, [BUNDLE_MEDIA_TYPE])),
          ),
        ),
      )
      for (const [i, child] of index.manifests.entries()) {
        const name = [child.platform?.os, child.platform?.architecture, child.platform?.variant]
          .filter(Boolean)
          .join('/')
        checks.push(
          ...(await verifySignatures(
            await children[i]!,
            child.digest,
            trust,
            `platform ${name || child.digest}`,
          )),
        )
      }
    }
  }

  const { record: found, checks: recordChecks } = await chosen
  checks.push(...recordChecks)
  if (!trust) return { checks, record: found }

  const provenance = (await referrers).filter(
    (r) =>
      r.manifest.artifactType === BUNDLE_MEDIA_TYPE &&
      r.manifest.annotations?.[PREDICATE_ANNOTATION] === SLSA_PROVENANCE_V1,
  )
  if (!provenance.length) fail('provenance', `no SLSA provenance refers to ${subject.digest}`)
  const errors: string[] = []
  let verified: { digest: string } | undefined
  for (const p of provenance) {
    try {
      const statement = await verifyBundle(
        JSON.parse(p.blob.toString('utf8')) as SerializedBundle,
        trust,
        subject.digest,
        SLSA_PROVENANCE_V1,
      )
      const missing = checkProvenance(statement, subject.digest)
      if (missing.length) throw new Error(missing.join('; '))
      verified = p.descriptor
      break
    } catch (e) {
      errors.push((e as Error).message)
    }
  }
  if (!verified) fail('provenance', errors.join('; '))
  checks.push({
    name: 'provenance',
    detail: `${verified.digest}: signed, SLSA v1 fields present, subject is this digest`,
  })
  return { checks, record: found }
}

export async function verify(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const trust = requireTrust(await trustFrom(config, ctx), 'verify')
  const store = await openTarget(config, ctx)
  const subject = await resolveSubject(config, store, ctx)
  const repository = describeTarget(config)
  const checks = await verifyImage(store, repository, subject, trust)

  for (const c of checks) ctx.logger.info(`ok  ${c.name}: ${c.detail}`)
  return {
    outputs: {
      digest: subject.digest,
      image: imageReference(config, subject.digest),
      verified: 'true',
    },
    summary: [
      `### Verified \`${cell(repository)}@${subject.digest}\``,
      '',
      '| check | result |',
      '|---|---|',
      ...checks.map((c) => `| ${cell(c.name)} | ${cell(c.detail)} |`),
      '',
    ].join('\n'),
  }
}
