/**
 * The web address of this workflow run's attempt, from the runner's variables alone:
 * `<server>/<owner>/<repo>/actions/runs/<id>/attempts/<n>`. Provenance, the ledger, deployments
 * and summaries all name the same attempt: a re-run of a promote is another event than the first
 * try, and `actions/attest-build-provenance` records the same form. Undefined outside Actions or
 * when the variables are not what GitHub sets (the address is put into links and records).
 */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const id = env.GITHUB_RUN_ID
  const repository = repositoryOf(env)
  if (!id || !/^\d+$/.test(id) || !repository) return undefined
  return `${serverUrl(env)}/${repository}/actions/runs/${id}/attempts/${runAttempt(env)}`
}

/** GITHUB_RUN_ATTEMPT, 1 when the runner does not set it (older runners) or sets no number. */
export function runAttempt(env: NodeJS.ProcessEnv): number {
  const n = env.GITHUB_RUN_ATTEMPT
  return n && /^\d+$/.test(n) ? Number(n) : 1
}

/** GITHUB_REPOSITORY when it is `owner/name` as GitHub sets it; it goes into links. */
export function repositoryOf(env: NodeJS.ProcessEnv): string | undefined {
  const repository = env.GITHUB_REPOSITORY
  return repository && /^[\w.-]+\/[\w.-]+$/.test(repository) ? repository : undefined
}

/** GITHUB_SERVER_URL without a trailing slash; github.com outside Actions. */
export function serverUrl(env: NodeJS.ProcessEnv): string {
  return (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
}
