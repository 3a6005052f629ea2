import type { Store } from '../oci/store.js'
import { refuseReleaseTag } from '../release/names.js'
import { RECORD_ARTIFACT_TYPE } from '../release/record.js'
import { planTags, type TagPlan } from '../release/tags.js'
import { readReferrers } from '../sign/referrer.js'

/**
 * The tags a release or merge writes, from the registry's tags as they stand. Beyond planTags'
 * rules, an extra tag already in the registry must have been a release's: an environment that
 * promote moved once has no `X-previous` yet, but the image it points at was released under other
 * tags (its record says which), so the tag was placed by promote. Reads before any write.
 */
export async function planReleaseTags(
  store: Store,
  input: Omit<Parameters<typeof planTags>[0], 'existingTags'>,
): Promise<{ existingTags: string[]; plan: TagPlan }> {
  const existingTags = await store.listTags()
  const plan = planTags({ ...input, existingTags })
  const extra = new Set(input.extra.map((t) => t.trim()))
  const moving = plan.tags.filter((t) => extra.has(t) && existingTags.includes(t))
  await Promise.all(moving.map((tag) => checkPlacedByRelease(store, tag)))
  return { existingTags, plan }
}

async function checkPlacedByRelease(store: Store, tag: string): Promise<void> {
  const at = await store.headManifest(tag)
  if (!at) return
  // A guard, not a gate: referrers it cannot read must not stop a release.
  const records = await readReferrers(store, at.digest, RECORD_ARTIFACT_TYPE).catch(() => [])
  const releasedAs = records.map((r) => tagsOf(r.blob))
  // No record (another tool tagged it) or one without tags: not ours to judge.
  if (releasedAs.length === 0 || releasedAs.some((tags) => !tags || tags.includes(tag))) return
  const names = [...new Set(releasedAs.flat())].join(', ')
  refuseReleaseTag(
    tag,
    `it is an environment (${tag} points at ${at.digest}, released as ${names}, so promote placed it); only promote and rollback move it`,
  )
}

function tagsOf(blob: Buffer): string[] | undefined {
  try {
    const tags = (JSON.parse(blob.toString('utf8')) as { tags?: unknown }).tags
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : undefined
  } catch {
    return undefined
  }
}
