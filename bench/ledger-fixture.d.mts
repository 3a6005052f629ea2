export declare const FIXTURE_ENVIRONMENTS: readonly string[]

/** The digest of fixture release `n`. */
export declare function fixtureDigest(n: number): string

export interface FixturePlacement {
  digest: string
  commit: string
  version: string
  at: string
  by: string
  kind: 'promote'
}

export declare function writeDeepLedger(
  gitDir: string,
  options: {
    commits: number
    branch?: string
    bound?: number
    spillEvery?: number
    start?: number
    step?: number
    /** The digest of the last release, which every environment ends on (e.g. a real image). */
    lastDigest?: string
  },
): Promise<{
  head: string
  archived: Record<string, { count: number; oldest?: FixturePlacement }>
}>
