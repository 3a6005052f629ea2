import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { eventFacts } from '../src/event.js'

describe('the event payload', () => {
  const work = mkdtempSync(join(tmpdir(), 'event-'))
  let n = 0
  const payload = (body: string) => {
    const path = join(work, `event-${n++}.json`)
    writeFileSync(path, body)
    return { GITHUB_EVENT_PATH: path }
  }

  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('takes the head, the number, the default branch and the visibility of a pull_request event', () => {
    const env = payload(
      JSON.stringify({
        number: 7,
        pull_request: { number: 7, head: { sha: 'a'.repeat(40) } },
        repository: { default_branch: 'trunk', visibility: 'internal', private: true },
      }),
    )
    expect(eventFacts(env)).toEqual({
      pullRequestHead: 'a'.repeat(40),
      number: 7,
      defaultBranch: 'trunk',
      visibility: 'internal',
    })
  })

  it('reads visibility from `private` on payloads without it, and an issue number without a pull request', () => {
    expect(eventFacts(payload('{"number":3,"repository":{"private":false}}'))).toEqual({
      number: 3,
      visibility: 'public',
    })
    expect(eventFacts(payload('{"repository":{"private":true}}'))).toEqual({
      visibility: 'private',
    })
  })

  it.each([
    ['no file named', {}],
    ['a missing file', { GITHUB_EVENT_PATH: join(work, 'absent.json') }],
    ['not JSON', 'not json'],
    ['a list', '[1,2]'],
    ['null', 'null'],
    [
      'fields of the wrong type',
      JSON.stringify({
        number: '7',
        pull_request: { number: -1, head: { sha: 42 } },
        repository: { default_branch: ['main'], visibility: 1, private: 'yes' },
      }),
    ],
    ['nested values that are not objects', '{"pull_request":"x","repository":[{}]}'],
    ['a number past the safe integers', '{"number":9007199254740993}'],
  ])('gives no facts for %s', (_, input) => {
    const env = typeof input === 'string' ? payload(input) : input
    expect(eventFacts(env)).toEqual({})
  })
})
