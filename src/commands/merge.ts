import { isAbsolute, resolve } from 'node:path'
import type { Config } from '../config.js'
import { ReleaseError, UserError } from '../errors.js'
import { copyImage } from '../oci/copy.js'
import { sha256 } from '../oci/digest.js'
import { isIndexType, MediaType } from '../oci/media-types.js'
import { openStore } from '../oci/open-store.js'
import { parseReference } from '../oci/reference.js'
import { parseManifest } from '../oci/referrers.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageIndex, ImageManifest, Platform } from '../oci/types.js'
import { assertClean, readCommit } from '../release/git.js'
import { assertCommitTagUnmoved } from '../release/tags.js'
import { isoSeconds } from '../builders/native.js'
import type { CommandContext, CommandResult } from './context.js'
import { planReleaseTags } from './release-tags.js'
import {
  attach,
  readBack,
  releaseAnnotations,
  releaseOutputs,
  timed,
  writeTagsLast,
  type ReleaseFacts,
} from './release.js'
import { runLinks } from './links.js'
import { renderReleaseSummary } from './release-summary.js'
import { signerFrom } from './signing.js'
import { describeTarget, imageReference, openTarget, targetFolders } from './target.js'

interface Source {
  /** As the user gave it, for messages. */
  given: string
  repository?: string
  digest: string
}

/** `sha256:…`, `repo@sha256:…`, or a release job's `metadata` JSON (its `image`). */
function parseSource(given: string): Source {
  const valid = 'sha256:<hex>, registry/repo@sha256:<hex>, or the metadata output of a release job'
  let text = given
  if (given.startsWith('{')) {
    try {
      const metadata = JSON.parse(given) as { image?: string; digest?: string }
      text = metadata.image ?? metadata.digest ?? ''
    } catch (e) {
      throw new UserError('INPUT_INVALID', `a line is not valid JSON`, {
        input: 'sources',
        valid,
        cause: e,
      })
    }
  }
  if (/^sha256:[a-f0-9]{64}$/.test(text)) return { given, digest: text }
  let ref
  try {
    ref = parseReference(text, 'sources')
  } catch (e) {
    throw new UserError('INPUT_INVALID', `'${text}' is not an image by digest`, {
      input: 'sources',
      valid,
      cause: e,
    })
  }
  if (!ref.digest) {
    throw new UserError('INPUT_INVALID', `'${text}' names no digest`, { input: 'sources', valid })
  }
  return { given, repository: `${ref.registry}/${ref.repository}`, digest: ref.digest }
}

interface Member {
  descriptor: Descriptor
  platform: Platform
}

/** Checks that a source exists and is one platform's image, and copies it into the target. */
async function bring(
  config: Config,
  ctx: CommandContext,
  target: Store,
  source: Source,
): Promise<Member> {
  const from: Store = source.repository
    ? await openStore(
        { kind: 'registry', ref: parseReference(source.repository, 'sources') },
        {
          credentials: await ctx.credentials(parseReference(source.repository, 'sources').registry),
          insecureRegistries: [...config.insecureRegistries],
          onSecret: ctx.mask,
          env: ctx.env,
        },
      )
    : target
  const head = await from.headManifest(source.digest)
  if (!head) {
    throw new ReleaseError(
      'NOT_FOUND',
      `merge source ${source.given}: ${source.digest} does not exist in ${from.description}`,
      {
        hint: 'pass the digest output of each platform job',
      },
    )
  }
  if (isIndexType(head.mediaType)) {
    throw new UserError(
      'INPUT_INVALID',
      `${source.given} is a multi-platform index, not one platform's image`,
      {
        input: 'sources',
        valid: 'single-platform image manifests, one per platform',
      },
    )
  }
  const manifest = parseManifest(
    (await from.getManifest(source.digest)).bytes,
    source.digest,
  ) as ImageManifest
  const config_ = JSON.parse((await from.readBlob(manifest.config)).toString('utf8')) as Platform
  if (!config_.os || !config_.architecture) {
    throw new UserError('INPUT_INVALID', `${source.given} has no os/architecture in its config`, {
      input: 'sources',
      valid: 'container images (not artifacts)',
    })
  }
  const platform: Platform = { architecture: config_.architecture, os: config_.os }
  if (config_.variant) platform.variant = config_.variant
  if (from !== target) await copyImage(from, target, source.digest)
  return {
    descriptor: { mediaType: head.mediaType, digest: head.digest, size: head.size },
    platform,
  }
}

function platformName(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/')
}

/**
 * `merge`: joins single-platform images built on a matrix of runners into one index, tagged,
 * signed and recorded like a release. The index bytes depend only on the sources and the
 * commit, so a re-run writes nothing new and repairs only missing signatures or records.
 */
export async function merge(config: Config, ctx: CommandContext): Promise<CommandResult> {
  if (config.sources.length < 1) {
    throw new UserError('INPUT_MISSING', 'is required for merge', {
      input: 'sources',
      valid: 'one per line: the digest (or metadata) output of each platform job',
    })
  }
  const sources = config.sources.map(parseSource)
  const phases: Record<string, number> = {}
  const context = isAbsolute(config.context) ? config.context : resolve(ctx.cwd, config.context)
  const facts = await readCommit({ cwd: context, env: ctx.env, outputs: targetFolders(config) })
  assertClean(facts, config.allowDirty)
  const signer = await signerFrom(config, ctx)
  const store = await openTarget(config, ctx)
  const { existingTags, plan } = await planReleaseTags(store, {
    commit: facts.commit,
    ref: facts.ref,
    extra: [...config.tags],
  })

  const members = await timed(phases, 'sources', ctx, async () => {
    const out: Member[] = []
    for (const s of sources) {
      const m = await bring(config, ctx, store, s)
      if (out.some((o) => platformName(o.platform) === platformName(m.platform))) {
        throw new UserError('INPUT_INVALID', `two sources are ${platformName(m.platform)}`, {
          input: 'sources',
          valid: 'one image per platform',
        })
      }
      ctx.logger.info(`${platformName(m.platform)}: ${m.descriptor.digest}`)
      out.push(m)
    }
    return out
  })

  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.OciIndex,
    manifests: members.map((m) => ({ ...m.descriptor, platform: m.platform })),
    annotations: Object.fromEntries(
      Object.entries(releaseAnnotations(facts, plan, 'merge')).sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  }
  const bytes = Buffer.from(JSON.stringify(index))
  const existing = existingTags.includes(plan.commitTag)
    ? await store.headManifest(plan.commitTag)
    : undefined
  const root: Descriptor = {
    mediaType: MediaType.OciIndex,
    digest: sha256(bytes),
    size: bytes.length,
  }
  // The same sources for the same commit give the same index; anything else may not take its tag.
  assertCommitTagUnmoved(plan.commitTag, existing?.digest, root.digest)
  await timed(phases, 'push', ctx, async () => {
    await store.putManifest(bytes, MediaType.OciIndex)
  })
  const stored = await readBack(store, root)
  const attached = await attach(config, ctx, phases, { store, root, stored, facts, plan, signer })
  // Tags last, as release writes them: a failed signing leaves the index reachable by digest only.
  await timed(phases, 'tag', ctx, () => writeTagsLast(store, plan, root, ctx))
  const out: ReleaseFacts = {
    image: imageReference(config, root.digest),
    digest: root.digest,
    mediaType: stored.mediaType,
    tags: plan.tags,
    platforms: stored.platforms,
    size: stored.size,
    builder: 'merge',
    commit: facts.commit,
    tree: facts.tree,
    version: plan.version,
    sourceDateEpoch: facts.commitTime,
    skipped: false,
    blobs: { uploaded: 0, mounted: 0, exists: 0 },
    phases,
    ...attached,
  }
  ctx.logger.info(
    `index ${root.digest}: ${members.map((m) => platformName(m.platform)).join(', ')} (${isoSeconds(facts.commitTime)})`,
  )
  return {
    outputs: releaseOutputs(out),
    summary: renderReleaseSummary(out, describeTarget(config), runLinks(ctx.env)),
  }
}
