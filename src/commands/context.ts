import type { Logger } from '../logger.js'
import type { StoreAttestation } from '../github/attestations.js'
import type { OpenGitHubHistory } from '../github/compare.js'
import type { Credentials } from '../oci/auth.js'

/** What a command hands back: the entries print outputs and the summary; commands never do. */
export interface CommandResult {
  outputs: Record<string, string>
  /** Markdown for the job summary (the action) or nothing (the CLI). */
  summary: string
  /** For a person at a terminal: printed on stdout by the CLI instead of `name=value` lines. */
  text?: string
  /**
   * The command ran and its outputs stand, but the run must fail (exit 1): scan's
   * fail-on-severity, whose SARIF output a later step still uploads.
   */
  failure?: string
}

/** What commands may use of the world: no command reads process.env or the cwd itself. */
export interface CommandContext {
  logger: Logger
  env: NodeJS.ProcessEnv
  cwd: string
  tmpdir?: string
  /** Registers a secret derived at run time (a registry token) so it never shows in logs. */
  mask: (value: string) => void
  credentials: (registry: string) => Promise<Credentials | undefined>
  /** GitHub's attestations API (`github-attestations`), given by the entry point. */
  storeAttestation?: StoreAttestation
  /** GitHub's history API, for change logs in a shallow clone; given by the entry point. */
  githubHistory?: OpenGitHubHistory
}
