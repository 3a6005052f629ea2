/**
 * A stand-in for the few GitHub REST endpoints the deployment projection, the pull request
 * comment and the change log (compare, commit list) use. It is strict where
 * GitHub is (token, Accept, API version, User-Agent, the fields of each body) so a test passing
 * here means the requests are the ones GitHub would take, and it keeps what was written in memory
 * so tests can look at the resulting deployment view.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  /** Without the query. */
  path: string
  query: Record<string, string>
  /** Parsed JSON, or undefined for a request without a body. */
  body: unknown
  headers: Record<string, string | undefined>
  /** What the stand-in answered. */
  status: number
}

export interface FakeDeployment {
  id: number
  ref: string
  environment: string
  description: string | null
  payload: unknown
  production_environment: boolean
  transient_environment: boolean
  created_at: string
}

export interface FakeStatus {
  id: number
  deployment_id: number
  state: string
  environment_url: string
  log_url: string
  description: string
  created_at: string
}

export interface FakeComment {
  id: number
  /** The issue or pull request number. */
  issue: number
  body: string
  user: { login: string }
  created_at: string
  updated_at: string
}

export interface FakeGitHubOptions {
  token: string
  /** owner/repo; any other repository is a 404, as for a token that cannot see it. */
  repository: string
  /** Tokens that authenticate but may not write: POSTs answer 403 as for `contents: read`. */
  readOnlyTokens?: string[]
  /** When given, a deployment of any other ref is refused with 422 as GitHub does. */
  knownRefs?: string[]
  /** Caps `per_page` of the issue comment list, to make a test page through Link headers. */
  commentPageSize?: number
  /** The repository's commits, oldest first, for `compare/{base}...{head}` and `commits?sha=`. */
  history?: FakeCommit[]
}

export interface FakeCommit {
  sha: string
  parents: string[]
  message: string
  author: string
}

export interface FaultOptions {
  headers?: Record<string, string>
  method?: string
}

export interface FakeGitHub {
  url: string
  requests: RecordedRequest[]
  deployments: FakeDeployment[]
  statuses: FakeStatus[]
  /** Issue comments of every issue, oldest first. */
  comments: FakeComment[]
  /** Adds a comment as `login` (default someone other than the token's user) without a request. */
  seedComment(issue: number, body: string, login?: string): FakeComment
  /**
   * Answers the next `count` requests (of `method` only, when given) with `status` (default 502)
   * and `headers`, before looking at them.
   */
  failNext(count: number, status?: number, options?: FaultOptions): void
  /** Newest first, as GitHub lists them. */
  statusesOf(deploymentId: number): FakeStatus[]
  latestState(deploymentId: number): string | undefined
  /** POSTs only, the writes a test usually counts. */
  writes(): RecordedRequest[]
  stop(): Promise<void>
}

/** The author of comments the token writes. */
export const BOT_LOGIN = 'github-actions[bot]'

const STATES = new Set([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
])

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: unknown[],
  ) {
    super(message)
  }
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = []
  const deployments: FakeDeployment[] = []
  const statuses: FakeStatus[] = []
  const faults: { status: number; headers: Record<string, string>; method?: string }[] = []
  const comments: FakeComment[] = []
  let nextId = 1000
  const repoPrefix = `/repos/${options.repository}`

  const statusesOf = (id: number) =>
    statuses.filter((s) => s.deployment_id === id).sort((a, b) => b.id - a.id)
  const latestState = (id: number) => statusesOf(id)[0]?.state

  function authorize(req: IncomingMessage, write: boolean): void {
    const auth = req.headers.authorization ?? ''
    // GitHub takes both schemes; Octokit sends `token` for installation tokens.
    const scheme = /^(?:Bearer|token) /.exec(auth)?.[0]
    const token = scheme ? auth.slice(scheme.length) : undefined
    const readOnly = token !== undefined && (options.readOnlyTokens ?? []).includes(token)
    if (token !== options.token && !readOnly) throw new HttpError(401, 'Bad credentials')
    if (!req.headers['user-agent']) {
      throw new HttpError(403, 'Request forbidden by administrative rules (no User-Agent)')
    }
    if (!(req.headers.accept ?? '').includes('application/vnd.github+json')) {
      throw new HttpError(415, `Unsupported Accept '${req.headers.accept ?? ''}'`)
    }
    if (req.headers['x-github-api-version'] !== '2022-11-28') {
      throw new HttpError(400, `Unsupported API version '${req.headers['x-github-api-version']}'`)
    }
    if (write && readOnly) throw new HttpError(403, 'Resource not accessible by integration')
  }

  function field(body: Record<string, unknown>, name: string, type: string, required: boolean) {
    const value = body[name]
    if (value === undefined) {
      if (required) throw new HttpError(422, 'Invalid request.', [`"${name}" wasn't supplied.`])
      return
    }
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value
    if (actual !== type) {
      throw new HttpError(422, 'Invalid request.', [`"${name}" is not a ${type}.`])
    }
  }

  function createDeployment(body: Record<string, unknown>): FakeDeployment {
    field(body, 'ref', 'string', true)
    field(body, 'environment', 'string', true)
    field(body, 'description', 'string', false)
    field(body, 'auto_merge', 'boolean', true)
    field(body, 'required_contexts', 'array', true)
    field(body, 'payload', 'object', true)
    field(body, 'production_environment', 'boolean', false)
    field(body, 'transient_environment', 'boolean', false)
    const ref = body.ref as string
    if (options.knownRefs && !options.knownRefs.includes(ref)) {
      throw new HttpError(422, `No ref found for: ${ref}`)
    }
    // Defaults as documented: auto_merge would merge the default branch in, required_contexts
    // omitted means "every check" — the fake insists the caller opted out of both.
    if (body.auto_merge !== false) throw new HttpError(409, 'auto_merge must be false here')
    if ((body.required_contexts as unknown[]).length !== 0) {
      throw new HttpError(409, 'Conflict: Commit status checks failed for ' + ref)
    }
    const environment = body.environment as string
    const deployment: FakeDeployment = {
      id: nextId++,
      ref,
      environment,
      description: (body.description as string | undefined) ?? null,
      payload: body.payload,
      production_environment:
        (body.production_environment as boolean | undefined) ?? environment === 'production',
      transient_environment: (body.transient_environment as boolean | undefined) ?? false,
      created_at: new Date().toISOString(),
    }
    deployments.push(deployment)
    return deployment
  }

  function createStatus(deployment: FakeDeployment, body: Record<string, unknown>): FakeStatus {
    field(body, 'state', 'string', true)
    field(body, 'environment_url', 'string', false)
    field(body, 'log_url', 'string', false)
    field(body, 'description', 'string', false)
    field(body, 'auto_inactive', 'boolean', false)
    const state = body.state as string
    if (!STATES.has(state)) throw new HttpError(422, 'Invalid request.', [`bad state ${state}`])
    const description = (body.description as string | undefined) ?? ''
    if (description.length > 140) {
      throw new HttpError(422, 'Validation Failed', ['description is too long (maximum is 140)'])
    }
    const status: FakeStatus = {
      id: nextId++,
      deployment_id: deployment.id,
      state,
      environment_url: (body.environment_url as string | undefined) ?? '',
      log_url: (body.log_url as string | undefined) ?? '',
      description,
      created_at: new Date().toISOString(),
    }
    statuses.push(status)
    // GitHub's documented auto_inactive (default true): on success, earlier successful
    // deployments of the environment go inactive, unless production or transient ones.
    if (state === 'success' && body.auto_inactive !== false) {
      for (const other of deployments) {
        if (other.id >= deployment.id || other.environment !== deployment.environment) continue
        if (other.production_environment || other.transient_environment) continue
        if (latestState(other.id) !== 'success') continue
        statuses.push({
          id: nextId++,
          deployment_id: other.id,
          state: 'inactive',
          environment_url: '',
          log_url: '',
          description: '',
          created_at: new Date().toISOString(),
        })
      }
    }
    return status
  }

  function addComment(issue: number, body: string, login: string): FakeComment {
    const now = new Date().toISOString()
    const comment = { id: nextId++, issue, body, user: { login }, created_at: now, updated_at: now }
    comments.push(comment)
    return comment
  }

  function commentBody(body: Record<string, unknown>): string {
    field(body, 'body', 'string', true)
    const text = body.body as string
    if (text.length > 65536) {
      throw new HttpError(422, 'Validation Failed', [
        'body is too long (maximum is 65536 characters)',
      ])
    }
    return text
  }

  /** GitHub's list: `per_page` (max 100, default 30), `page` from 1, and a Link header. */
  function commentPage(
    issue: number,
    query: Record<string, string>,
    selfUrl: URL,
  ): [number, unknown, Record<string, string>] {
    const asked = Math.min(100, Number(query.per_page ?? 30))
    const size = Math.max(1, Math.min(asked, options.commentPageSize ?? asked))
    const page = Math.max(1, Number(query.page ?? 1))
    const all = comments.filter((c) => c.issue === issue)
    const last = Math.max(1, Math.ceil(all.length / size))
    const at = (n: number) => {
      const url = new URL(selfUrl)
      url.searchParams.set('page', String(n))
      return `<${url.href}>`
    }
    const links = [
      ...(page < last ? [`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`] : []),
      ...(page > 1 ? [`${at(1)}; rel="first"`, `${at(page - 1)}; rel="prev"`] : []),
    ]
    const slice = all.slice((page - 1) * size, page * size).map((c) => ({ ...c }))
    return [200, slice, links.length > 0 ? { link: links.join(', ') } : {}]
  }

  /** Every commit reachable from `sha`; a 404 as GitHub's for one it does not have. */
  function reachable(sha: string): Set<string> {
    const bySha = new Map((options.history ?? []).map((c) => [c.sha, c]))
    if (!bySha.has(sha)) throw new HttpError(404, `No commit found for SHA: ${sha}`)
    const seen = new Set<string>()
    const todo = [sha]
    while (todo.length) {
      const c = bySha.get(todo.pop()!)
      if (!c || seen.has(c.sha)) continue
      seen.add(c.sha)
      todo.push(...c.parents)
    }
    return seen
  }

  /** GitHub's commit objects, paged as GitHub pages them (`page` from 1). */
  function historyRoute(
    rest: string,
    query: Record<string, string>,
    perPage: number,
  ): [number, unknown] {
    const all = options.history ?? []
    const page = Math.max(1, Number(query.page ?? 1))
    const slice = <T>(list: T[]) => list.slice((page - 1) * perPage, page * perPage)
    const shape = (c: FakeCommit) => ({
      sha: c.sha,
      parents: c.parents.map((sha) => ({ sha })),
      commit: { message: c.message, author: { name: c.author } },
      author: null,
    })
    if (rest === '/commits') {
      const from = reachable(query.sha ?? '')
      return [200, slice(all.filter((c) => from.has(c.sha)).reverse()).map(shape)]
    }
    const m = /^\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/.exec(rest)
    if (!m) throw new HttpError(404, 'Not Found')
    const base = reachable(m[1]!)
    const head = reachable(m[2]!)
    // Oldest first, as GitHub lists a comparison.
    const ahead = all.filter((c) => head.has(c.sha) && !base.has(c.sha))
    const behind = all.filter((c) => base.has(c.sha) && !head.has(c.sha))
    return [
      200,
      {
        status: behind.length
          ? ahead.length
            ? 'diverged'
            : 'behind'
          : ahead.length
            ? 'ahead'
            : 'identical',
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: slice(ahead).map(shape),
        files: [],
      },
    ]
  }

  function route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    selfUrl: URL,
    login: string,
  ): [number, unknown, Record<string, string>?] {
    if (!path.startsWith(`${repoPrefix}/`)) throw new HttpError(404, 'Not Found')
    const rest = path.slice(repoPrefix.length)
    const perPage = Math.min(100, Number(query.per_page ?? 30))
    if (rest === '/deployments') {
      if (method === 'GET') {
        const listed = deployments
          .filter((d) => query.environment === undefined || d.environment === query.environment)
          .sort((a, b) => b.id - a.id)
          .slice(0, perPage)
        return [200, listed]
      }
      if (method === 'POST') return [201, createDeployment(asObject(body))]
    }
    if (method === 'GET' && (rest === '/commits' || rest.startsWith('/compare/'))) {
      return historyRoute(rest, query, perPage)
    }
    const listed = /^\/issues\/([1-9]\d*)\/comments$/.exec(rest)
    if (listed) {
      const issue = Number(listed[1])
      if (method === 'GET') return commentPage(issue, query, selfUrl)
      if (method === 'POST') return [201, addComment(issue, commentBody(asObject(body)), login)]
    }
    const one = /^\/issues\/comments\/(\d+)$/.exec(rest)
    if (one) {
      const comment = comments.find((c) => c.id === Number(one[1]))
      if (!comment) throw new HttpError(404, 'Not Found')
      if (method === 'GET') return [200, { ...comment }]
      if (method === 'PATCH') {
        const text = commentBody(asObject(body))
        if (comment.user.login !== login) {
          throw new HttpError(403, 'Resource not accessible by integration')
        }
        comment.body = text
        comment.updated_at = new Date().toISOString()
        return [200, { ...comment }]
      }
    }
    const m = /^\/deployments\/(\d+)\/statuses$/.exec(rest)
    if (m) {
      const deployment = deployments.find((d) => d.id === Number(m[1]))
      if (!deployment) throw new HttpError(404, 'Not Found')
      if (method === 'GET') return [200, statusesOf(deployment.id).slice(0, perPage)]
      if (method === 'POST') return [201, createStatus(deployment, asObject(body))]
    }
    throw new HttpError(404, 'Not Found')
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: {
        authorization: req.headers.authorization,
        accept: req.headers.accept,
        'x-github-api-version': req.headers['x-github-api-version'] as string | undefined,
        'user-agent': req.headers['user-agent'],
        'content-type': req.headers['content-type'],
      },
      status: 0,
    }
    requests.push(record)
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      record.status = status
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(value))
    }

    const at = faults.findIndex((f) => f.method === undefined || f.method === record.method)
    const fault = at === -1 ? undefined : faults.splice(at, 1)[0]
    if (fault) {
      send(fault.status, { message: `injected ${fault.status}` }, fault.headers)
      return
    }
    let parsed = raw === ''
    try {
      record.body = raw === '' ? undefined : JSON.parse(raw)
      parsed = true
    } catch {
      record.body = raw
    }
    try {
      authorize(req, record.method !== 'GET')
      if (raw !== '') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          throw new HttpError(415, 'Content-Type must be application/json')
        }
        if (!parsed) throw new HttpError(400, 'Problems parsing JSON')
      }
      const selfUrl = new URL(req.url ?? '/', `http://${req.headers.host ?? 'fake'}`)
      const [status, value, headers] = route(
        record.method,
        url.pathname,
        record.query,
        record.body,
        selfUrl,
        BOT_LOGIN,
      )
      send(status, value, headers)
    } catch (e) {
      if (!(e instanceof HttpError)) throw e
      send(e.status, {
        message: e.message,
        ...(e.errors ? { errors: e.errors } : {}),
        documentation_url: 'https://docs.github.com/rest/deployments',
      })
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deployments,
    statuses,
    comments,
    seedComment: (issue, body, login = 'octocat') => addComment(issue, body, login),
    failNext(count, status = 502, fault = {}) {
      for (let i = 0; i < count; i++) {
        faults.push({ status, headers: fault.headers ?? {}, method: fault.method })
      }
    },
    statusesOf,
    latestState,
    writes: () => requests.filter((r) => r.method === 'POST'),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((e) => (e ? reject(e) : resolve()))
      }),
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'Problems parsing JSON')
  }
  return body as Record<string, unknown>
}
