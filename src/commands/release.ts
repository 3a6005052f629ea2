import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, isAbsolute, join, resolve } from 'node:path'
import type { Builder, BuilderName, BuildResult } from '../builders/builder.js'
import { BuildahBuilder } from '../builders/buildah.js'
import { resolveBuildCache } from '../builders/cache.js'
import { CAVEAT_ANNOTATION, DockerBuilder } from '../builders/docker.js'
import { isoSeconds, NativeBuilder } from '../builders/native.js'
import { selectBuilder } from '../builders/select.js'
import type { Config } from '../config.js'
import { describeTarget, imageReference, openTarget, targetFolders } from './target.js'
import { copyImage, pointTags } from '../oci/copy.js'
import { isIndexType } from '../oci/media-types.js'
import { parseManifest } from '../oci/referrers.js'
import type { Store } from '../oci/store.js'
import type { Descriptor, ImageIndex, ImageManifest, Platform } from '../oci/types.js'
import type { ReleaseFacts } from './release-facts.js'
import { assertClean, readCommit, type CommitFacts } from '../release/git.js'
import { dirtyTag, workingTreeHash } from '../release/dirty.js'
import { assertCommitTagUnmoved, type TagPlan } from '../release/tags.js'
import type { CommandContext, CommandResult } from './context.js'
import { planReleaseTags } from './release-tags.js'
import { byteCounter, progressOf } from '../progress.js'
import { describeChanges, releaseChanges, type ChangeLog } from '../release/changelog.js'
import { changeLogOrWarn, remoteHistory } from './changes.js'
import { runLinks } from './links.js'
import { renderReleaseSummary } from './release-summary.js'
import { signerFrom, storeOnGitHub } from './signing.js'
import { attachAttestation, attachRecord, signSubject, type AttachContext } from '../sign/attach.js'
import type { BundleSigner } from '../sign/bundle-signer.js'
import { provenanceStatement, SLSA_PROVENANCE_V1 } from '../sign/provenance.js'
import { attachSboms } from '../sbom/attach-sbom.js'
import { CYCLONEDX_MEDIA_TYPE } from '../sbom/cyclonedx.js'
import {
  buildRecord,
  RECORD_ARTIFACT_TYPE,
  sameRelease,
  serializeRecord,
  type SignatureFormat,
} from '../release/record.js'

export const TREE_ANNOTATION = 'dev.immutable-release.tree'
export const BUILDER_ANNOTATION = 'dev.immutable-release.builder'
export const OCI = 'org.opencontainers.image'

export type { ReleaseFacts }

function builderFor(name: BuilderName): Builder {
  if (name === 'buildah') return new BuildahBuilder()
  if (name === 'docker') return new DockerBuilder()
  return new NativeBuilder()
}

export async function timed<T>(
  phases: Record<string, number>,
  name: string,
  ctx: CommandContext,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now()
  try {
    return await ctx.logger.group(name, work)
  } finally {
    phases[name] = Math.round(performance.now() - started)
  }
}

/** Annotations that name what was built from what; `created` is the commit time, never the clock. */
export function releaseAnnotations(
  facts: CommitFacts,
  plan: TagPlan,
  builder: string,
): Record<string, string> {
  const annotations: Record<string, string> = {
    [`${OCI}.created`]: isoSeconds(facts.commitTime),
    [`${OCI}.revision`]: facts.commit,
    [TREE_ANNOTATION]: facts.tree,
    [BUILDER_ANNOTATION]: builder,
  }
  if (facts.sourceUrl) {
    annotations[`${OCI}.source`] = facts.sourceUrl
    // From the source, never the destination: where the image goes must not change its digest.
    annotations[`${OCI}.title`] = basename(new URL(facts.sourceUrl).pathname)
  }
  if (plan.version) annotations[`${OCI}.version`] = plan.version
  return annotations
}

export interface StoredImage extends Pick<ReleaseFacts, 'platforms' | 'size' | 'mediaType'> {
  annotations: Record<string, string>
  /** The platform manifests of an index (with their platforms); empty for a single manifest. */
  children: Descriptor[]
}

export async function readBack(store: Store, root: Descriptor): Promise<StoredImage> {
  const fetched = await store.getManifest(root.digest)
  const m = parseManifest(fetched.bytes, `manifest ${root.digest}`)
  const imageSize = (im: ImageManifest, bytes: number): number =>
    bytes + im.config.size + im.layers.reduce((n, l) => n + l.size, 0)
  if (isIndexType(fetched.mediaType)) {
    const index = m as ImageIndex
    let size = fetched.bytes.length
    for (const child of index.manifests) {
      const c = await store.getManifest(child.digest)
      size += imageSize(parseManifest(c.bytes, child.digest) as ImageManifest, c.bytes.length)
    }
    return {
      mediaType: fetched.mediaType,
      platforms: index.manifests.map((d) => d.platform).filter((p): p is Platform => !!p),
      size,
      annotations: index.annotations ?? {},
      children: index.manifests,
    }
  }
  const manifest = m as ImageManifest
  const config = JSON.parse((await store.readBlob(manifest.config)).toString('utf8')) as Platform
  const platform: Platform = { architecture: config.architecture, os: config.os }
  if (config.variant) platform.variant = config.variant
  return {
    mediaType: fetched.mediaType,
    platforms: [platform],
    size: imageSize(manifest, fetched.bytes.length),
    annotations: manifest.annotations ?? {},
    children: [],
  }
}

/** Builds the context at the commit into an OCI layout under `workDir`, as release and check do. */
export async function buildImage(
  config: Config,
  ctx: CommandContext,
  context: string,
  facts: CommitFacts,
  plan: TagPlan,
  workDir: string,
): Promise<BuildResult> {
  const choice = await selectBuilder(
    config.builder,
    context,
    config.dockerfile && resolve(ctx.cwd, config.dockerfile),
  )
  ctx.logger.info(`builder: ${choice.name} (${choice.why})`)
  return builderFor(choice.name).build({
    context,
    dockerfile: choice.dockerfile,
    base: config.base,
    buildArgs: { ...config.buildArgs },
    target: config.target,
    secrets: { ...config.secrets },
    sourceDateEpoch: facts.commitTime,
    settings: {
      entrypoint: config.entrypoint && [...config.entrypoint],
      cmd: config.cmd && [...config.cmd],
      env: { ...config.env },
      workdir: config.workdir,
      user: config.user,
      ports: [...config.ports],
      labels: { ...labelsFrom(facts, plan), ...config.labels },
    },
    annotations: releaseAnnotations(facts, plan, choice.name),
    include: [...config.include],
    exclude: [...config.exclude],
    layers: config.layers && [...config.layers],
    // check builds to compare, never to publish: it reads the cache but leaves it as it was.
    cache: resolveBuildCache(config.cache, config.image, {
      write: config.command === 'release',
      env: ctx.env,
    }),
    credentials: ctx.credentials,
    insecureRegistries: [...config.insecureRegistries],
    onSecret: ctx.mask,
    workDir,
    logger: ctx.logger,
  })
}

/**
 * `release`: the checked-out commit becomes an image tagged `sha-<commit>` (never moved) and
 * its version tags. When that tag already names this commit and tree, nothing is built or
 * uploaded: the outputs are read back from the target, the same as the first run's.
 */
export async function release(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const phases: Record<string, number> = {}
  const context = isAbsolute(config.context) ? config.context : resolve(ctx.cwd, config.context)
  const facts = await timed(phases, 'source', ctx, async () => {
    const f = await readCommit({ cwd: context, env: ctx.env, outputs: targetFolders(config) })
    assertClean(f, config.allowDirty)
    ctx.logger.info(`commit ${f.commit} (tree ${f.tree}), committed ${isoSeconds(f.commitTime)}`)
    return dirtySource(f, context, ctx)
  })
  const signer = await signerFrom(config, ctx)
  const store = await openTarget(config, ctx, { create: true })
  const { existingTags, plan } = await planReleaseTags(store, {
    commit: facts.commit,
    ref: facts.ref,
    extra: [...config.tags],
    dirtyTree: facts.dirty ? facts.tree : undefined,
  })
  const changes = await changeLogOrWarn(ctx, `commit ${facts.commit}`, () =>
    releaseChanges({
      cwd: context,
      head: facts.commit,
      tags: existingTags,
      remote: remoteHistory(config, ctx),
    }),
  )
  if (changes) ctx.logger.info(`changes: ${describeChanges(changes)}`)

  const existing = existingTags.includes(plan.commitTag)
    ? await store.headManifest(plan.commitTag)
    : undefined
  let root: Descriptor
  let built: BuildResult | undefined
  let blobs = { uploaded: 0, mounted: 0, exists: 0 }
  let skipped = false
  const prior = existing && (await readBack(store, existing))
  if (
    existing &&
    prior?.annotations[`${OCI}.revision`] === facts.commit &&
    prior.annotations[TREE_ANNOTATION] === facts.tree
  ) {
    ctx.logger.info(
      `${plan.commitTag} already holds ${existing.digest} built from this commit and tree: nothing to build`,
    )
    root = existing
    skipped = true
  } else {
    const workDir = await mkdtemp(join(ctx.tmpdir ?? tmpdir(), 'immutable-release-'))
    try {
      built = await timed(phases, 'build', ctx, async () => {
        return buildImage(config, ctx, context, facts, plan, workDir)
      })
      root = built.descriptor
      ctx.logger.info(`built ${root.digest}`)
      // The guard runs before any write: a moved commit tag is refused with nothing pushed.
      assertCommitTagUnmoved(plan.commitTag, existing?.digest, root.digest)
      // No tags yet: until it is signed and recorded, the image is reachable by digest only.
      const pushed = byteCounter(progressOf(ctx.logger, 'push'), 'uploaded', { items: 'blobs' })
      const result = await timed(phases, 'push', ctx, () =>
        copyImage(built!.layout, store, built!.reference, {
          fallback: built!.baseStore,
          onBlob: (_digest, outcome, size) => pushed.add(outcome === 'uploaded' ? size : 0, 1),
        }),
      )
      pushed.done()
      blobs = result.stats.blobs
      ctx.logger.info(
        `blobs: ${blobs.uploaded} uploaded, ${blobs.mounted} mounted, ${blobs.exists} already there`,
      )
    } finally {
      await rm(workDir, { recursive: true, force: true })
    }
  }

  // A skipped build's image is the one read back above.
  const stored = skipped && prior ? prior : await readBack(store, root)
  const attached = await attach(config, ctx, phases, {
    store,
    root,
    stored,
    facts,
    plan,
    signer,
    changes,
  })
  await timed(phases, 'tag', ctx, () => writeTagsLast(store, plan, root, ctx))
  const a = stored.annotations
  const base =
    a[`${OCI}.base.name`] && a[`${OCI}.base.digest`]
      ? { name: a[`${OCI}.base.name`]!, digest: a[`${OCI}.base.digest`]! }
      : undefined
  const out: ReleaseFacts = {
    image: imageReference(config, root.digest),
    digest: root.digest,
    mediaType: stored.mediaType,
    tags: plan.tags,
    platforms: stored.platforms,
    size: stored.size,
    builder: a[BUILDER_ANNOTATION] ?? built?.builder ?? 'unknown',
    base,
    buildCache: built?.cacheUse,
    commit: facts.commit,
    tree: facts.tree,
    dirty: facts.dirty === true,
    version: plan.version,
    sourceDateEpoch: facts.commitTime,
    skipped,
    blobs,
    phases,
    changes,
    ...attached,
  }
  out.record = attached.record
  return {
    outputs: releaseOutputs(out),
    summary: renderReleaseSummary(out, describeTarget(config), runLinks(ctx.env)),
  }
}

/** What was built: the commit's facts, with the working tree's hash when it was dirty. */
export type SourceFacts = CommitFacts & { dirty?: boolean }

/**
 * With allow-dirty and uncommitted changes, the tree that is built is not the commit's: its hash
 * replaces the commit's tree (in annotations, tag and record) and the build is marked dirty.
 */
async function dirtySource(
  facts: CommitFacts,
  context: string,
  ctx: CommandContext,
): Promise<SourceFacts> {
  if (facts.dirtyPaths.length === 0) return facts
  const tree = await workingTreeHash(context, ctx.tmpdir, facts.outputSpecs)
  if (tree === facts.tree) return facts
  ctx.logger.warning(
    `allow-dirty: building ${facts.dirtyPaths.length} uncommitted change(s) as tree ${tree}; ` +
      `the image gets ${dirtyTag(facts.commit, tree)}, never sha-${facts.commit}, and promote ` +
      'refuses it unless allow-dirty is set there too',
  )
  return { ...facts, tree, dirty: true }
}

/**
 * The tags, last of all writes: a reader who finds a tag finds a signed, recorded image. The
 * commit tag is checked again, as another run may have written it since this one started.
 */
export async function writeTagsLast(
  store: Store,
  plan: TagPlan,
  root: Descriptor,
  ctx: CommandContext,
): Promise<void> {
  const now = await store.headManifest(plan.commitTag)
  assertCommitTagUnmoved(plan.commitTag, now?.digest, root.digest)
  for (const tag of await pointTags(store, plan.tags, root)) ctx.logger.info(`tagged ${tag}`)
}

interface AttachInput {
  store: Store
  root: Descriptor
  stored: StoredImage
  facts: SourceFacts
  plan: TagPlan
  signer?: BundleSigner
  changes?: ChangeLog
}

/**
 * Signatures (the image and each platform manifest), SLSA provenance, the SBOMs and the release
 * record. Each step keeps what is already there, so a re-run repairs only what a failed run missed.
 */
export async function attach(
  config: Config,
  ctx: CommandContext,
  phases: Record<string, number>,
  input: AttachInput,
): Promise<Pick<ReleaseFacts, 'signatures' | 'provenance' | 'record' | 'attestationsWritten'>> {
  const { store, root, stored, facts, plan, signer, changes } = input
  const repository = describeTarget(config)
  const created = isoSeconds(facts.commitTime)
  const a = stored.annotations
  const base =
    a[`${OCI}.base.name`] && a[`${OCI}.base.digest`]
      ? { name: a[`${OCI}.base.name`]!, digest: a[`${OCI}.base.digest`]! }
      : undefined
  const builder = a[BUILDER_ANNOTATION] ?? 'unknown'
  let written = 0
  const signatures: string[] = []
  let provenance: string | undefined
  const actx: AttachContext | undefined = signer && {
    store,
    repository,
    signer,
    format: config.signatureFormat,
    created,
  }
  if (actx) {
    await timed(phases, 'sign', ctx, async () => {
      for (const subject of [root, ...stored.children]) {
        const s = await signSubject(actx, {
          mediaType: subject.mediaType,
          digest: subject.digest,
          size: subject.size,
        })
        signatures.push(...s.references)
        written += s.written
      }
      ctx.logger.info(`signatures: ${signatures.length} (${written} new)`)
    })
    provenance = await timed(phases, 'provenance', ctx, async () => {
      const statement = provenanceStatement({
        subjects: [{ name: repository, digest: root.digest }],
        commit: facts.commit,
        ref: facts.ref,
        sourceUrl: facts.sourceUrl,
        baseImage: base,
        builder,
        env: ctx.env,
        inputs: provenanceInputs(config),
      })
      const p = await attachAttestation(actx, root, SLSA_PROVENANCE_V1, statement)
      if (p.added) written++
      ctx.logger.info(`provenance ${p.digest}${p.added ? '' : ' (already there)'}`)
      if (config.githubAttestations) await storeOnGitHub(config, ctx, store, root.digest, p.digest)
      return p.digest
    })
  } else {
    ctx.logger.warning(
      'no signing-key and keyless is false: the image is not signed and gets no provenance',
    )
  }
  const formats: SignatureFormat[] = !signer
    ? []
    : signer.keySigner
      ? config.signatureFormat === 'both'
        ? ['legacy', 'bundle']
        : [config.signatureFormat]
      : ['bundle']
  const identity = signer ? ((await signer.resolveIdentity?.()) ?? signer.identity) : null
  const sbom = config.sbom
    ? await timed(phases, 'sbom', ctx, () =>
        attachSboms({
          store,
          repository,
          subjects: stored.children.length ? stored.children : [root],
          annotations: a,
          // The context's lockfile describes the image only when the context is what was copied.
          context: builder === 'native' ? resolve(ctx.cwd, config.context) : undefined,
          created,
          sourceDateEpoch: facts.commitTime,
          signing: actx,
          logger: ctx.logger,
        }),
      )
    : undefined
  written += sbom?.written ?? 0
  const record = await timed(phases, 'record', ctx, async () => {
    const wanted = buildRecord({
      repository,
      digest: root.digest,
      mediaType: stored.mediaType,
      size: stored.size,
      platforms: stored.children.length
        ? stored.children.map((c) => ({ digest: c.digest, platform: c.platform ?? 'unknown' }))
        : [{ digest: root.digest, platform: stored.platforms[0] ?? 'unknown' }],
      tags: plan.tags,
      version: plan.version,
      source: facts,
      builder,
      base,
      sourceDateEpoch: facts.commitTime,
      reproducible: builder === 'native' ? true : null,
      caveat: a[CAVEAT_ANNOTATION],
      env: ctx.env,
      signature: { formats, identity, references: signatures },
      provenance: provenance ? { predicateType: SLSA_PROVENANCE_V1, digest: provenance } : null,
      sbom: sbom && { mediaType: CYCLONEDX_MEDIA_TYPE, digests: sbom.digests },
      changes,
    })
    // A re-run in another workflow run (or without a key) would differ only in `ci` or the
    // signature: the record already there stands for this release, and is kept.
    const equivalent = (found: Buffer): boolean => sameRelease(wanted, found, !!signer)
    const r = await attachRecord(
      actx ?? { store, repository, format: config.signatureFormat, created },
      root,
      RECORD_ARTIFACT_TYPE,
      serializeRecord(wanted),
      equivalent,
    )
    written += r.written
    ctx.logger.info(`record ${r.descriptor.digest}`)
    return r.descriptor.digest
  })
  return { signatures, provenance, record, attestationsWritten: written }
}

/** The inputs that shaped the build, for provenance; secrets and credentials never. */
function provenanceInputs(config: Config): Record<string, string> {
  return {
    builder: config.builder,
    context: config.context,
    dockerfile: config.dockerfile ?? '',
    base: config.base ?? '',
    target: config.target ?? '',
    workdir: config.workdir ?? '',
    'build-args': Object.keys(config.buildArgs).sort().join(','),
  }
}

function labelsFrom(facts: CommitFacts, plan: TagPlan): Record<string, string> {
  const labels: Record<string, string> = {
    [`${OCI}.created`]: isoSeconds(facts.commitTime),
    [`${OCI}.revision`]: facts.commit,
  }
  if (facts.sourceUrl) labels[`${OCI}.source`] = facts.sourceUrl
  if (plan.version) labels[`${OCI}.version`] = plan.version
  return labels
}

/** The outputs; `metadata` carries what docker/metadata-action users look for, and ours. */
export function releaseOutputs(r: ReleaseFacts): Record<string, string> {
  const repository = r.image.slice(0, r.image.lastIndexOf('@'))
  const metadata = {
    digest: r.digest,
    image: r.image,
    'image.name': repository,
    'containerimage.digest': r.digest,
    tags: r.tags.map((t) => `${repository}:${t}`),
    mediaType: r.mediaType,
    platforms: r.platforms.map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/')),
    size: r.size,
    builder: r.builder,
    base: r.base ?? null,
    commit: r.commit,
    tree: r.tree,
    ...(r.dirty ? { dirty: true } : {}),
    version: r.version ?? null,
    sourceDateEpoch: r.sourceDateEpoch,
    // Native builds are deterministic by construction; other builders are unverified until
    // `check --verify-reproducible` builds twice (null, not false: nothing showed a difference).
    reproducible: r.builder === 'native' ? true : null,
    signatures: r.signatures,
    provenance: r.provenance ?? null,
    'record-digest': r.record ?? null,
  }
  return {
    digest: r.digest,
    image: r.image,
    tags: r.tags.join('\n'),
    metadata: JSON.stringify(metadata),
    ...(r.record ? { 'record-digest': r.record } : {}),
  }
}
