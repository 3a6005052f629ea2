// npm run bench:promote [-- --rounds N] [--storage DIR] [--paths] [--keep-node-env] [--quick]
//
// What does a promote cost? Moves an environment to a signed release on a local Debian
// docker-registry with the built CLI, against skopeo doing the same move by hand:
//   ours    `promote --image PROXY/bench/app --environment env<i> --digest <d_i> --ledger <bare git>
//           --verify-key cosign.pub`: looks the digest up, verifies its signatures (both formats),
//           its release record and its provenance, commits the move to the git ledger and writes
//           the `env<i>` tag (the gates are in the process, timed with it)
//   skopeo  `skopeo copy docker://PROXY/bench/app@<d_i> docker://PROXY/bench/app:skopeo-env<i>`:
//           the tag alone, nothing verified, nothing recorded
// and prints the time and the number of HTTP requests of each and their ratio. Goal: ours is
// faster than skopeo and takes under one second.
//
// Fairness:
// - Both are child processes timed from spawn to exit; which goes first alternates by round.
// - Each round promotes a release that is in no environment yet to a new environment, so both
//   really move something (a tag that did not exist, a ledger commit that changes a file).
// - Both talk to the registry through the same counting reverse proxy in this process (node:http,
//   keep-alive to the registry, Host preserved so that the registry's Location headers come back
//   through it): the proxy adds the same small cost to every request of either tool, as a network
//   would. It counts the requests of each run (and, with --paths, prints them by kind).
// - Setup is not timed: a small git repository, a key pair (generate-key), N + 1 signed releases
//   of different commits through the proxy, a bare git repository as the ledger, and one warm-up
//   move of each tool (release 0 to `warmup`; it makes the ledger's branch, which only the first
//   promote of a ledger does).
// - Phases of ours: `start` is spawn to the first request the proxy receives (node, module
//   loading, config, key, and whatever else the CLI does before its first registry call); the
//   others come from its log lines, noted as they arrive (stderr is a pipe): `gates` to the last
//   `gate ok` line (lookup, signature, record and provenance checks), `ledger` to the `ledger:`
//   line (ledger reads, commit, push), `tags` to the last `tag` line, `exit` to exit (the ledger
//   re-read, clean-up). Requests are put in the phase during which the proxy received them.
// - The floor: each round also times `node -e 0` in the same environment, what any Node CLI pays
//   before its first line of code.
// - NODE_OPTIONS and NODE_EXTRA_CA_CERTS are dropped from the children's environment, like the
//   GIT_* variables: the second makes every node start parse a CA bundle (about 50 ms on a
//   machine that sets it), which a loopback registry does not need. --keep-node-env keeps them.
// - The registry stores in /dev/shm when there is one (--storage to change), as in bench/push.
//
// Needs git, docker-registry, skopeo and a built dist/ (npm run build).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Agent, createServer, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  checkDist,
  cleanEnv,
  generateKey,
  git,
  manifestDigest,
  median,
  msText,
  needTools,
  parseFlags,
  QUICK_HELP,
  run,
  runMain,
  sec,
  startBenchRegistry,
  table,
  timeChild,
  timeCli,
  usageExit,
  wholeRounds,
  withCleanup,
  writeInsecurePolicy,
} from './lib.mjs'

const PASSPHRASE = 'bench-promote-passphrase'
const REPOSITORY = 'bench/app'
const GOAL_MS = 1000

const usage = (message) =>
  usageExit(
    'usage: node bench/promote.mjs [--rounds N] [--storage DIR] [--paths] [--keep-node-env]\n' +
      '  --rounds N      promotes of each tool (default 5)\n' +
      '  --storage DIR   where the registry stores (default /dev/shm when there, else the temp dir)\n' +
      "  --paths         also print each tool's requests of round 1 by method and path\n" +
      "  --keep-node-env keep NODE_OPTIONS and NODE_EXTRA_CA_CERTS in the children's environment\n" +
      QUICK_HELP,
    message,
  )

function parseArgs(argv) {
  const options = { rounds: 5, storage: undefined, paths: false, keepNodeEnv: false }
  parseFlags(
    argv,
    {
      '--rounds': (value) => (options.rounds = wholeRounds(value(), usage)),
      '--storage': (value) => (options.storage = value()),
      '--paths': () => (options.paths = true),
      '--keep-node-env': () => (options.keepNodeEnv = true),
      '--quick': () => {
        options.rounds = 1
        options.quick = true
      },
    },
    usage,
  )
  return options
}

const NODE_ENV_VARS = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']

// ---------------------------------------------------------------------------------------------
// The counting proxy.

/** A digest, an upload session id or a tag in a path, replaced by a placeholder (for --paths). */
function pathKind(method, url) {
  const path = url.replace(/\?.*$/, '')
  const m = /^\/v2\/(.+?)\/(manifests|blobs|tags|referrers)(?:\/(.*))?$/.exec(path)
  if (!m) return `${method} ${path}`
  const [, , kind, rest = ''] = m
  let ref = rest
  if (kind === 'blobs' && rest.startsWith('uploads/')) ref = rest.length > 8 ? 'uploads/<id>' : rest
  else if (/^sha256:[0-9a-f]{64}$/.test(rest)) ref = '<digest>'
  else if (/^sha256-[0-9a-f]{64}$/.test(rest)) ref = '<referrers fallback tag>'
  else if (/^sha256-[0-9a-f]{64}\.(\w+)$/.test(rest)) ref = rest.replace(/^[^.]+/, '<digest-tag>')
  else if (kind === 'referrers') ref = '<digest>'
  else if (kind === 'manifests') ref = '<tag>'
  const query = url.includes('?') ? `?${[...new URL(url, 'http://x').searchParams.keys()]}` : ''
  return `${method} /v2/…/${kind}${ref ? `/${ref}` : ''}${query}`
}

/**
 * A reverse proxy to `upstream` on a free loopback port. Every request it receives goes to the
 * current `phase`'s list with the time it arrived (performance.now()).
 */
async function startProxy(upstream) {
  const [upHost, upPort] = upstream.split(':')
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const log = new Map()
  let phase = 'setup'
  let badClients = 0
  const server = createServer((req, res) => {
    const at = performance.now()
    if (!log.has(phase)) log.set(phase, [])
    log.get(phase).push({ at, method: req.method, url: req.url })
    const up = request(
      {
        host: upHost,
        port: Number(upPort),
        method: req.method,
        path: req.url,
        headers: req.headers, // Host included: the registry builds Location headers from it
        agent,
      },
      (ures) => {
        res.writeHead(ures.statusCode, ures.statusMessage, ures.headers)
        ures.pipe(res)
      },
    )
    up.once('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`proxy: ${e.message}\n`)
    })
    req.pipe(up)
  })
  // E.g. a TLS hello from a client trying https first: not an HTTP request, counted apart.
  server.on('clientError', (_e, socket) => {
    badClients++
    socket.destroy()
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return {
    host: `127.0.0.1:${server.address().port}`,
    setPhase: (name) => {
      phase = name
    },
    requests: (name) => log.get(name) ?? [],
    badClients: () => badClients,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
        agent.destroy()
      }),
  }
}

// ---------------------------------------------------------------------------------------------
// Running and timing.

const OURS_PHASES = ['start', 'gates', 'ledger', 'tags', 'exit']

/** Where each phase of ours ends (ms after spawn), from the requests and log lines; see the header. */
function phaseEnds(lines, totalMs, firstRequestMs) {
  const last = (re) => lines.filter((l) => re.test(l.text)).pop()?.at ?? NaN
  const gates = last(/^gate ok /)
  const ledger = last(/^ledger: /)
  const tags = last(/^tag \S+ -> /)
  return { start: firstRequestMs, gates, ledger, tags, exit: totalMs }
}

/** Requests per phase: each in the first phase that ends after the proxy received it. */
function requestsByPhase(requests, started, ends) {
  const counts = Object.fromEntries(OURS_PHASES.map((p) => [p, 0]))
  for (const r of requests) {
    const at = r.at - started
    // `start` ends with the first request, so it holds none; a phase without its line is skipped.
    const phase = OURS_PHASES.slice(1).find((p) => at <= ends[p]) ?? 'exit'
    counts[phase]++
  }
  return counts
}

/** The digest a tag points to, asked of the registry directly (not counted). */
const tagDigest = (host, tag) => manifestDigest(host, REPOSITORY, tag)

async function promoteOurs(ctx, env, digest) {
  const phase = `ours ${env}`
  ctx.proxy.setPhase(phase)
  const result = await timeCli(
    [
      'promote',
      '--image',
      `${ctx.proxy.host}/${REPOSITORY}`,
      '--environment',
      env,
      '--digest',
      digest,
      '--ledger',
      ctx.ledger,
      '--verify-key',
      ctx.pub,
    ],
    ctx.env,
  )
  ctx.proxy.setPhase('between')
  const { ms, cpu, stdout, stderr, lines, started } = result
  if (!/^promoted=true$/m.test(stdout)) {
    throw new Error(`promote ${env} did not print promoted=true:\n${stdout}\n${stderr}`)
  }
  const gates = lines.filter((l) => /^gate ok /.test(l.text)).map((l) => l.text)
  if (!gates.some((g) => /signature/i.test(g)) || !gates.some((g) => /provenance/i.test(g))) {
    throw new Error(`promote ${env} checked no signature or no provenance:\n${stderr}`)
  }
  if ((await tagDigest(ctx.registry.host, env)) !== digest) {
    throw new Error(`promote ${env}: the tag does not point to ${digest}:\n${stderr}`)
  }
  const requests = ctx.proxy.requests(phase)
  const ends = phaseEnds(lines, ms, requests.length ? requests[0].at - started : NaN)
  return {
    ms,
    cpu,
    requests,
    gates,
    ends,
    byPhase: requestsByPhase(requests, started, ends),
    stderr,
  }
}

/** What any Node process costs here: `node -e 0`, spawn to exit, in the same environment. */
async function nodeFloor(ctx) {
  return (await timeChild(process.execPath, ['-e', '0'], ctx.env)).ms
}

async function promoteSkopeo(ctx, env, digest) {
  const tag = `skopeo-${env}`
  const phase = `skopeo ${env}`
  ctx.proxy.setPhase(phase)
  const image = `docker://${ctx.proxy.host}/${REPOSITORY}`
  const result = await timeChild(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--policy',
      ctx.policy,
      `${image}@${digest}`,
      `${image}:${tag}`,
    ],
    ctx.env,
  )
  ctx.proxy.setPhase('between')
  if ((await tagDigest(ctx.registry.host, tag)) !== digest) {
    throw new Error(`skopeo ${tag}: the tag does not point to ${digest}:\n${result.stderr}`)
  }
  return { ms: result.ms, cpu: result.cpu, requests: ctx.proxy.requests(phase) }
}

// ---------------------------------------------------------------------------------------------
// Setup.

/** A small git repository with one commit per release, each with a different `release.txt`. */
async function makeContext(dir, env) {
  await mkdir(join(dir, 'app'), { recursive: true })
  await writeFile(join(dir, 'README.md'), '# bench/promote\n')
  await writeFile(join(dir, 'app', 'main.js'), "console.log('hello')\n".repeat(200))
  await git(dir, ['init', '-q'], env)
}

async function release(ctx, i) {
  await writeFile(join(ctx.context, 'release.txt'), `release ${i}\n`)
  await git(ctx.context, ['add', '-A'], ctx.gitEnv)
  await git(ctx.context, ['commit', '-q', '-m', `release ${i}`], ctx.gitEnv)
  ctx.proxy.setPhase('setup')
  const { stdout, stderr } = await timeCli(
    [
      'release',
      '--image',
      `${ctx.proxy.host}/${REPOSITORY}`,
      '--context',
      ctx.context,
      '--builder',
      'native',
      '--signing-key',
      ctx.key,
      '--signing-key-passphrase',
      PASSPHRASE,
    ],
    ctx.env,
  )
  const digest = /^digest=(sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1]
  if (!digest) throw new Error(`release ${i} printed no digest:\n${stdout}\n${stderr}`)
  return digest
}

// ---------------------------------------------------------------------------------------------
// Report.

const num = (n) => (Number.isFinite(n) ? String(Math.round(n * 10) / 10) : '-')

function pathTable(requests) {
  const counts = new Map()
  for (const r of requests) {
    const k = pathKind(r.method, r.url)
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  const rows = [['requests', 'method and path']]
  for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) rows.push([n, k])
  return table(rows)
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  await needTools('git', 'docker-registry', 'skopeo')
  await checkDist()

  const scratch = await mkdtemp(join(tmpdir(), 'ir-bench-promote-'))
  let registry
  let proxy
  const cleanup = async () => {
    await proxy?.stop()
    await registry?.stop()
    await rm(scratch, { recursive: true, force: true })
  }
  await withCleanup(cleanup, async () => {
    const home = join(scratch, 'home') // no user ~/.gitconfig or containers configuration
    await mkdir(home)
    const env = {
      ...cleanEnv({ signing: true, drop: options.keepNodeEnv ? [] : NODE_ENV_VARS }),
      TMPDIR: scratch,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
    }
    const dropped = options.keepNodeEnv ? [] : NODE_ENV_VARS.filter((k) => process.env[k])
    const gitEnv = { ...env, GIT_CONFIG_NOSYSTEM: '1' }
    const policy = await writeInsecurePolicy(scratch)

    const t0 = performance.now()
    const keygen = await generateKey(scratch, PASSPHRASE, env)

    registry = await startBenchRegistry(options.storage)
    proxy = await startProxy(registry.host)
    const context = join(scratch, 'context')
    await makeContext(context, gitEnv)
    const ledger = join(scratch, 'ledger.git')
    await run('git', ['init', '-q', '--bare', ledger], { env: gitEnv })
    const ctx = {
      options,
      registry,
      proxy,
      env,
      gitEnv,
      policy,
      context,
      ledger,
      key: keygen.key,
      pub: keygen.pub,
    }
    const digests = []
    for (let i = 0; i <= options.rounds; i++) digests.push(await release(ctx, i))
    const setupRequests = proxy.requests('setup').length
    // Warm-up: the ledger's first commit makes its branch; skopeo's first run fills no cache we
    // know of, but both tools get one run that is not counted.
    await promoteOurs(ctx, 'warmup', digests[0])
    await promoteSkopeo(ctx, 'warmup', digests[0])
    const skopeoVersion = (await run('skopeo', ['--version'])).stdout.trim()
    const gitVersion = (await run('git', ['--version'])).stdout.trim()
    console.log(
      [
        `setup: key ${keygen.keyId}, ${options.rounds + 1} signed releases of ${REPOSITORY} (${setupRequests} requests), ledger ${ledger}, warm-up moves; ${sec(performance.now() - t0)} s`,
        `registry: docker-registry at ${registry.host} storing in ${registry.dataDir}, proxy at ${proxy.host}`,
        `${skopeoVersion}; ${gitVersion}; node ${process.version}; ${options.rounds} rounds`,
        dropped.length
          ? `dropped ${dropped.join(', ')} from the children's environment (--keep-node-env keeps)`
          : `children's environment: NODE_OPTIONS and NODE_EXTRA_CA_CERTS ${options.keepNodeEnv ? 'kept' : 'not set'}`,
        '',
      ].join('\n'),
    )

    const results = []
    for (let round = 1; round <= options.rounds; round++) {
      const envName = `env${round}`
      const digest = digests[round]
      const order = round % 2 ? ['ours', 'skopeo'] : ['skopeo', 'ours']
      const result = { round, first: order[0], digest }
      for (const tool of order) {
        result[tool] =
          tool === 'ours'
            ? await promoteOurs(ctx, envName, digest)
            : await promoteSkopeo(ctx, envName, digest)
      }
      result.floor = await nodeFloor(ctx)
      results.push(result)
      process.stderr.write(
        `round ${round}: ours ${sec(result.ours.ms)} s ${result.ours.requests.length} requests, skopeo ${sec(result.skopeo.ms)} s ${result.skopeo.requests.length} requests\n`,
      )
    }
    if (proxy.badClients()) {
      console.log(`(the proxy dropped ${proxy.badClients()} connections that were not HTTP)\n`)
    }

    // Table 1: the moves.
    const rows = [
      [
        'round',
        'first',
        'ours (s)',
        'ours requests',
        'skopeo (s)',
        'skopeo requests',
        'skopeo/ours',
        'ours cpu (s)',
        'skopeo cpu (s)',
        'node -e 0 (s)',
      ],
    ]
    for (const r of results) {
      rows.push([
        r.round,
        r.first,
        sec(r.ours.ms),
        r.ours.requests.length,
        sec(r.skopeo.ms),
        r.skopeo.requests.length,
        (r.skopeo.ms / r.ours.ms).toFixed(2),
        r.ours.cpu.toFixed(2),
        r.skopeo.cpu.toFixed(2),
        sec(r.floor),
      ])
    }
    const med = (fn) => median(results.map(fn))
    const m = {
      ours: med((r) => r.ours.ms),
      oursRequests: med((r) => r.ours.requests.length),
      skopeo: med((r) => r.skopeo.ms),
      skopeoRequests: med((r) => r.skopeo.requests.length),
      ratio: med((r) => r.skopeo.ms / r.ours.ms),
    }
    rows.push([
      'median',
      '',
      sec(m.ours),
      num(m.oursRequests),
      sec(m.skopeo),
      num(m.skopeoRequests),
      m.ratio.toFixed(2),
      med((r) => r.ours.cpu).toFixed(2),
      med((r) => r.skopeo.cpu).toFixed(2),
      sec(med((r) => r.floor)),
    ])
    console.log(table(rows))

    // Table 2: where ours spends its time and requests.
    const phaseRows = [['phase of ours', 'ms (median)', 'requests (median)']]
    let previousEnd = () => 0
    for (const p of OURS_PHASES) {
      const from = previousEnd
      phaseRows.push([
        p,
        msText(med((r) => r.ours.ends[p] - from(r))),
        num(med((r) => r.ours.byPhase[p])),
      ])
      previousEnd = (r) => r.ours.ends[p]
    }
    phaseRows.push(['total', msText(m.ours), num(m.oursRequests)])
    console.log(`\nphases of ours (median of ${results.length} rounds):`)
    console.log(table(phaseRows))
    console.log(
      [
        '',
        'ours (s), skopeo (s): the whole process, spawn to exit; requests: HTTP requests the proxy',
        'received during it; skopeo/ours > 1 means ours is faster; node -e 0: the floor of any Node',
        'CLI here. Phases: start = spawn to the first request, gates = to the last `gate ok` line,',
        'ledger = to the `ledger:` line, tags = to the last `tag` line, exit = to exit.',
        `gates of round 1: ${results[0].ours.gates.join(' | ')}`,
      ].join('\n'),
    )
    if (options.paths) {
      console.log(`\nours, round 1 (${results[0].ours.requests.length} requests):`)
      console.log(pathTable(results[0].ours.requests))
      console.log(`\nskopeo, round 1 (${results[0].skopeo.requests.length} requests):`)
      console.log(pathTable(results[0].skopeo.requests))
    }

    const faster = m.ours < m.skopeo
    const under = m.ours < GOAL_MS
    console.log(
      `\npromote ${sec(m.ours)} s (${num(m.oursRequests)} requests) vs skopeo copy ${sec(m.skopeo)} s (${num(m.skopeoRequests)} requests), median ratio ${m.ratio.toFixed(2)}: ` +
        `${faster ? 'faster than' : 'NOT faster than'} skopeo, ${under ? 'under' : 'NOT under'} ${GOAL_MS / 1000} s`,
    )
    // A missed goal fails a real run; --quick (CI, shared machines) only checks that it runs.
    if ((!faster || !under) && !options.quick) process.exitCode = 1
  })
}

runMain('promote', main)
