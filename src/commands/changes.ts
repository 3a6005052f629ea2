/**
 * The change log's ties to a command run: GitHub's history when a token and repository are at
 * hand, a warning instead of a failure when the log cannot be made, and its markdown.
 */
import type { Config } from '../config.js'
import { cell, code, link } from '../markdown.js'
import type { ChangeLog, RemoteHistory } from '../release/changelog.js'
import type { CommandContext } from './context.js'
import type { RunLinks } from './links.js'

/** Opened on first use: most change logs come from local git and never call GitHub. */
export function remoteHistory(config: Config, ctx: CommandContext): RemoteHistory | undefined {
  const repository = ctx.env.GITHUB_REPOSITORY
  const open = ctx.githubHistory
  if (!open || !config.githubToken || !repository) return undefined
  let opened: Promise<RemoteHistory> | undefined
  const api = () =>
    (opened ??= open(
      {
        apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
        token: config.githubToken!,
        repository,
      },
      { log: (m) => ctx.logger.info(m) },
    ))
  return {
    compare: async (base, head, limit) => (await api()).compare(base, head, limit),
    ancestors: async (head, page) => (await api()).ancestors(head, page),
  }
}

/** A change log is a report: when it cannot be made, the release or promote goes on without. */
export async function changeLogOrWarn(
  ctx: CommandContext,
  what: string,
  make: () => Promise<ChangeLog>,
): Promise<ChangeLog | undefined> {
  try {
    return await make()
  } catch (e) {
    ctx.logger.warning(`no change log for ${what}: ${e instanceof Error ? e.message : String(e)}`)
    return undefined
  }
}

/** The list under a summary's table, newest first. */
export function changesSection(title: string, log: ChangeLog, links?: RunLinks): string {
  if (log.commits.length === 0) return ''
  const commit = (sha: string) =>
    links ? link(sha.slice(0, 7), links.commit(sha)) : code(sha.slice(0, 7))
  return [
    `#### ${title}`,
    '',
    ...log.commits.map(
      (c) => `- ${commit(c.commit)} ${cell(c.subject)}${c.author ? ` (${cell(c.author)})` : ''}`,
    ),
    ...(log.more > 0 ? [`- … and ${log.more} more`] : []),
    '',
  ].join('\n')
}
