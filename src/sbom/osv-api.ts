/**
 * OSV's API (https://google.github.io/osv.dev/api/): one `POST /v1/querybatch` per 1,000
 * packages answers which advisory ids affect them, then `GET /v1/vulns/<id>` fetches each
 * advisory once. The advisories land in the same index the offline files fill, so matching and
 * the fixed version are worked out the same way whichever the source.
 */
import { ReleaseError } from '../errors.js'
import { backoffMs, isRetryableStatus, retryAfterMs, sleep } from '../oci/http.js'
import { currentNetwork } from '../oci/network.js'
import type { AdvisoryIndex, ScanPackage } from './osv.js'

/** The API's own limit of queries per batch. */
const BATCH = 1000
const CONCURRENCY = 8

interface BatchAnswer {
  results?: { vulns?: { id: string }[]; next_page_token?: string }[]
}

interface Query {
  package: { name: string; ecosystem: string }
  version: string
  page_token?: string
}

/** The API's name of an ecosystem we key without its suffix: Ubuntu LTS releases carry `:LTS`. */
function apiEcosystem(ecosystem: string): string {
  return /^Ubuntu:\d+\.04$/.test(ecosystem) && Number(ecosystem.slice(7, 9)) % 2 === 0
    ? `${ecosystem}:LTS`
    : ecosystem
}

async function call(url: string, body?: unknown): Promise<unknown> {
  const { timeoutMs, retry } = currentNetwork()
  for (let attempt = 1; ; attempt++) {
    let res: Response | undefined
    let error: unknown
    try {
      res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (res.ok) return (await res.json()) as unknown
    } catch (e) {
      error = e
    }
    const transient = !res || isRetryableStatus(res.status)
    if (!transient || attempt >= retry.attempts) {
      throw new ReleaseError(
        'ADVISORIES_UNREACHABLE',
        `OSV API ${url}: ${res ? `HTTP ${res.status}` : (error as Error).message}`,
        {
          hint: 'check the advisories input, or scan offline from a folder or zip of OSV files',
          cause: error,
        },
      )
    }
    await sleep(
      backoffMs(attempt, retry, retryAfterMs(res?.headers.get('retry-after') ?? undefined)),
    )
  }
}

/** Asks the API about every package and adds the advisories it names to `index`. */
export async function loadAdvisoriesFromApi(
  base: string,
  packages: ScanPackage[],
  index: AdvisoryIndex,
): Promise<{ queries: number; fetched: number }> {
  const root = base.replace(/\/+$/, '')
  const seen = new Set<string>()
  const queries: Query[] = []
  for (const p of packages) {
    const q = {
      package: { name: p.match.name, ecosystem: apiEcosystem(p.ecosystems[0]!) },
      version: p.match.version,
    }
    const k = JSON.stringify(q)
    if (!seen.has(k)) {
      seen.add(k)
      queries.push(q)
    }
  }
  const ids = new Set<string>()
  let pending = queries
  while (pending.length) {
    const more: Query[] = []
    for (let i = 0; i < pending.length; i += BATCH) {
      const batch = pending.slice(i, i + BATCH)
      const answer = (await call(`${root}/v1/querybatch`, { queries: batch })) as BatchAnswer
      answer.results?.forEach((r, j) => {
        for (const v of r.vulns ?? []) if (typeof v.id === 'string') ids.add(v.id)
        if (r.next_page_token) more.push({ ...batch[j]!, page_token: r.next_page_token })
      })
    }
    pending = more
  }
  const wanted = [...ids].filter((id) => !index.has(id)).sort()
  let next = 0
  const worker = async () => {
    while (next < wanted.length) {
      const id = wanted[next++]!
      index.add(await call(`${root}/v1/vulns/${encodeURIComponent(id)}`))
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return { queries: queries.length, fetched: wanted.length }
}
