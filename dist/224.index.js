export const id = 224;
export const ids = [224,613];
export const modules = {

/***/ 8224:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hold: () => (/* binding */ hold),
  markBad: () => (/* binding */ markBad),
  promote: () => (/* binding */ promote),
  rollback: () => (/* binding */ rollback),
  status: () => (/* binding */ environments_status),
  unhold: () => (/* binding */ unhold)
});

// EXTERNAL MODULE: ./src/oci/copy.ts
var copy = __webpack_require__(3748);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/api.ts
var github_api = __webpack_require__(8943);
;// CONCATENATED MODULE: ./src/github/deployments.ts
/**
 * GitHub Deployments as a second projection of the ledger (DESIGN.md §3): after a ledger commit
 * the environment's deployment view is rewritten so that only the ledger's current digest shows
 * as the active deployment. It is a view, never a source of truth, so it is safe to re-run and it
 * converges: a re-run that finds the view already right writes nothing.
 *
 * Plain values in and the global fetch out (no Octokit, no Actions toolkit), so the CLI and the
 * tests drive it against any server that speaks these few endpoints.
 */



/** Only the newest few matter: older ones were made inactive when they were superseded. */
const LOOKBACK = 10;
// GitHub refuses a status description longer than this with a 422.
const STATUS_DESCRIPTION_MAX = 140;
// A deployment of the digest left in these states was cut short (e.g. a killed job) and can be
// finished instead of duplicated.
const UNFINISHED = new Set(['pending', 'queued', 'in_progress']);
async function projectDeployment(target, move, options = {}) {
    checkMove(move);
    const api = (0,github_api/* openGitHubApi */.II)(target, options, {
        needs: 'write GitHub deployments',
        permission: 'deployments: write',
        may: 'write deployments to',
    });
    const env = move.environment;
    const existing = await api.get(`${api.repoPath}/deployments?environment=${encodeURIComponent(env)}&per_page=${LOOKBACK}`);
    if (!Array.isArray(existing) || existing.some((d) => typeof d?.id !== 'number')) {
        throw new github_api/* GitHubApiError */.OS(`listing the deployments of '${env}' gave no list of deployments`, {});
    }
    let current;
    let created = false;
    const newest = existing[0];
    if (newest && payloadDigest(newest.payload) === move.digest) {
        const state = await latestState(api, newest.id);
        if (state === 'success') {
            api.log(`deployment ${newest.id} of '${env}' already shows ${move.digest}`);
            current = newest.id;
        }
        else if (state === undefined || UNFINISHED.has(state)) {
            api.log(`finishing deployment ${newest.id} of '${env}' (${state ?? 'no status yet'})`);
            await postSuccess(api, newest.id, move);
            current = newest.id;
        }
        // failure, error or inactive: that attempt is over; a new deployment records this one.
    }
    if (current === undefined) {
        const deployment = await api.post(`${api.repoPath}/deployments`, {
            ref: move.ref,
            environment: env,
            description: move.description,
            // Both keep GitHub from merging the default branch or waiting on checks (202 / 409):
            // the digest is already built and gated, the view only records it.
            auto_merge: false,
            required_contexts: [],
            payload: { digest: move.digest, image: move.image },
            production_environment: move.production,
            transient_environment: false,
        });
        if (typeof deployment?.id !== 'number') {
            const why = typeof deployment?.message === 'string' ? `: ${deployment.message}` : '';
            throw new github_api/* GitHubApiError */.OS(`GitHub created no deployment for '${env}'${why}`, {});
        }
        current = deployment.id;
        created = true;
        await postSuccess(api, current, move);
        api.log(`deployment ${current} of '${env}' shows ${move.digest}`);
    }
    // Read after the success status, so what GitHub's auto_inactive already did is not repeated.
    // auto_inactive skips production environments, hence the explicit pass over all of them.
    const inactivated = [];
    for (const old of existing) {
        if (old.id === current)
            continue;
        if ((await latestState(api, old.id)) !== 'success')
            continue;
        await api.post(`${api.repoPath}/deployments/${old.id}/statuses`, {
            state: 'inactive',
            description: clip(`superseded by ${move.digest}`),
            auto_inactive: false,
        });
        inactivated.push(old.id);
    }
    if (inactivated.length > 0) {
        api.log(`marked deployment(s) ${inactivated.join(', ')} of '${env}' inactive`);
    }
    return { id: current, inactivated, created };
}
async function postSuccess(api, id, move) {
    await api.post(`${api.repoPath}/deployments/${id}/statuses`, {
        state: 'success',
        ...(move.environmentUrl ? { environment_url: move.environmentUrl } : {}),
        ...(move.logUrl ? { log_url: move.logUrl } : {}),
        description: clip(move.description),
        auto_inactive: true,
    });
}
/** Statuses are listed newest first; a deployment without any has no state yet. */
async function latestState(api, id) {
    const statuses = await api.get(`${api.repoPath}/deployments/${id}/statuses?per_page=1`);
    return Array.isArray(statuses) ? statuses[0]?.state : undefined;
}
/** Deployments created with a string payload come back as that string. */
function payloadDigest(payload) {
    let value = payload;
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return undefined;
        }
    }
    if (value === null || typeof value !== 'object')
        return undefined;
    const digest = value.digest;
    return typeof digest === 'string' ? digest : undefined;
}
function clip(text) {
    return text.length <= STATUS_DESCRIPTION_MAX
        ? text
        : `${text.slice(0, STATUS_DESCRIPTION_MAX - 1)}…`;
}
function checkMove(move) {
    if (!move.environment)
        throw new errors/* UserError */.yo('INPUT_MISSING', 'no environment to deploy to', {
            input: 'environment',
        });
    if (!move.ref)
        throw new errors/* ReleaseError */.K2('INTERNAL', 'a deployment needs a ref');
    if (!move.digest)
        throw new errors/* ReleaseError */.K2('INTERNAL', 'a deployment needs a digest');
    if (move.environmentUrl !== undefined && !(0,github_api/* isHttpUrl */.q$)(move.environmentUrl)) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `'${move.environmentUrl}' is not an http(s) URL`, {
            input: 'environment-url',
            valid: 'an absolute http:// or https:// URL',
        });
    }
}

// EXTERNAL MODULE: ./src/release/environment.ts
var environment = __webpack_require__(9580);
// EXTERNAL MODULE: ./src/release/ledger.ts
var release_ledger = __webpack_require__(6196);
// EXTERNAL MODULE: ./src/commands/ledger-access.ts
var ledger_access = __webpack_require__(520);
// EXTERNAL MODULE: ./src/commands/release-summary.ts
var release_summary = __webpack_require__(4230);
// EXTERNAL MODULE: ./src/commands/target.ts
var target = __webpack_require__(6465);
// EXTERNAL MODULE: ./src/commands/verify.ts
var verify = __webpack_require__(3613);
;// CONCATENATED MODULE: ./src/commands/environments.ts









const GLOBAL_BAD = 'bad.json';
/** Whole seconds, as every time in the ledger. */
function now() {
    return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function refuse(command, refusal) {
    throw new errors/* ReleaseError */.K2('GATE_REFUSED', `${command} refused by gate '${refusal.gate}': ${refusal.message}`, {
        hint: 'nothing was written; fix what the gate names, or choose another digest',
    });
}
function environmentOf(config) {
    if (!config.environment) {
        throw new errors/* UserError */.yo('INPUT_MISSING', 'is required for this command', {
            input: 'environment',
            valid: 'a name like staging or production',
        });
    }
    return config.environment;
}
async function globalBad(ledger) {
    const text = ledger && (await ledger.read(GLOBAL_BAD));
    if (!text)
        return [];
    let list;
    try {
        list = JSON.parse(text);
    }
    catch (e) {
        list = e;
    }
    if (!Array.isArray(list) || !list.every((m) => typeof m?.digest === 'string')) {
        throw new errors/* ReleaseError */.K2('LEDGER_CORRUPT', `ledger file ${GLOBAL_BAD} is not a list of bad marks`, {
            hint: `restore it from the ledger branch's history (git log -- ${GLOBAL_BAD})`,
        });
    }
    return list;
}
/** The registry gates, all before any write: the manifest exists, its signatures, record and provenance verify. */
async function registryGates(config, ctx, store, command, digest) {
    const subject = await store.headManifest(digest);
    if (!subject)
        refuse(command, {
            gate: 'unknown-digest',
            message: `${(0,target/* describeTarget */.ff)(config)}@${digest} does not exist`,
        });
    const trust = await (0,verify.trustFrom)(config, ctx);
    if (config.requireSignature)
        (0,verify.requireTrust)(trust, command);
    try {
        const { checks, record } = await (0,verify.verifyImageWithRecord)(store, (0,target/* describeTarget */.ff)(config), subject, trust);
        for (const c of checks)
            ctx.logger.info(`gate ok  ${c.name}: ${c.detail}`);
        const r = JSON.parse(record.blob.toString('utf8'));
        return { commit: r.source?.commit, version: r.version ?? undefined, bytes: record.blob };
    }
    catch (e) {
        if (e instanceof errors/* ReleaseError */.K2 && e.code === 'VERIFY_FAILED') {
            const gate = /verify failed at '([^']+)'/.exec(e.message)?.[1] ?? 'verify';
            refuse(command, {
                gate: gate.startsWith('record')
                    ? 'record'
                    : gate.startsWith('provenance')
                        ? 'provenance'
                        : 'signature',
                message: e.message,
            });
        }
        throw e;
    }
}
/** The digest a promote moves to: `digest`, the image's digest or tag, or `from-environment`'s current. */
async function promoteTarget(config, store, ledger) {
    if (config.digest)
        return config.digest;
    const ref = config.image.kind === 'registry' ? config.image.ref : undefined;
    if (ref?.digest)
        return ref.digest;
    if (ref?.tag) {
        const found = await store.headManifest(ref.tag);
        if (!found)
            refuse('promote', {
                gate: 'unknown-digest',
                message: `tag ${ref.tag} does not exist in ${(0,target/* describeTarget */.ff)(config)}`,
            });
        return found.digest;
    }
    if (config.fromEnvironment) {
        const digest = ledger
            ? (await (0,ledger_access/* readEnvironment */.Qo)(ledger, config.fromEnvironment)).current?.digest
            : (await store.headManifest(config.fromEnvironment))?.digest;
        if (!digest)
            refuse('promote', {
                gate: 'lifecycle',
                message: `environment ${config.fromEnvironment} has nothing current to promote`,
            });
        return digest;
    }
    throw new errors/* UserError */.yo('INPUT_MISSING', 'promote needs a target', {
        input: 'digest',
        valid: 'digest, an image reference with a tag (sha-<commit> or a version) or a digest, or from-environment',
    });
}
/**
 * Rewrites `<env>-previous`, then `<env>`, to the ledger's state (the previous digest is never
 * left unreferenced), reads them back, and goes again while the ledger head moved meanwhile:
 * racing writers converge on the last commit.
 */
async function syncTags(store, env, ledger, state, ctx) {
    for (let round = 0; round < 5; round++) {
        const head = ledger?.head;
        for (const [tag, placement] of [
            [`${env}-previous`, state.previous],
            [env, state.current],
        ]) {
            if (!placement)
                continue;
            for (const t of await (0,copy/* pointTags */.SK)(store, [tag], placement))
                ctx.logger.info(`tag ${t} -> ${placement.digest}`);
        }
        if (!ledger)
            return;
        await ledger.refresh();
        if (ledger.head === head)
            return;
        state = await (0,ledger_access/* readEnvironment */.Qo)(ledger, env);
    }
}
async function driftOf(store, env, state) {
    const drift = [];
    for (const [tag, placement] of [
        [env, state.current],
        [`${env}-previous`, state.previous],
    ]) {
        const registry = (await store.headManifest(tag))?.digest;
        if (placement && registry !== placement.digest)
            drift.push({ tag, ledger: placement.digest, registry });
    }
    return drift;
}
function environments_short(digest) {
    return digest ? `${digest.slice(0, 19)}…` : 'none';
}
function moveSummary(config, env, command, before, after, moved) {
    const rows = [
        ['Environment', (0,release_summary/* cell */.H)(env)],
        [
            'Now',
            after
                ? `\`${after.digest}\`${after.version ? ` (${(0,release_summary/* cell */.H)(after.version)})` : ''}${after.commit ? ` commit \`${after.commit.slice(0, 12)}\`` : ''}`
                : 'none',
        ],
        [
            'Before',
            before
                ? `\`${before.digest}\`${before.version ? ` (${(0,release_summary/* cell */.H)(before.version)})` : ''}${before.commit ? ` commit \`${before.commit.slice(0, 12)}\`` : ''}`
                : 'none',
        ],
        ['By', after ? `${(0,release_summary/* cell */.H)(after.by)} at ${after.at}` : ''],
        ['Moved', moved ? 'yes' : 'no: it was already there'],
    ];
    const lines = [
        `### ${command} \`${(0,release_summary/* cell */.H)(env)}\` of \`${(0,release_summary/* cell */.H)((0,target/* describeTarget */.ff)(config))}\``,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
    ];
    if (after && command !== 'hold' && command !== 'unhold') {
        lines.push('To roll back:', '', '```sh', `immutable-release rollback --image ${(0,target/* describeTarget */.ff)(config)} --environment ${env} --reason "..."`, '```', '', `or run the rollback workflow (\`workflow_dispatch\`) with \`environment: ${env}\`.`, '');
    }
    return lines.join('\n');
}
function moveOutputs(config, env, before, after, moved) {
    return {
        environment: env,
        'previous-digest': before?.digest ?? '',
        digest: after?.digest ?? '',
        image: after ? (0,target/* imageReference */.rA)(config, after.digest) : '',
        promoted: String(moved),
    };
}
async function move(config, ctx, options) {
    const env = environmentOf(config);
    const store = await (0,target/* openTarget */.Ap)(config, ctx);
    // A promote to a named digest needs nothing from the ledger for its registry gates: both at once.
    const early = options.command === 'promote' && config.digest
        ? registryGates(config, ctx, store, options.command, config.digest)
        : undefined;
    early?.catch(() => undefined);
    let opened;
    try {
        opened = await (0,ledger_access/* openLedger */.au)(config, ctx);
    }
    catch (e) {
        await early?.catch(() => undefined);
        throw e;
    }
    const ledger = opened?.ledger;
    try {
        const initial = ledger ? await (0,ledger_access/* readEnvironment */.Qo)(ledger, env) : await stateFromTags(store, env);
        let digest;
        if (options.command === 'promote')
            digest = await promoteTarget(config, store, ledger);
        else {
            const noPrevious = config.to ? undefined : (0,environment/* checkRollbackTarget */.Gt)(initial);
            if (noPrevious)
                refuse('rollback', noPrevious);
            digest = config.to ?? initial.previous.digest;
        }
        const facts = await (early ?? registryGates(config, ctx, store, options.command, digest));
        const lifecycleSource = options.command === 'promote' ? (config.requires ?? config.fromEnvironment) : undefined;
        const ledgerGates = async (state, l) => {
            const bad = (0,environment/* checkNotBad */.$s)(state, digest, await globalBad(l));
            if (bad)
                refuse(options.command, bad);
            const hold = (0,environment/* checkNotOnHold */.mu)(state, options.command);
            if (hold)
                refuse(options.command, hold);
            if (lifecycleSource) {
                const source = l ? await (0,ledger_access/* readEnvironment */.Qo)(l, lifecycleSource) : undefined;
                const order = (0,environment/* checkLifecycle */.lq)(source, digest, { target: env, source: lifecycleSource });
                if (order)
                    refuse(options.command, order);
            }
        };
        await ledgerGates(initial, ledger);
        const placement = (state) => ({
            digest,
            ...(facts.commit ? { commit: facts.commit } : {}),
            ...(facts.version ? { version: facts.version } : {}),
            at: now(),
            by: (0,ledger_access/* actor */.eN)(ctx.env),
            ...((0,ledger_access/* runUrl */.Vp)(ctx.env) ? { runUrl: (0,ledger_access/* runUrl */.Vp)(ctx.env) } : {}),
            kind: options.command,
            ...(options.command === 'rollback' && state.current
                ? { rolledBackFrom: state.current.digest }
                : {}),
            ...(config.reason ? { reason: config.reason } : {}),
        });
        const next = (state) => {
            const p = placement(state);
            if (options.command === 'promote')
                return (0,environment/* applyPromote */.Zu)(state, p);
            // The hold a rollback sets carries the rollback's own time.
            const hold = { by: p.by, at: p.at, reason: config.reason ?? `rollback to ${digest}` };
            return (0,environment/* applyRollback */.Pw)(state, p, config.holdOnRollback ? { hold } : {});
        };
        let before = initial.current;
        let after = initial;
        let moved = false;
        if (ledger) {
            const result = await (0,release_ledger/* commitWithRetry */.Cv)(ledger, async (l) => {
                const state = await (0,ledger_access/* readEnvironment */.Qo)(l, env);
                // Another writer may have moved, held or marked bad since the first read: check again.
                await ledgerGates(state, l);
                before = state.current;
                if ((0,environment/* isInPlace */.RS)(state, digest)) {
                    after = state;
                    return 'noop';
                }
                after = next(state);
                const files = {
                    [(0,release_ledger/* environmentPath */.FQ)(env)]: (0,environment/* serializeEnvironment */.qB)(after),
                };
                if (facts.bytes)
                    files[(0,release_ledger/* releasePath */.bD)(digest)] = facts.bytes.toString('utf8');
                return { files, message: (0,environment/* describeMove */.xS)(env, state.current, after.current) };
            });
            moved = result.outcome === 'committed';
            if (moved)
                ctx.logger.info(`ledger: ${(0,environment/* describeMove */.xS)(env, before, after.current)} (${result.commit})`);
            else
                ctx.logger.info(`${env} already points to ${digest}: nothing to move`);
        }
        else if (!(0,environment/* isInPlace */.RS)(initial, digest)) {
            after = next(initial);
            moved = true;
        }
        // Projections are rewritten from the ledger even when nothing moved: a crashed writer's tags heal here.
        await syncTags(store, env, ledger, after, ctx);
        if (config.githubDeployment && after.current)
            await deploy(config, ctx, env, after.current);
        return {
            outputs: moveOutputs(config, env, before, after.current, moved),
            summary: moveSummary(config, env, options.command, before, after.current, moved),
        };
    }
    finally {
        await opened?.close();
    }
}
async function deploy(config, ctx, env, current) {
    const repository = ctx.env.GITHUB_REPOSITORY;
    if (!config.githubToken || !repository) {
        ctx.logger.warning('github-deployment is true but there is no github-token or GITHUB_REPOSITORY: no deployment written');
        return;
    }
    if (!current.commit) {
        // GitHub only takes a ref that exists in the repository; without the release commit there is none.
        ctx.logger.warning(`${current.digest} has no release commit in its record: no GitHub deployment written`);
        return;
    }
    const result = await projectDeployment({
        apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
        token: config.githubToken,
        repository,
    }, {
        environment: env,
        ref: current.commit,
        digest: current.digest,
        image: (0,target/* imageReference */.rA)(config, current.digest),
        environmentUrl: config.environmentUrl,
        logUrl: current.runUrl,
        description: `${current.kind} to ${current.digest.slice(0, 19)}`,
        production: /^prod/.test(env),
    }, { log: (m) => ctx.logger.info(m) });
    ctx.logger.info(`GitHub deployment ${result.id}${result.inactivated.length ? `; marked inactive: ${result.inactivated.join(', ')}` : ''}`);
}
/** With `ledger: none` the registry tags are the only state. */
async function stateFromTags(store, env) {
    const at = new Date(0).toISOString();
    const placement = async (tag) => {
        const d = await store.headManifest(tag);
        return d && { digest: d.digest, at, by: 'unknown', kind: 'promote' };
    };
    return {
        schemaVersion: 1,
        environment: env,
        current: await placement(env),
        previous: await placement(`${env}-previous`),
        history: [],
        bad: [],
    };
}
const promote = (config, ctx) => move(config, ctx, { command: 'promote' });
const rollback = (config, ctx) => move(config, ctx, { command: 'rollback' });
/** hold / unhold / mark-bad: ledger-only changes, one commit each, no registry writes. */
async function ledgerChange(config, ctx, command, change, message) {
    const opened = await (0,ledger_access/* openLedger */.au)(config, ctx);
    if (!opened) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `${command} needs a ledger`, {
            input: 'ledger',
            valid: 'a git URL or path (not none)',
        });
    }
    try {
        const env = environmentOf(config);
        let after;
        const result = await (0,release_ledger/* commitWithRetry */.Cv)(opened.ledger, async (l) => {
            const state = await (0,ledger_access/* readEnvironment */.Qo)(l, env);
            after = change(state);
            if (!after)
                return 'noop';
            return { files: { [(0,release_ledger/* environmentPath */.FQ)(env)]: (0,environment/* serializeEnvironment */.qB)(after) }, message };
        });
        ctx.logger.info(result.outcome === 'committed' ? `ledger: ${message}` : `${env}: nothing to change`);
        return {
            outputs: { environment: env, changed: String(result.outcome === 'committed') },
            summary: `### ${command} \`${(0,release_summary/* cell */.H)(env)}\`\n\n${(0,release_summary/* cell */.H)(message)}\n`,
        };
    }
    finally {
        await opened.close();
    }
}
function hold(config, ctx) {
    const env = environmentOf(config);
    const by = (0,ledger_access/* actor */.eN)(ctx.env);
    return ledgerChange(config, ctx, 'hold', (s) => s.hold
        ? undefined
        : (0,environment/* applyHold */.UO)(s, {
            by,
            at: now(),
            ...(config.reason ? { reason: config.reason } : {}),
        }), `${env}: hold by ${by}${config.reason ? `: ${config.reason}` : ''}`);
}
function unhold(config, ctx) {
    const env = environmentOf(config);
    return ledgerChange(config, ctx, 'unhold', (s) => (s.hold ? (0,environment/* applyUnhold */.PV)(s) : undefined), `${env}: unhold by ${(0,ledger_access/* actor */.eN)(ctx.env)}`);
}
async function markBad(config, ctx) {
    if (!config.digest)
        throw new errors/* UserError */.yo('INPUT_MISSING', 'is required for mark-bad', {
            input: 'digest',
            valid: 'sha256:<64 hex>',
        });
    const digest = config.digest;
    const mark = {
        digest,
        by: (0,ledger_access/* actor */.eN)(ctx.env),
        at: now(),
        ...(config.reason ? { reason: config.reason } : {}),
    };
    if (config.environment) {
        return ledgerChange(config, ctx, 'mark-bad', (s) => {
            const next = (0,environment/* applyMarkBad */.$1)(s, mark);
            // applyMarkBad returns its input when the digest is already marked: nothing to write.
            return next === s ? undefined : next;
        }, `${config.environment}: mark ${digest} bad by ${mark.by}${config.reason ? `: ${config.reason}` : ''}`);
    }
    const opened = await (0,ledger_access/* openLedger */.au)(config, ctx);
    if (!opened)
        throw new errors/* UserError */.yo('INPUT_INVALID', 'mark-bad needs a ledger', {
            input: 'ledger',
            valid: 'a git URL or path (not none)',
        });
    try {
        const result = await (0,release_ledger/* commitWithRetry */.Cv)(opened.ledger, async (l) => {
            const list = await globalBad(l);
            if (list.some((b) => b.digest === digest))
                return 'noop';
            return {
                files: { [GLOBAL_BAD]: `${JSON.stringify([...list, mark], null, 2)}\n` },
                message: `mark ${digest} bad everywhere by ${mark.by}`,
            };
        });
        return {
            outputs: { digest, changed: String(result.outcome === 'committed') },
            summary: `### mark-bad\n\n\`${digest}\` may not be promoted or rolled back to in any environment.\n`,
        };
    }
    finally {
        await opened.close();
    }
}
/**
 * `status`: each environment's current and previous from the ledger, and drift between the
 * ledger and the registry tags; `repair` rewrites the tags, `fail-on-drift` fails on drift.
 */
async function environments_status(config, ctx) {
    const store = await (0,target/* openTarget */.Ap)(config, ctx);
    const opened = await (0,ledger_access/* openLedger */.au)(config, ctx);
    try {
        const ledger = opened?.ledger;
        const names = config.environment
            ? [config.environment]
            : ledger
                ? (await ledger.list('environments'))
                    .filter((f) => f.endsWith('.json'))
                    .map((f) => f.slice(0, -5))
                    .sort()
                : [];
        const rows = [];
        const drifts = [];
        for (const env of names) {
            const state = ledger ? await (0,ledger_access/* readEnvironment */.Qo)(ledger, env) : await stateFromTags(store, env);
            // Without a ledger the tags are the state: there is nothing they could drift from.
            let drift = ledger ? await driftOf(store, env, state) : [];
            if (drift.length && config.repair) {
                await syncTags(store, env, ledger, state, ctx);
                drift = await driftOf(store, env, await (ledger ? (0,ledger_access/* readEnvironment */.Qo)(ledger, env) : stateFromTags(store, env)));
            }
            drifts.push(...drift);
            const c = state.current;
            ctx.logger.info(`${env}: current ${c?.digest ?? 'none'}${c ? ` since ${c.at} by ${c.by} (${c.kind})` : ''}; previous ${state.previous?.digest ?? 'none'}${state.hold ? `; ON HOLD by ${state.hold.by}` : ''}`);
            for (const d of drift)
                ctx.logger.warning(`drift: tag ${d.tag} is ${d.registry ?? 'missing'} in the registry, ${d.ledger} in the ledger`);
            rows.push(`| ${(0,release_summary/* cell */.H)(env)} | \`${environments_short(c?.digest)}\` | ${c ? `${c.at} by ${(0,release_summary/* cell */.H)(c.by)}` : ''} | \`${environments_short(state.previous?.digest)}\` | ${state.hold ? `held by ${(0,release_summary/* cell */.H)(state.hold.by)}` : ''} | ${drift.length ? drift.map((d) => `${(0,release_summary/* cell */.H)(d.tag)}: ${environments_short(d.registry)}`).join('<br>') : 'none'} |`);
        }
        if (drifts.length && config.failOnDrift) {
            throw new errors/* ReleaseError */.K2('DRIFT', `${drifts.length} registry tag(s) differ from the ledger: ${drifts.map((d) => d.tag).join(', ')}`, {
                hint: 'run status with repair: true (or promote again) to rewrite the tags from the ledger',
            });
        }
        return {
            outputs: { drift: String(drifts.length > 0), environments: names.join('\n') },
            summary: [
                `### Environments of \`${(0,release_summary/* cell */.H)((0,target/* describeTarget */.ff)(config))}\``,
                '',
                '| environment | current | since | previous | hold | drift |',
                '|---|---|---|---|---|---|',
                ...rows,
                '',
            ].join('\n'),
        };
    }
    finally {
        await opened?.close();
    }
}


/***/ }),

/***/ 3613:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   requireTrust: () => (/* binding */ requireTrust),
/* harmony export */   trustFrom: () => (/* binding */ trustFrom),
/* harmony export */   verify: () => (/* binding */ verify),
/* harmony export */   verifyImage: () => (/* binding */ verifyImage),
/* harmony export */   verifyImageWithRecord: () => (/* binding */ verifyImageWithRecord)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9217);
/* harmony import */ var _release_record_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6776);
/* harmony import */ var _sign_bundle_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7766);
/* harmony import */ var _sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(5604);
/* harmony import */ var _sign_cosign_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7126);
/* harmony import */ var _sign_keys_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2821);
/* harmony import */ var _sign_provenance_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(890);
/* harmony import */ var _sign_referrer_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1354);
/* harmony import */ var _release_summary_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(4230);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6465);












const PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
async function trustFrom(config, ctx) {
    if (config.verifyKey)
        return { kind: 'key', key: await (0,_sign_keys_js__WEBPACK_IMPORTED_MODULE_6__/* .loadPublicKey */ .fg)(config.verifyKey, 'verify-key', ctx.cwd) };
    if (config.certificateIdentity || config.certificateIdentityRegexp) {
        // The public-good root comes from Sigstore's TUF repository; here it is a file the caller names.
        const path = ctx.env.SIGSTORE_TRUSTED_ROOT;
        if (!path) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_MISSING', 'keyless verification needs a Sigstore trusted root', {
                input: 'SIGSTORE_TRUSTED_ROOT',
                valid: 'the path of a trusted_root.json (e.g. from `cosign trusted-root create` or the Sigstore TUF repository)',
            });
        }
        return {
            kind: 'keyless',
            policy: {
                certificateIdentity: config.certificateIdentity,
                certificateIdentityRegexp: config.certificateIdentityRegexp,
                certificateOidcIssuer: config.certificateOidcIssuer,
            },
            trustedRoot: await readTrustedRoot(path),
        };
    }
    return undefined;
}
/** verify needs a trust; promotion gates may do without when `require-signature` is false. */
function requireTrust(trust, command) {
    if (trust)
        return trust;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_MISSING', `${command} needs to know what a valid signature is`, {
        input: 'verify-key',
        valid: 'verify-key (a public key PEM or file), or certificate-identity / certificate-identity-regexp with certificate-oidc-issuer',
    });
}
/** The digest to verify: the `digest` input, the reference's digest, or its tag resolved and reported. */
async function resolveSubject(config, store, ctx) {
    const ref = config.image.kind === 'registry' ? config.image.ref : undefined;
    const reference = config.digest ??
        ref?.digest ??
        ref?.tag ??
        (config.image.kind === 'layout' ? config.image.layout.tag : undefined);
    if (!reference) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_MISSING', 'names no image to verify', {
            input: 'digest',
            valid: 'a digest (sha256:…), or an image reference with a tag or digest',
        });
    }
    const found = await store.headManifest(reference);
    if (!found) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('VERIFY_FAILED', `${(0,_target_js__WEBPACK_IMPORTED_MODULE_9__/* .describeTarget */ .ff)(config)}: ${reference} does not exist`, {
            hint: 'check the image and digest; nothing to verify',
        });
    }
    if (!reference.includes(':'))
        ctx.logger.info(`tag ${reference} resolves to ${found.digest}`);
    return found;
}
async function verifyBundle(bundle, trust, digest, predicateType) {
    return trust.kind === 'key'
        ? (0,_sign_bundle_js__WEBPACK_IMPORTED_MODULE_4__/* .verifyKeyBundle */ .ZX)(bundle, trust.key, digest, predicateType)
        : (await Promise.all(/* import() */[__webpack_require__.e(179), __webpack_require__.e(891)]).then(__webpack_require__.bind(__webpack_require__, 2891))).verifyKeylessBundle(bundle, trust.policy, trust.trustedRoot, {
            subjectDigest: digest,
            predicateType,
        });
}
function signatureMaterial(store, repository, digest, trust, referrers) {
    // The legacy lookup starts now, alongside the referrers; its failure is reported in order below.
    const legacy = trust.kind === 'key' ? (0,_sign_cosign_js__WEBPACK_IMPORTED_MODULE_5__/* .verifyLegacyIfPresent */ .Ft)(store, repository, digest, trust.key) : undefined;
    legacy?.catch(() => undefined);
    return referrers.then((all) => ({
        bundles: all.filter((r) => r.manifest.artifactType === _sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_10__/* .BUNDLE_MEDIA_TYPE */ .N &&
            r.manifest.annotations?.[PREDICATE_ANNOTATION] === _sign_bundle_js__WEBPACK_IMPORTED_MODULE_4__/* .COSIGN_SIGN_PREDICATE_TYPE */ .Z4),
        legacy,
    }));
}
/**
 * Signatures of `digest` in every format present: a format that is present must verify; at least
 * one must be present. Returns a line per format checked.
 */
async function verifySignatures(material, digest, trust, what) {
    const checks = [];
    const { bundles } = material;
    if (bundles.length) {
        const errors = [];
        let ok = 0;
        for (const b of bundles) {
            try {
                await verifyBundle(JSON.parse(b.blob.toString('utf8')), trust, digest, _sign_bundle_js__WEBPACK_IMPORTED_MODULE_4__/* .COSIGN_SIGN_PREDICATE_TYPE */ .Z4);
                ok++;
            }
            catch (e) {
                errors.push(e.message);
            }
        }
        if (!ok)
            fail(`${what}: bundle signature`, `none of ${bundles.length} verifies: ${errors.join('; ')}`);
        checks.push({ name: `${what}: bundle signature`, detail: `${ok} of ${bundles.length} verify` });
    }
    if (material.legacy) {
        const r = await material.legacy.catch((e) => fail(`${what}: legacy signature`, e.message));
        if (r)
            checks.push({
                name: `${what}: legacy signature`,
                detail: `${r.verified} of ${r.total} verify`,
            });
    }
    if (!checks.length)
        fail(`${what}: signature`, `no signature of ${digest} found (neither a bundle referrer nor ${(0,_sign_cosign_js__WEBPACK_IMPORTED_MODULE_5__/* .signatureTag */ .bG)(digest)})`);
    return checks;
}
function fail(check, detail) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('VERIFY_FAILED', `verify failed at '${check}': ${detail}`, {
        hint: 'the image, its signature, record or provenance is not what the signer published; do not deploy it',
    });
}
/**
 * `verify`: every signature format present on the image (and on each platform of an index), the
 * release record (present, signed, naming this digest) and the SLSA provenance (signed, complete,
 * naming this digest). Fails with the first check that does not hold.
 */
/**
 * The checks of `verify` on a resolved image: signatures (the image and each platform), the
 * record and the provenance; without a trust, only the record (promotion with
 * `require-signature: false`). Throws VERIFY_FAILED naming the first check that fails.
 */
async function verifyImage(store, repository, subject, trust) {
    return (await verifyImageWithRecord(store, repository, subject, trust)).checks;
}
/** verifyImage, also handing back the record it checked (promote writes it to the ledger). */
async function verifyImageWithRecord(store, repository, subject, trust) {
    const checks = [{ name: 'image', detail: `${repository}@${subject.digest} exists` }];
    // Everything that refers to the image, read once: bundles, provenance and the record.
    const referrers = (0,_sign_referrer_js__WEBPACK_IMPORTED_MODULE_8__/* .readAllReferrers */ .IB)(store, subject.digest, [
        _sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_10__/* .BUNDLE_MEDIA_TYPE */ .N,
        _release_record_js__WEBPACK_IMPORTED_MODULE_3__/* .RECORD_ARTIFACT_TYPE */ .yq,
    ]);
    referrers.catch(() => undefined);
    const material = trust && signatureMaterial(store, repository, subject.digest, trust, referrers);
    material?.catch(() => undefined);
    const record = referrers.then((all) => all.filter((r) => r.manifest.artifactType === _release_record_js__WEBPACK_IMPORTED_MODULE_3__/* .RECORD_ARTIFACT_TYPE */ .yq).pop());
    // The record's own signatures, as soon as the record is known.
    const recordMaterial = trust
        ? record.then((r) => r &&
            signatureMaterial(store, repository, r.descriptor.digest, trust, (0,_sign_referrer_js__WEBPACK_IMPORTED_MODULE_8__/* .readAllReferrers */ .IB)(store, r.descriptor.digest, [_sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_10__/* .BUNDLE_MEDIA_TYPE */ .N])))
        : undefined;
    recordMaterial?.catch(() => undefined);
    if (trust) {
        checks.push(...(await verifySignatures((await material), subject.digest, trust, 'image')));
        if ((0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexType */ .$U)(subject.mediaType)) {
            const index = JSON.parse((await store.getManifest(subject.digest)).bytes.toString('utf8'));
            const children = index.manifests.map((child) => signatureMaterial(store, repository, child.digest, trust, (0,_sign_referrer_js__WEBPACK_IMPORTED_MODULE_8__/* .readAllReferrers */ .IB)(store, child.digest, [_sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_10__/* .BUNDLE_MEDIA_TYPE */ .N])));
            for (const c of children)
                c.catch(() => undefined);
            for (const [i, child] of index.manifests.entries()) {
                const name = [child.platform?.os, child.platform?.architecture, child.platform?.variant]
                    .filter(Boolean)
                    .join('/');
                checks.push(...(await verifySignatures(await children[i], child.digest, trust, `platform ${name || child.digest}`)));
            }
        }
    }
    const found = await record;
    if (!found)
        fail('record', `no release record refers to ${subject.digest}`);
    const problems = (0,_release_record_js__WEBPACK_IMPORTED_MODULE_3__/* .checkRecord */ .EQ)(found.blob, { digest: subject.digest });
    if (problems.length)
        fail('record', problems.join('; '));
    checks.push({ name: 'record', detail: `${found.descriptor.digest} names this digest` });
    if (!trust)
        return { checks, record: found };
    checks.push(...(await verifySignatures((await recordMaterial), found.descriptor.digest, trust, 'record')));
    const provenance = (await referrers).filter((r) => r.manifest.artifactType === _sign_bundle_signer_js__WEBPACK_IMPORTED_MODULE_10__/* .BUNDLE_MEDIA_TYPE */ .N &&
        r.manifest.annotations?.[PREDICATE_ANNOTATION] === _sign_provenance_js__WEBPACK_IMPORTED_MODULE_7__/* .SLSA_PROVENANCE_V1 */ .us);
    if (!provenance.length)
        fail('provenance', `no SLSA provenance refers to ${subject.digest}`);
    const errors = [];
    let verified;
    for (const p of provenance) {
        try {
            const statement = await verifyBundle(JSON.parse(p.blob.toString('utf8')), trust, subject.digest, _sign_provenance_js__WEBPACK_IMPORTED_MODULE_7__/* .SLSA_PROVENANCE_V1 */ .us);
            const missing = (0,_sign_provenance_js__WEBPACK_IMPORTED_MODULE_7__/* .checkProvenance */ .ch)(statement, subject.digest);
            if (missing.length)
                throw new Error(missing.join('; '));
            verified = p.descriptor;
            break;
        }
        catch (e) {
            errors.push(e.message);
        }
    }
    if (!verified)
        fail('provenance', errors.join('; '));
    checks.push({
        name: 'provenance',
        detail: `${verified.digest}: signed, SLSA v1 fields present, subject is this digest`,
    });
    return { checks, record: found };
}
async function verify(config, ctx) {
    const trust = requireTrust(await trustFrom(config, ctx), 'verify');
    const store = await (0,_target_js__WEBPACK_IMPORTED_MODULE_9__/* .openTarget */ .Ap)(config, ctx);
    const subject = await resolveSubject(config, store, ctx);
    const repository = (0,_target_js__WEBPACK_IMPORTED_MODULE_9__/* .describeTarget */ .ff)(config);
    const checks = await verifyImage(store, repository, subject, trust);
    for (const c of checks)
        ctx.logger.info(`ok  ${c.name}: ${c.detail}`);
    return {
        outputs: {
            digest: subject.digest,
            image: (0,_target_js__WEBPACK_IMPORTED_MODULE_9__/* .imageReference */ .rA)(config, subject.digest),
            verified: 'true',
        },
        summary: [
            `### Verified \`${(0,_release_summary_js__WEBPACK_IMPORTED_MODULE_11__/* .cell */ .H)(repository)}@${subject.digest}\``,
            '',
            '| check | result |',
            '|---|---|',
            ...checks.map((c) => `| ${(0,_release_summary_js__WEBPACK_IMPORTED_MODULE_11__/* .cell */ .H)(c.name)} | ${(0,_release_summary_js__WEBPACK_IMPORTED_MODULE_11__/* .cell */ .H)(c.detail)} |`),
            '',
        ].join('\n'),
    };
}
async function readTrustedRoot(path) {
    try {
        return JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8'));
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `cannot read a trusted root from ${path}`, {
            input: 'SIGSTORE_TRUSTED_ROOT',
            valid: 'the path of a Sigstore trusted_root.json',
            cause: e,
        });
    }
}


/***/ }),

/***/ 3748:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L1: () => (/* binding */ copyImage),
/* harmony export */   SK: () => (/* binding */ pointTags),
/* harmony export */   sf: () => (/* binding */ mapLimit)
/* harmony export */ });
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9217);
/* harmony import */ var _referrers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(961);


/**
 * Runs `work` over `items` with at most `limit` in flight. After a failure no new item starts,
 * and the call settles only when the ones under way have, so nothing runs on after it returns.
 */
async function mapLimit(items, limit, work) {
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && next < items.length) {
            const item = items[next++];
            try {
                await work(item);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure)
        throw failure.error;
}
async function walk(src, root, graph, seen) {
    if (seen.has(root.digest))
        return;
    seen.add(root.digest);
    const m = (0,_referrers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseManifest */ .Ng)(root.bytes, `manifest ${root.digest} in ${src.description}`);
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isIndexType */ .$U)(root.mediaType) || 'manifests' in m) {
        for (const child of m.manifests) {
            await walk(src, await src.getManifest(child.digest), graph, seen);
        }
    }
    else {
        const image = m;
        for (const blob of [image.config, ...image.layers]) {
            // Foreign layers live elsewhere by design; registries refuse nothing for lacking them.
            if (blob.urls?.length && /nondistributable|foreign/.test(blob.mediaType))
                continue;
            graph.blobs.set(blob.digest, blob);
        }
    }
    graph.manifests.push(root);
}
/**
 * Points each tag at `image` unless it already points there; returns the tags written. The
 * manifest bytes are fetched once, and only when some tag needs them.
 */
async function pointTags(store, tags, image) {
    let manifest = image.bytes && image.mediaType
        ? { bytes: image.bytes, mediaType: image.mediaType, digest: image.digest }
        : undefined;
    const written = [];
    for (const tag of tags) {
        if ((await store.headManifest(tag))?.digest === image.digest)
            continue;
        manifest ??= await store.getManifest(image.digest);
        await store.putManifest(manifest.bytes, manifest.mediaType, tag);
        written.push(tag);
    }
    return written;
}
function mountSource(from, to) {
    const sameRegistry = from.registry !== undefined && from.registry === to.registry;
    return sameRegistry && from.repository !== to.repository ? from.repository : undefined;
}
/**
 * Copies the image (manifest or index, with every platform) that `reference` names in `src` to
 * `dst`, byte for byte: blobs first (concurrently, mounted when both are repositories of one
 * registry), then manifests by digest, children first, and the tags very last, so that a reader
 * never finds a tag pointing at something incomplete.
 */
async function copyImage(src, dst, reference, options = {}) {
    const root = await src.getManifest(reference);
    const graph = { manifests: [], blobs: new Map() };
    await walk(src, root, graph, new Set());
    const stats = {
        blobs: { exists: 0, mounted: 0, uploaded: 0 },
        bytesUploaded: 0,
        manifests: 0,
    };
    const fallback = options.fallback;
    await mapLimit([...graph.blobs.values()], options.concurrency ?? 4, async (blob) => {
        const from = fallback && !(await src.hasBlob(blob.digest)) ? fallback : src;
        const result = await dst.putBlob(from.blobSource(blob), { mountFrom: mountSource(from, dst) });
        stats.blobs[result]++;
        if (result === 'uploaded')
            stats.bytesUploaded += blob.size;
        options.onBlob?.(blob.digest, result, blob.size);
    });
    for (const m of graph.manifests) {
        if (!(await dst.headManifest(m.digest))) {
            await dst.putManifest(m.bytes, m.mediaType);
            stats.manifests++;
        }
    }
    await pointTags(dst, options.tags ?? [], root);
    return {
        descriptor: { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length },
        stats,
    };
}


/***/ })

};
