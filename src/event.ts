import { readFileSync } from 'node:fs'

/**
 * What the action takes from the workflow's event payload (the file GITHUB_EVENT_PATH names).
 * A field is absent when the payload does not hold it in the expected type, or when there is no
 * payload to read (outside Actions, or an unreadable file): each caller has a fallback.
 */
export interface EventFacts {
  /** The pull request's head commit: on pull_request events GITHUB_SHA is the merge commit. */
  pullRequestHead?: string
  /** The pull request's number, else the event's own (issues, issue comments). */
  number?: number
  /** The repository's default branch. */
  defaultBranch?: string
  /** public, private or internal; from `private` on payloads without `visibility`. */
  visibility?: string
}

export function eventFacts(env: NodeJS.ProcessEnv): EventFacts {
  const path = env.GITHUB_EVENT_PATH
  if (!path) return {}
  let payload: unknown
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return {}
  }
  const event = objectOr(payload)
  const pr = objectOr(event.pull_request)
  const repository = objectOr(event.repository)
  const head = objectOr(pr.head).sha
  const facts: EventFacts = {}
  if (typeof head === 'string' && head) facts.pullRequestHead = head
  const number = positiveInteger(pr.number) ?? positiveInteger(event.number)
  if (number !== undefined) facts.number = number
  if (typeof repository.default_branch === 'string' && repository.default_branch)
    facts.defaultBranch = repository.default_branch
  if (typeof repository.visibility === 'string') facts.visibility = repository.visibility
  else if (typeof repository.private === 'boolean')
    facts.visibility = repository.private ? 'private' : 'public'
  return facts
}

function objectOr(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/** A whole number above zero that JSON can hold exactly, else undefined. */
export function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined
}
