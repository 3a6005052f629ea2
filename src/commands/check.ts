import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { Config } from '../config.js'
import { ReleaseError } from '../errors.js'
import { applyPinPolicy, unpinnedBases } from '../builders/lint.js'
import type { BuildResult } from '../builders/builder.js'
import { upsertPullRequestComment, pullRequestNumber } from '../github/pr-comment.js'
import { mapLimit } from '../oci/copy.js'
import { isIndexType } from '../oci/media-types.js'
import { parseManifest } from '../oci/referrers.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageIndex, ImageManifest } from '../oci/types.js'
import { readImageFacts, renderPlan, type ImageFacts } from '../release/plan.js'
import { readCommit } from '../release/git.js'
import type { CommandContext, CommandResult } from './context.js'
import { planReleaseTags } from './release-tags.js'
import { openLedger, readEnvironment } from './ledger-access.js'
import { buildImage, timed } from './release.js'
import { describeTarget, openTarget, targetFolders } from './target.js'

const GATES = [
  'the manifest exists in the registry',
  'its signatures, release record and provenance verify (verify-key or keyless identity)',
  'it is not marked bad',
  'the environment is not on hold',
  'lifecycle order (from-environment / requires)',
]

/** The Dockerfile a Dockerfile build would use, for the lint (its path as annotations want it). */
async function dockerfileFor(
  config: Config,
  ctx: CommandContext,
  context: string,
): Promise<{ path: string; text: string; displayPath: string } | undefined> {
  if (config.builder === 'native') return undefined
  const path = config.dockerfile ? resolve(ctx.cwd, config.dockerfile) : join(context, 'Dockerfile')
  const found = await stat(path).catch(() => undefined)
  if (!found?.isFile()) return undefined
  return { path, text: await readFile(path, 'utf8'), displayPath: relative(ctx.cwd, path) || path }
}

/** Blobs only, for later reuse: nothing a tag points to is written. */
async function pushBlobs(built: BuildResult, store: Store): Promise<number> {
  const blobs = new Map<string, Descriptor>()
  const walk = async (digest: string): Promise<void> => {
    const m = await built.layout.getManifest(digest)
    const parsed = parseManifest(m.bytes, digest)
    if (isIndexType(m.mediaType))
      for (const c of (parsed as ImageIndex).manifests) await walk(c.digest)
    else
      for (const b of [(parsed as ImageManifest).config, ...(parsed as ImageManifest).layers])
        blobs.set(b.digest, b)
  }
  await walk(built.descriptor.digest)
  let uploaded = 0
  await mapLimit([...blobs.values()], 4, async (b) => {
    const from =
      (await built.layout.hasBlob(b.digest)) || !built.baseStore ? built.layout : built.baseStore
    if ((await store.putBlob(from.blobSource(b))) !== 'exists') uploaded++
  })
  return uploaded
}

/** The image `compare-to` names now: an environment's current digest, or a reference. */
async function currentImage(
  config: Config,
  ctx: CommandContext,
  store: Store,
): Promise<{ label: string; facts?: ImageFacts }> {
  const target = config.compareTo
  if (!target) return { label: 'nothing' }
  if (target.kind === 'environment') {
    const opened = await openLedger(config, ctx)
    try {
      const digest = opened
        ? (await readEnvironment(opened.ledger, target.environment)).current?.digest
        : (await store.headManifest(target.environment))?.digest
      return {
        label: target.environment,
        facts: digest ? await readImageFacts(store, digest) : undefined,
      }
    } finally {
      await opened?.close()
    }
  }
  const other = await openTarget({ ...config, image: target.image }, ctx)
  const ref =
    target.image.kind === 'registry'
      ? (target.image.ref.digest ?? target.image.ref.tag)
      : target.image.layout.tag
  const found = ref ? await other.headManifest(ref) : undefined
  return {
    label: ref ?? describeTarget({ ...config, image: target.image }),
    facts: found ? await readImageFacts(other, found.digest) : undefined,
  }
}

/**
 * `check` (pull requests): builds like `release` but moves nothing: no tag, no manifest, and
 * blobs only with `push: true`. Lints unpinned bases, optionally proves the build reproducible,
 * and writes the plan against `compare-to` to the summary and one updated PR comment.
 */
export async function check(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const phases: Record<string, number> = {}
  const context = isAbsolute(config.context) ? config.context : resolve(ctx.cwd, config.context)
  const facts = await readCommit({ cwd: context, env: ctx.env, outputs: targetFolders(config) })
  if (facts.dirtyPaths.length)
    ctx.logger.warning(
      `the working tree has ${facts.dirtyPaths.length} uncommitted change(s); the plan includes them`,
    )
  applyPinPolicy(
    unpinnedBases({
      dockerfile: await dockerfileFor(config, ctx, context),
      base: config.base,
      buildArgs: { ...config.buildArgs },
    }),
    config.pinBase,
    ctx.logger,
  )

  const store = await openTarget(config, ctx, { create: config.image.kind === 'layout' })
  const { plan } = await planReleaseTags(store, {
    commit: facts.commit,
    ref: facts.ref,
    extra: [...config.tags],
  })
  const workDirs: string[] = []
  const workDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(ctx.tmpdir ?? tmpdir(), 'immutable-release-check-'))
    workDirs.push(dir)
    return dir
  }
  try {
    const built = await timed(phases, 'build', ctx, async () =>
      buildImage(config, ctx, context, facts, plan, await workDir()),
    )
    ctx.logger.info(`planned digest ${built.descriptor.digest}`)
    let reproducible: { ok: boolean; digests: string[] } | undefined
    if (config.verifyReproducible) {
      const again = await timed(phases, 'rebuild', ctx, async () =>
        buildImage(config, ctx, context, facts, plan, await workDir()),
      )
      reproducible = {
        ok: again.descriptor.digest === built.descriptor.digest,
        digests: [built.descriptor.digest, again.descriptor.digest],
      }
      ctx.logger.info(
        `reproducible: ${reproducible.ok ? 'yes' : 'NO'} (${reproducible.digests.join(' vs ')})`,
      )
    }
    if (config.push) {
      const uploaded = await timed(phases, 'push', ctx, () => pushBlobs(built, store))
      ctx.logger.info(`pushed ${uploaded} blob(s) for reuse; no tag or manifest written`)
    }
    const current = await currentImage(config, ctx, store)
    const next = await readImageFacts(built.layout, built.descriptor.digest)
    const markdown = renderPlan({
      compareTo: current.label,
      current: current.facts,
      next,
      tags: plan.tags,
      gates: GATES,
      reproducible,
    })
    const pull = pullRequestNumber(ctx.env)
    if (config.comment && config.githubToken && pull !== undefined && ctx.env.GITHUB_REPOSITORY) {
      const c = await upsertPullRequestComment(
        {
          apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
          token: config.githubToken,
          repository: ctx.env.GITHUB_REPOSITORY,
        },
        pull,
        markdown,
      )
      ctx.logger.info(`${c.created ? 'created' : 'updated'} the plan comment on #${pull}`)
    } else if (config.comment) {
      ctx.logger.warning(
        'comment is true, but there is no pull request number, token or repository: the plan is in the summary only',
      )
    }
    if (reproducible && !reproducible.ok) {
      throw new ReleaseError(
        'NOT_REPRODUCIBLE',
        `two builds of the same commit gave different digests: ${reproducible.digests.join(' and ')}`,
        {
          hint: 'something in the build depends on the time or the machine (a RUN step writing the date, an unpinned download); the plan is in the summary',
        },
      )
    }
    return {
      outputs: {
        digest: built.descriptor.digest,
        image: `${describeTarget(config)}@${built.descriptor.digest}`,
        tags: plan.tags.join('\n'),
        plan: markdown,
      },
      summary: markdown,
    }
  } finally {
    for (const dir of workDirs) await rm(dir, { recursive: true, force: true })
  }
}
