/**
 * GitHub Deployments as a second projection of the ledger (DESIGN.md §3): after a ledger commit
 * the environment's deployment view is rewritten so that only the ledger's current digest shows
 * as the active deployment. It is a view, never a source of truth, so it is safe to re-run and it
 * converges: a re-run that finds the view already right writes nothing.
 */
import { ReleaseError, UserError } from '../errors.js'
import {
  GitHubApiError,
  isHttpUrl,
  openGitHubApi,
  type GitHubApi,
  type GitHubApiOptions,
  type GitHubTarget,
} from './octokit.js'

export { GitHubApiError }

export type DeploymentTarget = GitHubTarget

export interface DeploymentMove {
  environment: string
  /** The release commit sha (or the digest when the commit is unknown). */
  ref: string
  digest: string
  /** repo@digest */
  image: string
  environmentUrl?: string
  /** The run URL. */
  logUrl?: string
  description: string
  production: boolean
}

export type DeploymentOptions = GitHubApiOptions

export interface DeploymentResult {
  /** The deployment that now shows the digest as active. */
  id: number
  /** Older deployments this call marked inactive. */
  inactivated: number[]
  /** False when an existing deployment of the digest was reused. */
  created: boolean
}

/** Only the newest few matter: older ones were made inactive when they were superseded. */
const LOOKBACK = 10
// GitHub refuses a status description longer than this with a 422.
const STATUS_DESCRIPTION_MAX = 140
// A deployment of the digest left in these states was cut short (e.g. a killed job) and can be
// finished instead of duplicated.
const UNFINISHED = new Set(['pending', 'queued', 'in_progress'])

interface ApiDeployment {
  id: number
  payload?: unknown
}

export async function projectDeployment(
  target: DeploymentTarget,
  move: DeploymentMove,
  options: DeploymentOptions = {},
): Promise<DeploymentResult> {
  checkMove(move)
  const api = await openGitHubApi(target, options, {
    needs: 'write GitHub deployments',
    permission: 'deployments: write',
    may: 'write deployments to',
  })
  const env = move.environment
  const { owner, repo } = api
  const existing = (await api.call(`listing the deployments of '${env}'`, async (o) => {
    const res = await o.rest.repos.listDeployments({
      owner,
      repo,
      environment: env,
      per_page: LOOKBACK,
    })
    return res.data as unknown
  })) as ApiDeployment[]
  if (!Array.isArray(existing) || existing.some((d) => typeof d?.id !== 'number')) {
    throw new GitHubApiError(`listing the deployments of '${env}' gave no list of deployments`, {})
  }

  let current: number | undefined
  let created = false
  const newest = existing[0]
  if (newest && payloadDigest(newest.payload) === move.digest) {
    const state = await latestState(api, newest.id)
    if (state === 'success') {
      api.log(`deployment ${newest.id} of '${env}' already shows ${move.digest}`)
      current = newest.id
    } else if (state === undefined || UNFINISHED.has(state)) {
      api.log(`finishing deployment ${newest.id} of '${env}' (${state ?? 'no status yet'})`)
      await postSuccess(api, newest.id, move)
      current = newest.id
    }
    // failure, error or inactive: that attempt is over; a new deployment records this one.
  }

  if (current === undefined) {
    const deployment = (await api.call(`creating a deployment of '${env}'`, async (o) => {
      const res = await o.rest.repos.createDeployment({
        owner,
        repo,
        ref: move.ref,
        environment: env,
        description: move.description,
        // Both keep GitHub from merging the default branch or waiting on checks (202 / 409):
        // the digest is already built and gated, the view only records it.
        auto_merge: false,
        required_contexts: [],
        payload: { digest: move.digest, image: move.image },
        production_environment: move.production,
        transient_environment: false,
      })
      return res.data as unknown
    })) as (Partial<ApiDeployment> & { message?: string }) | undefined
    if (typeof deployment?.id !== 'number') {
      const why = typeof deployment?.message === 'string' ? `: ${deployment.message}` : ''
      throw new GitHubApiError(`GitHub created no deployment for '${env}'${why}`, {})
    }
    current = deployment.id
    created = true
    await postSuccess(api, current, move)
    api.log(`deployment ${current} of '${env}' shows ${move.digest}`)
  }

  // Read after the success status, so what GitHub's auto_inactive already did is not repeated.
  // auto_inactive skips production environments, hence the explicit pass over all of them.
  const inactivated: number[] = []
  for (const old of existing) {
    if (old.id === current) continue
    if ((await latestState(api, old.id)) !== 'success') continue
    await api.call(`marking deployment ${old.id} inactive`, (o) =>
      o.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: old.id,
        state: 'inactive',
        description: clip(`superseded by ${move.digest}`),
        auto_inactive: false,
      }),
    )
    inactivated.push(old.id)
  }
  if (inactivated.length > 0) {
    api.log(`marked deployment(s) ${inactivated.join(', ')} of '${env}' inactive`)
  }
  return { id: current, inactivated, created }
}

async function postSuccess(api: GitHubApi, id: number, move: DeploymentMove): Promise<void> {
  await api.call(`writing the status of deployment ${id}`, (o) =>
    o.rest.repos.createDeploymentStatus({
      owner: api.owner,
      repo: api.repo,
      deployment_id: id,
      state: 'success',
      ...(move.environmentUrl ? { environment_url: move.environmentUrl } : {}),
      ...(move.logUrl ? { log_url: move.logUrl } : {}),
      description: clip(move.description),
      auto_inactive: true,
    }),
  )
}

/** Statuses are listed newest first; a deployment without any has no state yet. */
async function latestState(api: GitHubApi, id: number): Promise<string | undefined> {
  const statuses = await api.call(`reading the statuses of deployment ${id}`, async (o) => {
    const res = await o.rest.repos.listDeploymentStatuses({
      owner: api.owner,
      repo: api.repo,
      deployment_id: id,
      per_page: 1,
    })
    return res.data as unknown
  })
  return Array.isArray(statuses)
    ? (statuses[0] as { state?: string } | undefined)?.state
    : undefined
}

/** Deployments created with a string payload come back as that string. */
function payloadDigest(payload: unknown): string | undefined {
  let value = payload
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return undefined
    }
  }
  if (value === null || typeof value !== 'object') return undefined
  const digest = (value as { digest?: unknown }).digest
  return typeof digest === 'string' ? digest : undefined
}

function clip(text: string): string {
  return text.length <= STATUS_DESCRIPTION_MAX
    ? text
    : `${text.slice(0, STATUS_DESCRIPTION_MAX - 1)}…`
}

function checkMove(move: DeploymentMove): void {
  if (!move.environment)
    throw new UserError('INPUT_MISSING', 'no environment to deploy to', {
      input: 'environment',
    })
  if (!move.ref) throw new ReleaseError('INTERNAL', 'a deployment needs a ref')
  if (!move.digest) throw new ReleaseError('INTERNAL', 'a deployment needs a digest')
  if (move.environmentUrl !== undefined && !isHttpUrl(move.environmentUrl)) {
    throw new UserError('INPUT_INVALID', `'${move.environmentUrl}' is not an http(s) URL`, {
      input: 'environment-url',
      valid: 'an absolute http:// or https:// URL',
    })
  }
}
