import type { Platform } from '../oci/types.js'
import type { ChangeLog } from '../release/changelog.js'

/** What a release wrote (or found already written), read back from the target so re-runs match. */
export interface ReleaseFacts {
  image: string
  digest: string
  mediaType: string
  tags: string[]
  platforms: Platform[]
  /** This run's Dockerfile build cache use; none when nothing was built. */
  buildCache?: { ref: string; cached: string[]; ran: string[] }
  size: number
  builder: string
  base?: { name: string; digest: string }
  commit: string
  /** The commit's tree, or for a dirty build the working tree's that was built. */
  tree: string
  /** Built from uncommitted changes (allow-dirty): tagged `sha-<commit>-dirty-<tree>` only. */
  dirty?: boolean
  version?: string
  sourceDateEpoch: number
  skipped: boolean
  blobs: { uploaded: number; mounted: number; exists: number }
  signatures: string[]
  provenance?: string
  record?: string
  /** The commits since the previous release; absent when they could not be read. */
  changes?: ChangeLog
  /** Signatures, provenance and record written by this run (0 when all were there). */
  attestationsWritten: number
  phases: Record<string, number>
}
