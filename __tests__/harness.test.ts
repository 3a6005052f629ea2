import { afterAll, describe, expect, it } from 'vitest'
import { startRecordingServer, type RecordingServer } from './helpers/blob-host.js'
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'htpasswd', 'openssl')
const TIMEOUT = 30_000

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe.skipIf(!ok)('test harness', () => {
  const cleanups: (() => Promise<void>)[] = []
  const registries: Partial<Record<'none' | 'htpasswd' | 'token', TestRegistry>> = {}
  afterAll(async () => {
    // Proxies before registries: they hold keep-alive sockets to them.
    for (const stop of cleanups.reverse()) await stop()
  })

  async function registry(mode: 'none' | 'htpasswd' | 'token'): Promise<TestRegistry> {
    const existing = registries[mode]
    if (existing) return existing
    const started = await startRegistry(mode)
    registries[mode] = started
    cleanups.push(() => started.stop())
    return started
  }

  it('serves /v2/ without auth in mode none', { timeout: TIMEOUT }, async () => {
    const reg = await registry('none')
    const res = await fetch(`http://${reg.host}/v2/`)
    expect(res.status).toBe(200)
    await reg.settle()
    expect(reg.logLines().some((line) => line.includes('"GET /v2/ HTTP'))).toBe(true)
  })

  it('demands Basic credentials in htpasswd mode', { timeout: TIMEOUT }, async () => {
    const reg = await registry('htpasswd')
    const anonymous = await fetch(`http://${reg.host}/v2/`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /)
    const authed = await fetch(`http://${reg.host}/v2/`, {
      headers: { authorization: basic(reg.username ?? '', reg.password ?? '') },
    })
    expect(authed.status).toBe(200)
  })

  it('accepts tokens from the token server in token mode', { timeout: TIMEOUT }, async () => {
    const reg = await registry('token')
    const tokenServer = reg.token
    if (!tokenServer) throw new Error('token mode must start a token server')

    const challenge = await fetch(`http://${reg.host}/v2/`)
    expect(challenge.status).toBe(401)
    const header = challenge.headers.get('www-authenticate') ?? ''
    expect(header).toContain(`Bearer realm="${tokenServer.url}"`)
    expect(header).toContain('service="test-registry"')

    const url = new URL(tokenServer.url)
    url.searchParams.set('service', 'test-registry')
    url.searchParams.append('scope', 'repository:demo/app:pull,push')
    const wrong = await fetch(url, { headers: { authorization: basic('tester', 'nope') } })
    expect(wrong.status).toBe(401)

    const tokenRes = await fetch(url, {
      headers: { authorization: basic(reg.username ?? '', reg.password ?? '') },
    })
    expect(tokenRes.status).toBe(200)
    const body = (await tokenRes.json()) as {
      token: string
      access_token: string
      expires_in: number
    }
    expect(body.access_token).toBe(body.token)
    expect(body.expires_in).toBeGreaterThanOrEqual(60)
    expect(tokenServer.requests.at(-1)).toMatchObject({
      scopes: ['repository:demo/app:pull,push'],
      user: reg.username,
      status: 200,
    })

    const bearer = { authorization: `Bearer ${body.token}` }
    const base = await fetch(`http://${reg.host}/v2/`, { headers: bearer })
    expect(base.status).toBe(200)
    // The access claim must be honoured too, not just the signature.
    const upload = await fetch(`http://${reg.host}/v2/demo/app/blobs/uploads/`, {
      method: 'POST',
      headers: bearer,
    })
    expect(upload.status).toBe(202)
    const otherRepo = await fetch(`http://${reg.host}/v2/demo/other/blobs/uploads/`, {
      method: 'POST',
      headers: bearer,
    })
    expect(otherRepo.status).toBe(401)
  })

  it('injects faults and forwards through the proxy', { timeout: TIMEOUT }, async () => {
    const reg = await registry('none')
    const proxy: FaultProxy = await startFaultProxy(reg.host)
    cleanups.push(() => proxy.stop())

    proxy.setFaults({ rate: 1, kinds: [503] })
    const faulted = await fetch(`http://${proxy.host}/v2/`)
    expect(faulted.status).toBe(503)
    expect(await faulted.json()).toEqual({
      errors: [{ code: 'UNAVAILABLE', message: 'injected' }],
    })

    proxy.setFaults({ rate: 0, kinds: [503] })
    const forwarded = await fetch(`http://${proxy.host}/v2/`)
    expect(forwarded.status).toBe(200)
    await forwarded.arrayBuffer()

    // Location headers must point back at the proxy so follow-up requests stay observable.
    const upload = await fetch(`http://${proxy.host}/v2/demo/app/blobs/uploads/`, {
      method: 'POST',
    })
    expect(upload.status).toBe(202)
    expect(upload.headers.get('location')).toMatch(new RegExp(`^http://${proxy.host}/`))

    expect(proxy.requests.map((r) => [r.method, r.status, r.faulted])).toEqual([
      ['GET', 503, true],
      ['GET', 200, false],
      ['POST', 202, false],
    ])
  })

  it(
    'redirects blob GETs to another host without Authorization',
    { timeout: TIMEOUT },
    async () => {
      const reg = await registry('none')
      const proxy = await startFaultProxy(reg.host)
      cleanups.push(() => proxy.stop())
      const blobHost: RecordingServer = await startRecordingServer()
      cleanups.push(() => blobHost.stop())

      const path = `/v2/demo/app/blobs/sha256:${'a'.repeat(64)}`
      blobHost.serve(path, Buffer.from('hello'))
      proxy.setRedirectBlobsTo(blobHost.host)
      const res = await fetch(`http://${proxy.host}${path}`, {
        headers: { authorization: 'Bearer secret' },
      })
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('hello')
      expect(proxy.requests.at(-1)).toMatchObject({ status: 307, authorization: 'Bearer secret' })
      expect(blobHost.requests).toHaveLength(1)
      expect(blobHost.requests[0]?.headers.authorization).toBeUndefined()
    },
  )
})
