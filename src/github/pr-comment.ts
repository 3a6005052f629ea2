/**
 * One comment on a pull request that the action keeps up to date (the release plan): found again
 * by a hidden marker line, rewritten in place on each run, never duplicated. Like the deployments
 * view it converges: a run whose text is already there writes nothing.
 */
import { ReleaseError } from '../errors.js'
import {
  GitHubApiError,
  openGitHubApi,
  type GitHubApiOptions,
  type GitHubTarget,
} from './octokit.js'
import { eventFacts, positiveInteger } from '../event.js'

export const PLAN_COMMENT_MARKER = '<!-- immutable-release:plan -->'
/** GitHub refuses a comment longer than 65,536 characters; stay well below. */
export const COMMENT_BODY_MAX = 60_000

export interface PullRequestCommentResult {
  id: number
  /** False when the marked comment already existed (updated, or already right). */
  created: boolean
}

interface ApiComment {
  id: number
  body?: string | null
}

// 100 per page: ten thousand comments is more than any pull request worth reading.
const MAX_PAGES = 100

export async function upsertPullRequestComment(
  target: GitHubTarget,
  pull: number,
  body: string,
  marker = PLAN_COMMENT_MARKER,
  options: GitHubApiOptions = {},
): Promise<PullRequestCommentResult> {
  if (!Number.isSafeInteger(pull) || pull < 1) {
    throw new ReleaseError('INTERNAL', `'${pull}' is not a pull request number`)
  }
  if (marker.trim() === '' || /[\r\n]/.test(marker) || marker.length > 1000) {
    throw new ReleaseError('INTERNAL', 'a comment marker is one short non-blank line')
  }
  const api = await openGitHubApi(target, options, {
    needs: 'comment on pull requests',
    permission: 'pull-requests: write',
    may: 'comment on pull requests of',
  })
  const text = commentBody(body, marker)

  const { owner, repo } = api
  const existing = await api.call(`listing the comments of #${pull}`, async (o) => {
    let found: ApiComment | undefined
    let page = 0
    const pages = o.paginate.iterator(o.rest.issues.listComments, {
      owner,
      repo,
      issue_number: pull,
      per_page: 100,
    })
    for await (const { data } of pages) {
      if (++page > MAX_PAGES) {
        throw new GitHubApiError(
          `pull request #${pull} has more than ${MAX_PAGES * 100} comments`,
          {},
        )
      }
      const list = data as unknown
      if (!Array.isArray(list) || list.some((c: ApiComment) => typeof c?.id !== 'number')) {
        throw new GitHubApiError(`listing the comments of #${pull} gave no list of comments`, {})
      }
      for (const comment of list as ApiComment[]) {
        // The newest wins when an earlier run (or a race) left several.
        if (comment.body?.includes(marker) && (!found || comment.id > found.id)) found = comment
      }
    }
    return found
  })

  if (existing) {
    if (normalize(existing.body ?? '') === normalize(text)) {
      api.log(`comment ${existing.id} on #${pull} is already up to date`)
      return { id: existing.id, created: false }
    }
    const updated = await api.call(`updating comment ${existing.id}`, async (o) => {
      const res = await o.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing.id,
        body: text,
      })
      return res.data as Partial<ApiComment> | undefined
    })
    if (typeof updated?.id !== 'number') {
      throw new GitHubApiError(`GitHub did not update comment ${existing.id} on #${pull}`, {})
    }
    api.log(`updated comment ${existing.id} on #${pull}`)
    return { id: existing.id, created: false }
  }

  const created = await api.call(`commenting on #${pull}`, async (o) => {
    const res = await o.rest.issues.createComment({ owner, repo, issue_number: pull, body: text })
    return res.data as Partial<ApiComment> | undefined
  })
  if (typeof created?.id !== 'number') {
    throw new GitHubApiError(`GitHub created no comment on #${pull}`, {})
  }
  api.log(`created comment ${created.id} on #${pull}`)
  return { id: created.id, created: true }
}

/** The marker as the first line, and the whole capped at COMMENT_BODY_MAX characters. */
export function commentBody(body: string, marker = PLAN_COMMENT_MARKER): string {
  const firstLine = body.split(/\r?\n/, 1)[0]
  const full = firstLine === marker ? body : `${marker}\n${body}`
  if (full.length <= COMMENT_BODY_MAX) return full
  const note = (shown: number) =>
    `\n\n… (truncated: ${shown} of ${full.length} characters shown; the job log has the rest)`
  let cut = COMMENT_BODY_MAX - note(COMMENT_BODY_MAX).length
  // Never split a surrogate pair.
  const code = full.charCodeAt(cut - 1)
  if (code >= 0xd800 && code <= 0xdbff) cut--
  return `${full.slice(0, cut)}${note(cut)}`
}

/**
 * The pull request a run is about: the event payload's number for pull_request and
 * pull_request_target events, else a `refs/pull/<n>/merge` GITHUB_REF; undefined otherwise.
 */
export function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  const event = env.GITHUB_EVENT_NAME
  if (event === 'pull_request' || event === 'pull_request_target') {
    const { number } = eventFacts(env)
    if (number !== undefined) return number
  }
  const m = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(env.GITHUB_REF ?? '')
  return m ? positiveInteger(Number(m[1])) : undefined
}

/** GitHub may hand a body back with CRLF line ends. */
function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n')
}
