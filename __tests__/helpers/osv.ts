import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

export const CRITICAL_V3 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
export const MEDIUM_V3 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'

/** One OSV advisory about one package, affected from `introduced` until `fixed`. */
export function advisory(
  id: string,
  ecosystem: string,
  name: string,
  range: { introduced?: string; fixed?: string; last_affected?: string },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const events: Record<string, string>[] = [{ introduced: range.introduced ?? '0' }]
  if (range.fixed) events.push({ fixed: range.fixed })
  if (range.last_affected) events.push({ last_affected: range.last_affected })
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem, name },
        ranges: [{ type: ecosystem === 'npm' ? 'SEMVER' : 'ECOSYSTEM', events }],
      },
    ],
    ...extra,
  }
}

/** Writes each advisory as `<dir>/<ecosystem>/<id>.json`, as osv.dev's exports lay them out. */
export function writeAdvisories(dir: string, list: Record<string, unknown>[]): string {
  for (const a of list) {
    const eco = (a.affected as { package: { ecosystem: string } }[])[0]!.package.ecosystem
    const folder = join(dir, eco.replace(/[^A-Za-z0-9.]/g, '_'))
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, `${a.id as string}.json`), JSON.stringify(a))
  }
  return dir
}

export interface FakeOsvApi {
  url: string
  /** Every request, as `METHOD path`. */
  requests: string[]
  /** The queries of every querybatch call. */
  queries: { package: { name: string; ecosystem: string }; version: string }[][]
  stop(): Promise<void>
}

/**
 * Stands in for api.osv.dev (which this machine cannot reach): querybatch answers with the ids of
 * the advisories naming the package (the real API also checks versions; the client re-checks
 * them anyway), and /v1/vulns/<id> returns the advisory.
 */
export async function startFakeOsvApi(list: Record<string, unknown>[]): Promise<FakeOsvApi> {
  const requests: string[] = []
  const queries: FakeOsvApi['queries'] = []
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (req.method === 'POST' && req.url === '/v1/querybatch') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          queries: FakeOsvApi['queries'][number]
        }
        queries.push(body.queries)
        const results = body.queries.map((q) => {
          const vulns = list
            .filter((a) =>
              (a.affected as { package: { ecosystem: string; name: string } }[]).some(
                (x) =>
                  x.package.name === q.package.name &&
                  x.package.ecosystem.replace(/:LTS$/, '') ===
                    q.package.ecosystem.replace(/:LTS$/, ''),
              ),
            )
            .map((a) => ({ id: a.id, modified: a.modified }))
          return vulns.length ? { vulns } : {}
        })
        return send(200, { results })
      }
      const m = /^\/v1\/vulns\/(.+)$/.exec(req.url ?? '')
      const found = m && list.find((a) => a.id === decodeURIComponent(m[1]!))
      if (req.method === 'GET' && found) return send(200, found)
      send(404, { code: 5, message: 'Bug not found.' })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queries,
    stop: () => new Promise((r) => server.close(() => r())),
  }
}
