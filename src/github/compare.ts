/**
 * The repository's history as GitHub knows it, for change logs made in a shallow clone:
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}` for the commits between two releases and
 * `GET /repos/{owner}/{repo}/commits?sha=` to walk back to the previous release.
 */
import type { RemoteCommit, RemoteHistory } from '../release/changelog.js'
import {
  GitHubApiError,
  openGitHubApi,
  type GitHubApiOptions,
  type GitHubTarget,
} from './octokit.js'

const PAGE = 100

/** What the entry points pass to commands as `githubHistory`. */
export type OpenGitHubHistory = (
  target: GitHubTarget,
  options?: GitHubApiOptions,
) => Promise<RemoteHistory>

interface ApiCommit {
  sha?: unknown
  parents?: { sha?: unknown }[]
  commit?: { message?: unknown; author?: { name?: unknown } | null }
  author?: { login?: unknown } | null
}

export const githubHistory: OpenGitHubHistory = async (target, options = {}) => {
  const api = await openGitHubApi(target, options, {
    needs: 'read the commits between releases from GitHub',
    permission: 'contents: read',
    may: 'read the contents of',
  })
  const { owner, repo } = api

  const comparePage = async (basehead: string, page: number) => {
    const data = await api.call(`comparing ${basehead}`, async (o) => {
      const res = await o.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead,
        per_page: PAGE,
        page,
      })
      return res.data as { total_commits?: unknown; commits?: unknown }
    })
    if (typeof data.total_commits !== 'number' || !Array.isArray(data.commits)) {
      throw new GitHubApiError(`comparing ${basehead} gave no list of commits`, {})
    }
    return { total: data.total_commits, commits: (data.commits as ApiCommit[]).map(toCommit) }
  }

  return {
    async compare(base, head, limit) {
      const basehead = `${base}...${head}`
      // Pages run oldest first; the newest `limit` are on the last pages.
      const first = await comparePage(basehead, 1)
      const total = first.total
      const last = Math.max(1, Math.ceil(total / PAGE))
      const firstWanted = Math.floor(Math.max(0, total - limit) / PAGE) + 1
      const pages: RemoteCommit[][] = []
      for (let page = firstWanted; page <= last; page++) {
        pages.push(page === 1 ? first.commits : (await comparePage(basehead, page)).commits)
      }
      const commits = pages.flat().reverse().slice(0, limit)
      return { commits, total }
    },
    async ancestors(head, page) {
      const data = await api.call(`listing the commits before ${head}`, async (o) => {
        const res = await o.rest.repos.listCommits({ owner, repo, sha: head, per_page: PAGE, page })
        return res.data as unknown
      })
      if (!Array.isArray(data)) {
        throw new GitHubApiError(`listing the commits before ${head} gave no list`, {})
      }
      return (data as ApiCommit[]).map(toCommit)
    },
  }
}

function toCommit(c: ApiCommit): RemoteCommit {
  if (typeof c?.sha !== 'string') throw new GitHubApiError('GitHub listed a commit without sha', {})
  const message = typeof c.commit?.message === 'string' ? c.commit.message : ''
  const name = c.commit?.author?.name
  const login = c.author?.login
  return {
    commit: c.sha,
    parents: (c.parents ?? []).map((p) => p?.sha).filter((s): s is string => typeof s === 'string'),
    subject: message.split('\n')[0]!.trim(),
    author: typeof name === 'string' ? name : typeof login === 'string' ? login : '',
  }
}
