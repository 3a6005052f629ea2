import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../src/commands/index.js'
import { readConfig } from '../src/config.js'
import { storeGitHubAttestation } from '../src/github/attestations.js'
import type { Logger } from '../src/logger.js'
import { RegistryStore } from '../src/oci/index.js'
import { BUNDLE_MEDIA_TYPE } from '../src/sign/bundle-signer.js'
import { SLSA_PROVENANCE_V1 } from '../src/sign/provenance.js'
import { readReferrers } from '../src/sign/referrer.js'
import { TEST_ENDPOINTS_VARIABLE } from '../src/sign/sigstore-instance.js'
import { committedRepo } from './helpers/committed-repo.js'
import { startRegistry, type TestRegistry } from './helpers/registry-server.js'
import {
  JOB_WORKFLOW_REF,
  serve,
  startSigstoreMock,
  type SigstoreMock,
  type Stub,
} from './helpers/sigstore-mock.js'
import { needTools } from './helpers/tools.js'

const ok = needTools('docker-registry', 'git', 'tar', 'gzip', 'htpasswd', 'openssl')
const TOKEN = 'ghs_attestations_token_4b1d'
const DATE = '2024-06-06T06:06:06Z'

interface Seen {
  method: string
  path: string
  authorization?: string
  accept?: string
  body: { bundle?: { mediaType?: string; dsseEnvelope?: { payload: string } } }
}

/** GitHub's attestations endpoint as far as storing goes: strict about path, token and body. */
async function startAttestationsApi(answer: { status: number }): Promise<Stub & { seen: Seen[] }> {
  const seen: Seen[] = []
  const stub = await serve(async (req, body, res) => {
    const entry: Seen = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      body: JSON.parse(body || '{}') as Seen['body'],
    }
    seen.push(entry)
    if (entry.authorization !== `token ${TOKEN}`) {
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end('{"message":"Bad credentials"}')
      return
    }
    if (entry.method !== 'POST' || entry.path !== '/repos/acme/app/attestations') {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Not Found"}')
      return
    }
    if (entry.body.bundle?.mediaType !== BUNDLE_MEDIA_TYPE) {
      res.writeHead(422, { 'Content-Type': 'application/json' }).end('{"message":"bad bundle"}')
      return
    }
    res
      .writeHead(answer.status, { 'Content-Type': 'application/json' })
      .end(
        answer.status === 201
          ? '{"id":4242}'
          : '{"message":"Resource not accessible by integration"}',
      )
  })
  return Object.assign(stub, { seen })
}

describe.skipIf(!ok)('github-attestations: the provenance also goes to GitHub', () => {
  let work: string
  let registry: TestRegistry
  let sigstore: SigstoreMock
  let repo: string
  let endpointsFile: string
  let eventFile: string

  const release = async (repository: string, api: Stub, inputs: Record<string, string> = {}) => {
    const lines: string[] = []
    const logger: Logger = {
      debug: () => {},
      info: (m) => lines.push(m),
      warning: (m) => lines.push(m),
      error: (m) => lines.push(m),
      group: (_n, fn) => fn(),
    }
    const env = {
      PATH: process.env.PATH,
      HOME: work,
      ...sigstore.actionsEnv(),
      [TEST_ENDPOINTS_VARIABLE]: endpointsFile,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: api.url,
      GITHUB_WORKFLOW_REF: JOB_WORKFLOW_REF,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '7',
      GITHUB_RUN_ATTEMPT: '1',
    }
    const all: Record<string, string> = {
      image: `${registry.host}/${repository}`,
      context: repo,
      keyless: 'true',
      'github-attestations': 'true',
      'github-token': TOKEN,
      ...inputs,
    }
    const result = await runCommand(
      readConfig((n) => all[n], env),
      {
        logger,
        env,
        cwd: repo,
        storeAttestation: storeGitHubAttestation,
      },
    )
    return { ...result, lines }
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'attestations-'))
    sigstore = await startSigstoreMock()
    endpointsFile = join(work, 'endpoints.json')
    writeFileSync(
      endpointsFile,
      JSON.stringify({
        'public-good': sigstore.endpoints('public-good', {
          url: 'http://127.0.0.1:9',
          rootPath: '',
        }),
      }),
    )
    eventFile = join(work, 'event.json')
    writeFileSync(eventFile, JSON.stringify({ repository: { visibility: 'public' } }))
    registry = await startRegistry('none')
    repo = committedRepo(join(work, 'repo'), { 'index.html': 'attest\n' }, DATE)
  }, 60_000)

  afterAll(async () => {
    await registry?.stop()
    await sigstore?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('stores the signed provenance bundle through POST /repos/{owner}/{repo}/attestations', async () => {
    const api = await startAttestationsApi({ status: 201 })
    try {
      const r = await release('apps/attested', api)
      expect(api.seen).toHaveLength(1)
      const [request] = api.seen
      expect(request).toMatchObject({
        method: 'POST',
        path: '/repos/acme/app/attestations',
        authorization: `token ${TOKEN}`,
      })
      // The very bundle stored as the provenance referrer, nothing re-signed.
      const store = new RegistryStore(registry.host, 'apps/attested', {})
      const provenance = (await readReferrers(store, r.outputs.digest!, BUNDLE_MEDIA_TYPE)).filter(
        (x) => x.manifest.annotations?.['dev.sigstore.bundle.predicateType'] === SLSA_PROVENANCE_V1,
      )
      expect(provenance).toHaveLength(1)
      expect(request!.body.bundle).toEqual(JSON.parse(provenance[0]!.blob.toString('utf8')))
      expect(r.lines).toContain('provenance stored as GitHub attestation 4242 of acme/app')
      expect(JSON.stringify(r.lines)).not.toContain(TOKEN)
    } finally {
      await new Promise((resolve) => api.server.close(resolve))
    }
  })

  it('names the attestations: write permission when GitHub refuses', async () => {
    const api = await startAttestationsApi({ status: 403 })
    try {
      const e = await release('apps/refused', api).catch((err: unknown) => err)
      expect(e).toMatchObject({ code: 'PERMISSION_MISSING', input: 'github-attestations' })
      expect((e as { hint: string }).hint).toMatch(/attestations: write/)
      // The request was made (and refused), once: a 403 is not retried.
      expect(api.seen.map((s) => s.path)).toEqual(['/repos/acme/app/attestations'])
    } finally {
      await new Promise((resolve) => api.server.close(resolve))
    }
  })

  it('is refused before anything happens without keyless', () => {
    expect(() =>
      readConfig(
        (n) => ({ 'github-attestations': 'true', 'signing-key': 'k', image: 'r.test/a' })[n],
        {},
      ),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID', input: 'github-attestations' }))
  })
})
