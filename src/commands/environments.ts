import { pointTags } from '../oci/copy.js'
import type { Config } from '../config.js'
import { ReleaseError, UserError } from '../errors.js'
import { projectDeployment } from '../github/deployments.js'
import type { Store } from '../oci/store.js'
import {
  applyHold,
  applyMarkBad,
  applyPromote,
  applyRollback,
  applyUnhold,
  checkLifecycle,
  checkNotBad,
  checkNotOnHold,
  checkRollbackTarget,
  describeMove,
  isInPlace,
  type GateRefusal,
} from '../release/environment.js'
import type { BadMark, EnvironmentState, Placement } from '../release/environment-types.js'
import { commitWithRetry, environmentPath, releasePath, type Ledger } from '../release/ledger.js'
import { describeChanges, shippedChanges, type ChangeLog } from '../release/changelog.js'
import { changeLogOrWarn, changesSection, remoteHistory } from './changes.js'
import { checkNoExistingCollision, environmentNameConflict } from '../release/names.js'
import type { CommandContext, CommandResult } from './context.js'
import {
  actor,
  environmentFiles,
  GLOBAL_BAD,
  ledgerEnvironments,
  openLedger,
  prefetchEnvironment,
  readArchivedHistory,
  readEnvironment,
  readGlobalBad,
  stateFromTags,
  type OpenLedger,
} from './ledger-access.js'
import { cell, code, link } from '../markdown.js'
import { selectorOf } from '../oci/reference.js'
import { runLinks, type RunLinks } from './links.js'
import { runUrl } from '../run-url.js'
import { environmentView, statusTable, type EnvironmentView } from './status-view.js'
import { describeTarget, imageReference, openTarget, resolveImage } from './target.js'

/** Whole seconds, as every time in the ledger. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function refuse(command: string, refusal: GateRefusal): never {
  throw new ReleaseError(
    'GATE_REFUSED',
    `${command} refused by gate '${refusal.gate}': ${refusal.message}`,
    {
      hint: 'nothing was written; fix what the gate names, or choose another digest',
    },
  )
}

function environmentOf(config: Config): string {
  if (!config.environment) {
    throw new UserError('INPUT_MISSING', 'is required for this command', {
      input: 'environment',
      valid: 'a name like staging or production',
    })
  }
  return config.environment
}

interface RecordFacts {
  commit?: string
  version?: string
  bytes?: Buffer
}

/** The registry gates, all before any write: the manifest exists, its signatures, record and provenance verify. */
async function registryGates(
  config: Config,
  ctx: CommandContext,
  store: Store,
  command: string,
  digest: string,
): Promise<RecordFacts> {
  const subject = await store.headManifest(digest)
  if (!subject)
    refuse(command, {
      gate: 'unknown-digest',
      message: `${describeTarget(config)}@${digest} does not exist`,
    })
  // Loaded here, not at the top: status, hold and unhold never verify, and the verifier is large.
  const { requireTrust, trustFrom, verifyImageWithRecord } = await import('./verify.js')
  const trust = await trustFrom(config, ctx)
  if (config.requireSignature) requireTrust(trust, command)
  try {
    const { checks, record } = await verifyImageWithRecord(
      store,
      describeTarget(config),
      subject,
      trust,
    )
    for (const c of checks) ctx.logger.info(`gate ok  ${c.name}: ${c.detail}`)
    const r = JSON.parse(record.blob.toString('utf8')) as {
      source?: { commit?: string; dirty?: boolean }
      version?: string | null
    }
    // A dirty build is no commit's content: deployable only when the caller says so.
    if (r.source?.dirty === true && !config.allowDirty) {
      refuse(command, {
        gate: 'dirty',
        message:
          `${describeTarget(config)}@${digest} was built from uncommitted changes of ` +
          `${r.source.commit ?? 'an unknown commit'} (allow-dirty); set allow-dirty: true to ${command} it anyway`,
      })
    }
    return { commit: r.source?.commit, version: r.version ?? undefined, bytes: record.blob }
  } catch (e) {
    if (e instanceof ReleaseError && e.code === 'VERIFY_FAILED') {
      const gate = /verify failed at '([^']+)'/.exec(e.message)?.[1] ?? 'verify'
      refuse(command, {
        gate: gate.startsWith('record')
          ? 'record'
          : gate.startsWith('provenance')
            ? 'provenance'
            : 'signature',
        message: e.message,
      })
    }
    throw e
  }
}

/** The digest a promote moves to: `digest`, the image's digest or tag, or `from-environment`'s current. */
async function promoteTarget(
  config: Config,
  store: Store,
  ledger: Ledger | undefined,
  ctx: CommandContext,
): Promise<string> {
  if (config.digest) return config.digest
  const { tag, digest } = selectorOf(config.image)
  if (digest) return digest
  if (tag) {
    const found = await resolveImage(config, store, ctx).catch(() => undefined)
    if (!found)
      refuse('promote', {
        gate: 'unknown-digest',
        message: `tag ${tag} does not exist in ${describeTarget(config)}`,
      })
    return found.digest
  }
  if (config.fromEnvironment) {
    const digest = ledger
      ? (await readEnvironment(ledger, config.fromEnvironment)).current?.digest
      : (await store.headManifest(config.fromEnvironment))?.digest
    if (!digest)
      refuse('promote', {
        gate: 'lifecycle',
        message: `environment ${config.fromEnvironment} has nothing current to promote`,
      })
    return digest
  }
  throw new UserError('INPUT_MISSING', 'promote needs a target', {
    input: 'digest',
    valid:
      'digest, an image reference with a tag (sha-<commit> or a version) or a digest, or from-environment',
  })
}

/**
 * Rewrites `<env>-previous`, then `<env>`, to the ledger's state (the previous digest is never
 * left unreferenced), reads them back, and goes again while the ledger head moved meanwhile:
 * racing writers converge on the last commit.
 */
async function syncTags(
  store: Store,
  env: string,
  ledger: Ledger | undefined,
  state: EnvironmentState,
  ctx: CommandContext,
): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const head = ledger?.head
    for (const [tag, placement] of [
      [`${env}-previous`, state.previous],
      [env, state.current],
    ] as const) {
      if (!placement) continue
      for (const t of await pointTags(store, [tag], placement))
        ctx.logger.info(`tag ${t} -> ${placement.digest}`)
    }
    if (!ledger) return
    await ledger.refresh()
    if (ledger.head === head) return
    state = await readEnvironment(ledger, env)
  }
}

export interface Drift {
  tag: string
  ledger?: string
  registry?: string
}

async function driftOf(store: Store, env: string, state: EnvironmentState): Promise<Drift[]> {
  const drift: Drift[] = []
  for (const [tag, placement] of [
    [env, state.current],
    [`${env}-previous`, state.previous],
  ] as const) {
    const registry = (await store.headManifest(tag))?.digest
    if (placement && registry !== placement.digest)
      drift.push({ tag, ledger: placement.digest, registry })
  }
  return drift
}

function short(digest?: string): string {
  return digest ? `${digest.slice(0, 19)}…` : 'none'
}

function moveSummary(
  config: Config,
  env: string,
  command: 'promote' | 'rollback',
  before: Placement | undefined,
  after: EnvironmentState,
  moved: boolean,
  links: RunLinks | undefined,
  ships?: ChangeLog,
): string {
  const now = after.current
  const commit = (p: Placement) =>
    p.commit
      ? ` commit ${links ? link(p.commit.slice(0, 12), links.commit(p.commit)) : code(p.commit.slice(0, 12))}`
      : ''
  const describe = (p: Placement | undefined) =>
    p ? `${code(p.digest)}${p.version ? ` (${cell(p.version)})` : ''}${commit(p)}` : 'none'
  const rows: [string, string][] = [
    ['Environment', code(env)],
    ['Now', describe(now)],
    ['Before', describe(before)],
    ['By', now ? `${cell(now.by)} at ${now.at}` : ''],
    ['Moved', moved ? 'yes' : 'no: it was already there'],
  ]
  if (before?.commit && now?.commit && before.commit !== now.commit && links) {
    rows.push([
      'Changes',
      link(
        `${before.commit.slice(0, 7)}...${now.commit.slice(0, 7)}`,
        links.compare(before.commit, now.commit),
      ),
    ])
  }
  if (ships && moved) rows.push(['Ships', cell(describeChanges(ships))])
  if (links?.run) rows.push(['Run', link('this run', links.run)])
  if (after.hold)
    rows.push([
      'Hold',
      `on hold since ${after.hold.at} by ${cell(after.hold.by)}: promotes wait for unhold`,
    ])
  const image = describeTarget(config)
  const title = command === 'rollback' ? 'Rolled back' : 'Promoted'
  const lines = [
    `### ${moved ? title : `${title} (already in place)`} ${code(env)} of ${code(image)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ]
  if (ships && moved) lines.push(changesSection('Commits shipped', ships, links))
  if (after.hold) {
    lines.push(
      'To lift the hold:',
      '',
      '```sh',
      `immutable-release unhold --image ${shellWord(image)} --environment ${env}`,
      '```',
      '',
    )
  }
  if (now) {
    lines.push(
      'To roll back:',
      '',
      '```sh',
      `immutable-release rollback --image ${shellWord(image)} --environment ${env} --reason "..."`,
      '```',
      '',
      `or run the rollback workflow (\`workflow_dispatch\`) with \`environment: ${env}\`.`,
      '',
    )
  }
  return lines.join('\n')
}

/** A word the shell reads back as it is: single-quoted unless it is plainly safe. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

function moveOutputs(
  config: Config,
  env: string,
  command: 'promote' | 'rollback',
  before: Placement | undefined,
  after: EnvironmentState,
  moved: boolean,
): Record<string, string> {
  return {
    environment: env,
    'previous-digest': before?.digest ?? '',
    digest: after.current?.digest ?? '',
    image: after.current ? imageReference(config, after.current.digest) : '',
    ...(command === 'rollback'
      ? { 'rolled-back': String(moved), held: String(after.hold !== undefined) }
      : { promoted: String(moved) }),
  }
}

interface MoveOptions {
  command: 'promote' | 'rollback'
}

async function move(
  config: Config,
  ctx: CommandContext,
  options: MoveOptions,
): Promise<CommandResult> {
  const env = environmentOf(config)
  const store = await openTarget(config, ctx)
  // A promote to a named digest needs nothing from the ledger for its registry gates: both at once.
  const early =
    options.command === 'promote' && config.digest
      ? registryGates(config, ctx, store, options.command, config.digest)
      : undefined
  early?.catch(() => undefined)
  let opened: OpenLedger | undefined
  try {
    opened = await openLedger(config, ctx)
  } catch (e) {
    await early?.catch(() => undefined)
    throw e
  }
  const ledger = opened?.ledger
  try {
    if (ledger) {
      checkNoExistingCollision(env, await ledgerEnvironments(ledger))
      const source = config.requires ?? config.fromEnvironment
      await prefetchEnvironment(ledger, env, [
        GLOBAL_BAD,
        ...(source ? [environmentPath(source)] : []),
      ])
    }
    const initial = ledger ? await readEnvironment(ledger, env) : await stateFromTags(store, env)
    let digest: string
    if (options.command === 'promote') digest = await promoteTarget(config, store, ledger, ctx)
    else {
      const noPrevious = config.to ? undefined : checkRollbackTarget(initial)
      if (noPrevious) refuse('rollback', noPrevious)
      digest = config.to ?? initial.previous!.digest
    }
    const facts = await (early ?? registryGates(config, ctx, store, options.command, digest))
    if (config.failOnSeverity !== 'none') {
      // Loaded only when asked for: a promote without the gate never pays for the scanner.
      const { vulnerabilityGate } = await import('./scan.js')
      const refusal = await vulnerabilityGate(config, ctx, store, options.command, digest)
      if (refusal) refuse(options.command, refusal)
    }
    const lifecycleSource =
      options.command === 'promote' ? (config.requires ?? config.fromEnvironment) : undefined
    const ledgerGates = async (state: EnvironmentState, l: Ledger | undefined): Promise<void> => {
      const bad = checkNotBad(state, digest, await readGlobalBad(l))
      if (bad) refuse(options.command, bad)
      const hold = checkNotOnHold(state, options.command)
      if (hold) refuse(options.command, hold)
      if (lifecycleSource) {
        const source = l ? await readEnvironment(l, lifecycleSource) : undefined
        const order = checkLifecycle(source, digest, { target: env, source: lifecycleSource })
        if (order) refuse(options.command, order)
      }
    }
    await ledgerGates(initial, ledger)

    const run = runUrl(ctx.env)
    const placement = (state: EnvironmentState): Placement => ({
      digest,
      ...(facts.commit ? { commit: facts.commit } : {}),
      ...(facts.version ? { version: facts.version } : {}),
      at: now(),
      by: actor(ctx.env),
      ...(run ? { runUrl: run } : {}),
      kind: options.command,
      ...(options.command === 'rollback' && state.current
        ? { rolledBackFrom: state.current.digest }
        : {}),
      ...(config.reason ? { reason: config.reason } : {}),
    })
    // What a promote ships, from the commit the environment runs now; one read per such commit.
    const shipped = new Map<string, Promise<ChangeLog | undefined>>()
    const shipsFrom = (from: string | undefined): Promise<ChangeLog | undefined> => {
      if (options.command !== 'promote' || !from || !facts.commit) return Promise.resolve(undefined)
      const to = facts.commit
      if (!shipped.has(from)) {
        shipped.set(
          from,
          changeLogOrWarn(ctx, `${from}..${to}`, () =>
            shippedChanges({ cwd: ctx.cwd, from, to, remote: remoteHistory(config, ctx) }),
          ),
        )
      }
      return shipped.get(from)!
    }
    let ships: ChangeLog | undefined
    const next = (state: EnvironmentState): EnvironmentState => {
      const p = placement(state)
      if (options.command === 'promote') return applyPromote(state, p)
      // The hold a rollback sets carries the rollback's own time.
      const hold = { by: p.by, at: p.at, reason: config.reason ?? `rollback to ${digest}` }
      return applyRollback(state, p, config.holdOnRollback ? { hold } : {})
    }

    let before = initial.current
    let after: EnvironmentState = initial
    let moved = false
    if (ledger) {
      const result = await commitWithRetry(ledger, async (l) => {
        const state = await readEnvironment(l, env)
        // Another writer may have moved, held or marked bad since the first read: check again.
        await ledgerGates(state, l)
        before = state.current
        if (isInPlace(state, digest)) {
          after = state
          return 'noop'
        }
        after = next(state)
        ships = await shipsFrom(state.current?.commit)
        const files = await environmentFiles(l, state, after)
        if (facts.bytes) files[releasePath(digest)] = facts.bytes.toString('utf8')
        const message = describeMove(env, state.current, after.current!)
        return { files, message: ships ? `${message}\n\n${shipsMessage(ships)}` : message }
      })
      moved = result.outcome === 'committed'
      if (moved)
        ctx.logger.info(`ledger: ${describeMove(env, before, after.current!)} (${result.commit})`)
      else ctx.logger.info(`${env} already points to ${digest}: nothing to move`)
    } else if (!isInPlace(initial, digest)) {
      after = next(initial)
      ships = await shipsFrom(initial.current?.commit)
      moved = true
    }
    if (ships && moved) ctx.logger.info(`${env} ships ${describeChanges(ships)}`)
    // Projections are rewritten from the ledger even when nothing moved: a crashed writer's tags heal here.
    await syncTags(store, env, ledger, after, ctx)
    if (config.githubDeployment && after.current)
      await deploy(config, ctx, env, after.current, moved ? ships : undefined)
    if (options.command === 'rollback' && after.hold) {
      ctx.logger.info(
        `${env} is now on hold: promotes wait until \`immutable-release unhold --image ${describeTarget(config)} ` +
          `--environment ${env}\` (command: unhold in a workflow); hold-on-rollback: false rolls back without holding`,
      )
    }
    return {
      outputs: moveOutputs(config, env, options.command, before, after, moved),
      summary: moveSummary(
        config,
        env,
        options.command,
        before,
        after,
        moved,
        runLinks(ctx.env),
        ships,
      ),
    }
  } finally {
    await opened?.close()
  }
}

async function deploy(
  config: Config,
  ctx: CommandContext,
  env: string,
  current: Placement,
  ships?: ChangeLog,
): Promise<void> {
  const repository = ctx.env.GITHUB_REPOSITORY
  if (!config.githubToken || !repository) {
    ctx.logger.warning(
      'github-deployment is true but there is no github-token or GITHUB_REPOSITORY: no deployment written',
    )
    return
  }
  if (!current.commit) {
    // GitHub only takes a ref that exists in the repository; without the release commit there is none.
    ctx.logger.warning(
      `${current.digest} has no release commit in its record: no GitHub deployment written`,
    )
    return
  }
  const result = await projectDeployment(
    {
      apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
      token: config.githubToken,
      repository,
    },
    {
      environment: env,
      ref: current.commit,
      digest: current.digest,
      image: imageReference(config, current.digest),
      environmentUrl: config.environmentUrl,
      logUrl: current.runUrl,
      description: clip(
        `${current.kind} to ${current.digest.slice(0, 19)}${ships ? `: ${describeChanges(ships)}` : ''}`,
      ),
      production: /^prod/.test(env),
    },
    { log: (m) => ctx.logger.info(m) },
  )
  ctx.logger.info(
    `GitHub deployment ${result.id}${result.inactivated.length ? `; marked inactive: ${result.inactivated.join(', ')}` : ''}`,
  )
}

/** GitHub refuses a deployment description over 140 characters. */
function clip(text: string): string {
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`
}

/** The ledger commit's body: the sentence, then one line per commit. */
function shipsMessage(ships: ChangeLog): string {
  const lines = ships.commits.map(
    (c) => `${c.commit.slice(0, 12)} ${c.subject}${c.author ? ` (${c.author})` : ''}`,
  )
  if (ships.more > 0) lines.push(`... and ${ships.more} more`)
  return [`ships ${describeChanges(ships)}`, ...(lines.length ? ['', ...lines] : [])].join('\n')
}

export const promote = (config: Config, ctx: CommandContext) =>
  move(config, ctx, { command: 'promote' })
export const rollback = (config: Config, ctx: CommandContext) =>
  move(config, ctx, { command: 'rollback' })

/** hold / unhold / mark-bad: ledger-only changes, one commit each, no registry writes. */
async function ledgerChange(
  config: Config,
  ctx: CommandContext,
  command: 'hold' | 'unhold' | 'mark-bad',
  change: (state: EnvironmentState) => EnvironmentState | undefined,
  message: string,
): Promise<CommandResult> {
  const opened = await openLedger(config, ctx)
  if (!opened) {
    throw new UserError('INPUT_INVALID', `${command} needs a ledger`, {
      input: 'ledger',
      valid: 'a git URL or path (not none)',
    })
  }
  try {
    const env = environmentOf(config)
    checkNoExistingCollision(env, await ledgerEnvironments(opened.ledger))
    let after: EnvironmentState | undefined
    const result = await commitWithRetry(opened.ledger, async (l) => {
      const state = await readEnvironment(l, env)
      after = change(state)
      if (!after) return 'noop'
      return { files: await environmentFiles(l, state, after), message }
    })
    ctx.logger.info(
      result.outcome === 'committed' ? `ledger: ${message}` : `${env}: nothing to change`,
    )
    return {
      outputs: { environment: env, changed: String(result.outcome === 'committed') },
      summary: `### ${command} \`${cell(env)}\`\n\n${cell(message)}\n`,
    }
  } finally {
    await opened.close()
  }
}

export function hold(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const env = environmentOf(config)
  const by = actor(ctx.env)
  return ledgerChange(
    config,
    ctx,
    'hold',
    (s) =>
      s.hold
        ? undefined
        : applyHold(s, {
            by,
            at: now(),
            ...(config.reason ? { reason: config.reason } : {}),
          }),
    `${env}: hold by ${by}${config.reason ? `: ${config.reason}` : ''}`,
  )
}

export function unhold(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const env = environmentOf(config)
  return ledgerChange(
    config,
    ctx,
    'unhold',
    (s) => (s.hold ? applyUnhold(s) : undefined),
    `${env}: unhold by ${actor(ctx.env)}`,
  )
}

export async function markBad(config: Config, ctx: CommandContext): Promise<CommandResult> {
  if (!config.digest)
    throw new UserError('INPUT_MISSING', 'is required for mark-bad', {
      input: 'digest',
      valid: 'sha256:<64 hex>',
    })
  const digest = config.digest
  const mark: BadMark = {
    digest,
    by: actor(ctx.env),
    at: now(),
    ...(config.reason ? { reason: config.reason } : {}),
  }
  if (config.environment) {
    return ledgerChange(
      config,
      ctx,
      'mark-bad',
      (s) => {
        const next = applyMarkBad(s, mark)
        // applyMarkBad returns its input when the digest is already marked: nothing to write.
        return next === s ? undefined : next
      },
      `${config.environment}: mark ${digest} bad by ${mark.by}${config.reason ? `: ${config.reason}` : ''}`,
    )
  }
  const opened = await openLedger(config, ctx)
  if (!opened)
    throw new UserError('INPUT_INVALID', 'mark-bad needs a ledger', {
      input: 'ledger',
      valid: 'a git URL or path (not none)',
    })
  try {
    const result = await commitWithRetry(opened.ledger, async (l) => {
      const list = await readGlobalBad(l)
      if (list.some((b) => b.digest === digest)) return 'noop'
      return {
        files: { [GLOBAL_BAD]: `${JSON.stringify([...list, mark], null, 2)}\n` },
        message: `mark ${digest} bad everywhere by ${mark.by}`,
      }
    })
    return {
      outputs: { digest, changed: String(result.outcome === 'committed') },
      summary: `### mark-bad\n\n\`${digest}\` may not be promoted or rolled back to in any environment.\n`,
    }
  } finally {
    await opened.close()
  }
}

/**
 * Every placement of `env`, newest first: the bounded history of its file, then the older ones
 * archived in the history files. Logged one per line, as text, and as a table for the summary.
 */
function historySection(
  env: string,
  state: EnvironmentState,
  archived: Placement[],
  ctx: CommandContext,
): { text: string; markdown: string } {
  const all = [...state.history, ...archived]
  ctx.logger.info(
    `${env}: ${all.length} placement(s), ${archived.length} of them from history/${env}/`,
  )
  const lines = all.map(
    (p) =>
      `${env} history: ${p.at} ${p.kind} ${p.digest}${p.version ? ` (${p.version})` : ''} by ${p.by}${p.reason ? `: ${p.reason}` : ''}`,
  )
  for (const line of lines) ctx.logger.info(line)
  const markdown = [
    `#### History of ${code(env)}`,
    '',
    '| at | move | digest | version | by | reason |',
    '|---|---|---|---|---|---|',
    ...all.map(
      (p) =>
        `| ${p.at} | ${p.kind} | ${code(p.digest)} | ${cell(p.version ?? '')} | ${cell(p.by)} | ${cell(p.reason ?? '')} |`,
    ),
    '',
  ].join('\n')
  return { text: lines.join('\n'), markdown }
}

/**
 * `status`: each environment's current and previous from the ledger, and drift between the
 * ledger and the registry tags; `repair` rewrites the tags, `fail-on-drift` fails on drift;
 * `history` lists every past placement.
 */
export async function status(config: Config, ctx: CommandContext): Promise<CommandResult> {
  const store = await openTarget(config, ctx)
  const opened = await openLedger(config, ctx)
  try {
    const ledger = opened?.ledger
    const names = config.environment
      ? [config.environment]
      : ledger
        ? (await ledgerEnvironments(ledger)).filter((env) => {
            // A file added by hand (environments/Bad Name.json) must not hide every other row.
            const conflict = environmentNameConflict(env)
            if (conflict !== undefined) {
              ctx.logger.warning(
                `ledger file environments/${env}.json skipped: ${conflict}; rename or remove it on the ledger branch`,
              )
            }
            return conflict === undefined
          })
        : []
    await ledger?.prefetch(names.map(environmentPath))
    const rows: string[] = []
    const histories: { text: string; markdown: string }[] = []
    const drifts: Drift[] = []
    const views: Record<string, EnvironmentView> = {}
    for (const env of names) {
      const state = ledger ? await readEnvironment(ledger, env) : await stateFromTags(store, env)
      // Without a ledger the tags are the state: there is nothing they could drift from.
      let drift = ledger ? await driftOf(store, env, state) : []
      if (drift.length && config.repair) {
        await syncTags(store, env, ledger, state, ctx)
        drift = await driftOf(
          store,
          env,
          await (ledger ? readEnvironment(ledger, env) : stateFromTags(store, env)),
        )
      }
      drifts.push(...drift)
      views[env] = environmentView(state, drift)
      const c = state.current
      ctx.logger.info(
        `${env}: current ${c?.digest ?? 'none'}${c ? ` since ${c.at} by ${c.by} (${c.kind})` : ''}; previous ${state.previous?.digest ?? 'none'}${state.hold ? `; ON HOLD by ${state.hold.by}` : ''}`,
      )
      for (const d of drift)
        ctx.logger.warning(
          `drift: tag ${d.tag} is ${d.registry ?? 'missing'} in the registry, ${d.ledger} in the ledger`,
        )
      rows.push(
        `| ${cell(env)} | \`${short(c?.digest)}\` | ${c ? `${c.at} by ${cell(c.by)}` : ''} | \`${short(state.previous?.digest)}\` | ${state.hold ? `held by ${cell(state.hold.by)}` : ''} | ${drift.length ? drift.map((d) => `${cell(d.tag)}: ${short(d.registry)}`).join('<br>') : 'none'} |`,
      )
      if (config.history && ledger) {
        histories.push(historySection(env, state, await readArchivedHistory(ledger, env), ctx))
      }
    }
    if (drifts.length && config.failOnDrift) {
      throw new ReleaseError(
        'DRIFT',
        `${drifts.length} registry tag(s) differ from the ledger: ${drifts.map((d) => d.tag).join(', ')}`,
        {
          hint: 'run status with repair: true (or promote again) to rewrite the tags from the ledger',
        },
      )
    }
    return {
      outputs: {
        status: JSON.stringify(views),
        environments: names.join('\n'),
        drift: String(drifts.length > 0),
      },
      text: [statusTable(describeTarget(config), views), ...histories.map((h) => h.text)].join(
        '\n\n',
      ),
      summary: [
        `### Environments of \`${cell(describeTarget(config))}\``,
        '',
        '| environment | current | since | previous | hold | drift |',
        '|---|---|---|---|---|---|',
        ...rows,
        '',
        ...histories.map((h) => h.markdown),
      ].join('\n'),
    }
  } finally {
    await opened?.close()
  }
}
