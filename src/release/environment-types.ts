/** The environment file (DESIGN §3): `environments/<env>.json` on the ledger branch. */

/** One move of an environment's pointer. */
export interface Placement {
  digest: string
  /** The release commit of that digest, from its release record, when known. */
  commit?: string
  version?: string
  /** RFC 3339: when this placement was made. */
  at: string
  /** Who made it: the GitHub actor, or the local user. */
  by: string
  runUrl?: string
  kind: 'promote' | 'rollback'
  /** For a rollback: the digest that was current before it. */
  rolledBackFrom?: string
  reason?: string
}

export interface Hold {
  by: string
  at: string
  reason?: string
}

export interface BadMark {
  digest: string
  by: string
  at: string
  reason?: string
}

export interface EnvironmentState {
  schemaVersion: 1
  environment: string
  current?: Placement
  previous?: Placement
  /** Newest first, bounded (default 100). */
  history: Placement[]
  /** While set, only rollback and unhold may change the environment. */
  hold?: Hold
  /** Digests no promote or rollback may point this environment to. */
  bad: BadMark[]
}
