export const id = 949;
export const ids = [949];
export const modules = {

/***/ 46949:
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
var copy = __webpack_require__(83748);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/github/octokit.ts
var octokit = __webpack_require__(6702);
;// CONCATENATED MODULE: ./src/github/deployments.ts
/**
 * GitHub Deployments as a second projection of the ledger (DESIGN.md §3): after a ledger commit
 * the environment's deployment view is rewritten so that only the ledger's current digest shows
 * as the active deployment. It is a view, never a source of truth, so it is safe to re-run and it
 * converges: a re-run that finds the view already right writes nothing.
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
    const api = await (0,octokit/* openGitHubApi */.II)(target, options, {
        needs: 'write GitHub deployments',
        permission: 'deployments: write',
        may: 'write deployments to',
    });
    const env = move.environment;
    const { owner, repo } = api;
    const existing = (await api.call(`listing the deployments of '${env}'`, async (o) => {
        const res = await o.rest.repos.listDeployments({
            owner,
            repo,
            environment: env,
            per_page: LOOKBACK,
        });
        return res.data;
    }));
    if (!Array.isArray(existing) || existing.some((d) => typeof d?.id !== 'number')) {
        throw new octokit/* GitHubApiError */.OS(`listing the deployments of '${env}' gave no list of deployments`, {});
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
        const deployment = (await api.call(`creating a deployment of '${env}'`, async (o) => {
            const res = await o.rest.repos.createDeployment({
                owner,
                repo,
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
            return res.data;
        }));
        if (typeof deployment?.id !== 'number') {
            const why = typeof deployment?.message === 'string' ? `: ${deployment.message}` : '';
            throw new octokit/* GitHubApiError */.OS(`GitHub created no deployment for '${env}'${why}`, {});
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
        await api.call(`marking deployment ${old.id} inactive`, (o) => o.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: old.id,
            state: 'inactive',
            description: clip(`superseded by ${move.digest}`),
            auto_inactive: false,
        }));
        inactivated.push(old.id);
    }
    if (inactivated.length > 0) {
        api.log(`marked deployment(s) ${inactivated.join(', ')} of '${env}' inactive`);
    }
    return { id: current, inactivated, created };
}
async function postSuccess(api, id, move) {
    await api.call(`writing the status of deployment ${id}`, (o) => o.rest.repos.createDeploymentStatus({
        owner: api.owner,
        repo: api.repo,
        deployment_id: id,
        state: 'success',
        ...(move.environmentUrl ? { environment_url: move.environmentUrl } : {}),
        ...(move.logUrl ? { log_url: move.logUrl } : {}),
        description: clip(move.description),
        auto_inactive: true,
    }));
}
/** Statuses are listed newest first; a deployment without any has no state yet. */
async function latestState(api, id) {
    const statuses = await api.call(`reading the statuses of deployment ${id}`, async (o) => {
        const res = await o.rest.repos.listDeploymentStatuses({
            owner: api.owner,
            repo: api.repo,
            deployment_id: id,
            per_page: 1,
        });
        return res.data;
    });
    return Array.isArray(statuses)
        ? statuses[0]?.state
        : undefined;
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
    if (move.environmentUrl !== undefined && !(0,octokit/* isHttpUrl */.q$)(move.environmentUrl)) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `'${move.environmentUrl}' is not an http(s) URL`, {
            input: 'environment-url',
            valid: 'an absolute http:// or https:// URL',
        });
    }
}

// EXTERNAL MODULE: ./src/release/environment.ts
var environment = __webpack_require__(69580);
// EXTERNAL MODULE: ./src/release/ledger.ts
var release_ledger = __webpack_require__(46196);
// EXTERNAL MODULE: ./src/release/changelog.ts
var changelog = __webpack_require__(42495);
// EXTERNAL MODULE: ./src/commands/changes.ts
var changes = __webpack_require__(79659);
// EXTERNAL MODULE: ./src/release/names.ts
var release_names = __webpack_require__(75365);
// EXTERNAL MODULE: ./src/commands/ledger-access.ts + 1 modules
var ledger_access = __webpack_require__(72144);
// EXTERNAL MODULE: ./src/markdown.ts
var src_markdown = __webpack_require__(83758);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/commands/links.ts
var links = __webpack_require__(71967);
// EXTERNAL MODULE: ./src/run-url.ts
var run_url = __webpack_require__(22810);
;// CONCATENATED MODULE: ./src/commands/status-view.ts
function placementView(p) {
    if (!p)
        return null;
    return {
        digest: p.digest,
        version: p.version ?? null,
        commit: p.commit ?? null,
        at: p.at,
        by: p.by,
        runUrl: p.runUrl ?? null,
        kind: p.kind,
        reason: p.reason ?? null,
    };
}
function environmentView(state, drift) {
    return {
        current: placementView(state.current),
        previous: placementView(state.previous),
        hold: state.hold
            ? { by: state.hold.by, at: state.hold.at, reason: state.hold.reason ?? null }
            : null,
        marks: state.bad.map((m) => ({
            digest: m.digest,
            by: m.by,
            at: m.at,
            reason: m.reason ?? null,
        })),
        drift: drift.map((d) => ({
            tag: d.tag,
            ledger: d.ledger ?? null,
            registry: d.registry ?? null,
        })),
    };
}
/** `sha256:` and the first 12 hex digits: enough to tell digests apart in a table. */
function status_view_short(digest) {
    return digest ? digest.slice(0, 19) : '-';
}
function placementCells(p) {
    if (!p)
        return ['-', '-', '-', '-', '-'];
    return [status_view_short(p.digest), p.version ?? '-', p.commit?.slice(0, 12) ?? '-', p.at, p.by];
}
/** The terminal table: one line per environment and placement, then holds, marks and drift. */
function statusTable(image, views) {
    const names = Object.keys(views);
    if (names.length === 0)
        return `${image}: no environment in the ledger yet\n`;
    const header = ['ENVIRONMENT', '', 'DIGEST', 'VERSION', 'COMMIT', 'AT', 'BY'];
    const rows = [];
    const notes = [];
    for (const name of names) {
        const v = views[name];
        rows.push([name, 'current', ...placementCells(v.current)]);
        rows.push(['', 'previous', ...placementCells(v.previous)]);
        if (v.hold) {
            notes.push(`${name}: on hold since ${v.hold.at} by ${v.hold.by}${v.hold.reason ? ` (${v.hold.reason})` : ''}; lift it with unhold`);
        }
        for (const m of v.marks)
            notes.push(`${name}: ${m.digest} marked bad by ${m.by} at ${m.at}`);
        for (const d of v.drift) {
            notes.push(`${name}: drift: tag ${d.tag} is ${d.registry ?? 'missing'} in the registry, ${d.ledger ?? 'none'} in the ledger`);
        }
        if (v.current?.runUrl)
            notes.push(`${name}: current placed by ${v.current.runUrl}`);
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    return [`${image}`, line(header), ...rows.map(line), ...notes, ''].join('\n');
}

// EXTERNAL MODULE: ./src/commands/target.ts
var target = __webpack_require__(16465);
;// CONCATENATED MODULE: ./src/commands/environments.ts















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
/** The registry gates, all before any write: the manifest exists, its signatures, record and provenance verify. */
async function registryGates(config, ctx, store, command, digest) {
    const subject = await store.headManifest(digest);
    if (!subject)
        refuse(command, {
            gate: 'unknown-digest',
            message: `${(0,target/* describeTarget */.ff)(config)}@${digest} does not exist`,
        });
    // Loaded here, not at the top: status, hold and unhold never verify, and the verifier is large.
    const { requireTrust, trustFrom, verifyImageWithRecord } = await Promise.all(/* import() */[__webpack_require__.e(668), __webpack_require__.e(49), __webpack_require__.e(694), __webpack_require__.e(419), __webpack_require__.e(964)]).then(__webpack_require__.bind(__webpack_require__, 48964));
    const trust = await trustFrom(config, ctx);
    if (config.requireSignature)
        requireTrust(trust, command);
    try {
        const { checks, record } = await verifyImageWithRecord(store, (0,target/* describeTarget */.ff)(config), subject, trust);
        for (const c of checks)
            ctx.logger.info(`gate ok  ${c.name}: ${c.detail}`);
        const r = JSON.parse(record.blob.toString('utf8'));
        // A dirty build is no commit's content: deployable only when the caller says so.
        if (r.source?.dirty === true && !config.allowDirty) {
            refuse(command, {
                gate: 'dirty',
                message: `${(0,target/* describeTarget */.ff)(config)}@${digest} was built from uncommitted changes of ` +
                    `${r.source.commit ?? 'an unknown commit'} (allow-dirty); set allow-dirty: true to ${command} it anyway`,
            });
        }
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
async function promoteTarget(config, store, ledger, ctx) {
    if (config.digest)
        return config.digest;
    const { tag, digest } = (0,reference/* selectorOf */.Bk)(config.image);
    if (digest)
        return digest;
    if (tag) {
        const found = await (0,target/* resolveImage */.AT)(config, store, ctx).catch(() => undefined);
        if (!found)
            refuse('promote', {
                gate: 'unknown-digest',
                message: `tag ${tag} does not exist in ${(0,target/* describeTarget */.ff)(config)}`,
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
function moveSummary(config, env, command, before, after, moved, links, ships) {
    const now = after.current;
    const commit = (p) => p.commit
        ? ` commit ${links ? (0,src_markdown/* link */.nf)(p.commit.slice(0, 12), links.commit(p.commit)) : (0,src_markdown/* code */.aY)(p.commit.slice(0, 12))}`
        : '';
    const describe = (p) => p ? `${(0,src_markdown/* code */.aY)(p.digest)}${p.version ? ` (${(0,src_markdown/* cell */.Hn)(p.version)})` : ''}${commit(p)}` : 'none';
    const rows = [
        ['Environment', (0,src_markdown/* code */.aY)(env)],
        ['Now', describe(now)],
        ['Before', describe(before)],
        ['By', now ? `${(0,src_markdown/* cell */.Hn)(now.by)} at ${now.at}` : ''],
        ['Moved', moved ? 'yes' : 'no: it was already there'],
    ];
    if (before?.commit && now?.commit && before.commit !== now.commit && links) {
        rows.push([
            'Changes',
            (0,src_markdown/* link */.nf)(`${before.commit.slice(0, 7)}...${now.commit.slice(0, 7)}`, links.compare(before.commit, now.commit)),
        ]);
    }
    if (ships && moved)
        rows.push(['Ships', (0,src_markdown/* cell */.Hn)((0,changelog/* describeChanges */.DT)(ships))]);
    if (links?.run)
        rows.push(['Run', (0,src_markdown/* link */.nf)('this run', links.run)]);
    if (after.hold)
        rows.push([
            'Hold',
            `on hold since ${after.hold.at} by ${(0,src_markdown/* cell */.Hn)(after.hold.by)}: promotes wait for unhold`,
        ]);
    const image = (0,target/* describeTarget */.ff)(config);
    const title = command === 'rollback' ? 'Rolled back' : 'Promoted';
    const lines = [
        `### ${moved ? title : `${title} (already in place)`} ${(0,src_markdown/* code */.aY)(env)} of ${(0,src_markdown/* code */.aY)(image)}`,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
    ];
    if (ships && moved)
        lines.push((0,changes/* changesSection */.Hv)('Commits shipped', ships, links));
    if (after.hold) {
        lines.push('To lift the hold:', '', '```sh', `immutable-release unhold --image ${shellWord(image)} --environment ${env}`, '```', '');
    }
    if (now) {
        lines.push('To roll back:', '', '```sh', `immutable-release rollback --image ${shellWord(image)} --environment ${env} --reason "..."`, '```', '', `or run the rollback workflow (\`workflow_dispatch\`) with \`environment: ${env}\`.`, '');
    }
    return lines.join('\n');
}
/** A word the shell reads back as it is: single-quoted unless it is plainly safe. */
function shellWord(text) {
    return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
function moveOutputs(config, env, command, before, after, moved) {
    return {
        environment: env,
        'previous-digest': before?.digest ?? '',
        digest: after.current?.digest ?? '',
        image: after.current ? (0,target/* imageReference */.rA)(config, after.current.digest) : '',
        ...(command === 'rollback'
            ? { 'rolled-back': String(moved), held: String(after.hold !== undefined) }
            : { promoted: String(moved) }),
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
        if (ledger) {
            (0,release_names/* checkNoExistingCollision */.ze)(env, await (0,ledger_access/* ledgerEnvironments */.oi)(ledger));
            const source = config.requires ?? config.fromEnvironment;
            await (0,ledger_access/* prefetchEnvironment */.HE)(ledger, env, [
                ledger_access/* GLOBAL_BAD */.Qm,
                ...(source ? [(0,release_ledger/* environmentPath */.FQ)(source)] : []),
            ]);
        }
        const initial = ledger ? await (0,ledger_access/* readEnvironment */.Qo)(ledger, env) : await (0,ledger_access/* stateFromTags */.Tw)(store, env);
        let digest;
        if (options.command === 'promote')
            digest = await promoteTarget(config, store, ledger, ctx);
        else {
            const noPrevious = config.to ? undefined : (0,environment/* checkRollbackTarget */.Gt)(initial);
            if (noPrevious)
                refuse('rollback', noPrevious);
            digest = config.to ?? initial.previous.digest;
        }
        const facts = await (early ?? registryGates(config, ctx, store, options.command, digest));
        if (config.failOnSeverity !== 'none') {
            // Loaded only when asked for: a promote without the gate never pays for the scanner.
            const { vulnerabilityGate } = await Promise.all(/* import() */[__webpack_require__.e(571), __webpack_require__.e(761), __webpack_require__.e(704), __webpack_require__.e(901)]).then(__webpack_require__.bind(__webpack_require__, 27901));
            const refusal = await vulnerabilityGate(config, ctx, store, options.command, digest);
            if (refusal)
                refuse(options.command, refusal);
        }
        const lifecycleSource = options.command === 'promote' ? (config.requires ?? config.fromEnvironment) : undefined;
        const ledgerGates = async (state, l) => {
            const bad = (0,environment/* checkNotBad */.$s)(state, digest, await (0,ledger_access/* readGlobalBad */.zV)(l));
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
        const run = (0,run_url/* runUrl */.Vp)(ctx.env);
        const placement = (state) => ({
            digest,
            ...(facts.commit ? { commit: facts.commit } : {}),
            ...(facts.version ? { version: facts.version } : {}),
            at: now(),
            by: (0,ledger_access/* actor */.eN)(ctx.env),
            ...(run ? { runUrl: run } : {}),
            kind: options.command,
            ...(options.command === 'rollback' && state.current
                ? { rolledBackFrom: state.current.digest }
                : {}),
            ...(config.reason ? { reason: config.reason } : {}),
        });
        // What a promote ships, from the commit the environment runs now; one read per such commit.
        const shipped = new Map();
        const shipsFrom = (from) => {
            if (options.command !== 'promote' || !from || !facts.commit)
                return Promise.resolve(undefined);
            const to = facts.commit;
            if (!shipped.has(from)) {
                shipped.set(from, (0,changes/* changeLogOrWarn */.E5)(ctx, `${from}..${to}`, () => (0,changelog/* shippedChanges */.p)({ cwd: ctx.cwd, from, to, remote: (0,changes/* remoteHistory */.Dp)(config, ctx) })));
            }
            return shipped.get(from);
        };
        let ships;
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
                ships = await shipsFrom(state.current?.commit);
                const files = await (0,ledger_access/* environmentFiles */.rj)(l, state, after);
                if (facts.bytes)
                    files[(0,release_ledger/* releasePath */.bD)(digest)] = facts.bytes.toString('utf8');
                const message = (0,environment/* describeMove */.xS)(env, state.current, after.current);
                return { files, message: ships ? `${message}\n\n${shipsMessage(ships)}` : message };
            });
            moved = result.outcome === 'committed';
            if (moved)
                ctx.logger.info(`ledger: ${(0,environment/* describeMove */.xS)(env, before, after.current)} (${result.commit})`);
            else
                ctx.logger.info(`${env} already points to ${digest}: nothing to move`);
        }
        else if (!(0,environment/* isInPlace */.RS)(initial, digest)) {
            after = next(initial);
            ships = await shipsFrom(initial.current?.commit);
            moved = true;
        }
        if (ships && moved)
            ctx.logger.info(`${env} ships ${(0,changelog/* describeChanges */.DT)(ships)}`);
        // Projections are rewritten from the ledger even when nothing moved: a crashed writer's tags heal here.
        await syncTags(store, env, ledger, after, ctx);
        if (config.githubDeployment && after.current)
            await deploy(config, ctx, env, after.current, moved ? ships : undefined);
        if (options.command === 'rollback' && after.hold) {
            ctx.logger.info(`${env} is now on hold: promotes wait until \`immutable-release unhold --image ${(0,target/* describeTarget */.ff)(config)} ` +
                `--environment ${env}\` (command: unhold in a workflow); hold-on-rollback: false rolls back without holding`);
        }
        return {
            outputs: moveOutputs(config, env, options.command, before, after, moved),
            summary: moveSummary(config, env, options.command, before, after, moved, (0,links/* runLinks */.$)(ctx.env), ships),
        };
    }
    finally {
        await opened?.close();
    }
}
async function deploy(config, ctx, env, current, ships) {
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
        description: environments_clip(`${current.kind} to ${current.digest.slice(0, 19)}${ships ? `: ${(0,changelog/* describeChanges */.DT)(ships)}` : ''}`),
        production: /^prod/.test(env),
    }, { log: (m) => ctx.logger.info(m) });
    ctx.logger.info(`GitHub deployment ${result.id}${result.inactivated.length ? `; marked inactive: ${result.inactivated.join(', ')}` : ''}`);
}
/** GitHub refuses a deployment description over 140 characters. */
function environments_clip(text) {
    return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}
/** The ledger commit's body: the sentence, then one line per commit. */
function shipsMessage(ships) {
    const lines = ships.commits.map((c) => `${c.commit.slice(0, 12)} ${c.subject}${c.author ? ` (${c.author})` : ''}`);
    if (ships.more > 0)
        lines.push(`... and ${ships.more} more`);
    return [`ships ${(0,changelog/* describeChanges */.DT)(ships)}`, ...(lines.length ? ['', ...lines] : [])].join('\n');
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
        (0,release_names/* checkNoExistingCollision */.ze)(env, await (0,ledger_access/* ledgerEnvironments */.oi)(opened.ledger));
        let after;
        const result = await (0,release_ledger/* commitWithRetry */.Cv)(opened.ledger, async (l) => {
            const state = await (0,ledger_access/* readEnvironment */.Qo)(l, env);
            after = change(state);
            if (!after)
                return 'noop';
            return { files: await (0,ledger_access/* environmentFiles */.rj)(l, state, after), message };
        });
        ctx.logger.info(result.outcome === 'committed' ? `ledger: ${message}` : `${env}: nothing to change`);
        return {
            outputs: { environment: env, changed: String(result.outcome === 'committed') },
            summary: `### ${command} \`${(0,src_markdown/* cell */.Hn)(env)}\`\n\n${(0,src_markdown/* cell */.Hn)(message)}\n`,
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
            const list = await (0,ledger_access/* readGlobalBad */.zV)(l);
            if (list.some((b) => b.digest === digest))
                return 'noop';
            return {
                files: { [ledger_access/* GLOBAL_BAD */.Qm]: `${JSON.stringify([...list, mark], null, 2)}\n` },
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
 * Every placement of `env`, newest first: the bounded history of its file, then the older ones
 * archived in the history files. Logged one per line, as text, and as a table for the summary.
 */
function historySection(env, state, archived, ctx) {
    const all = [...state.history, ...archived];
    ctx.logger.info(`${env}: ${all.length} placement(s), ${archived.length} of them from history/${env}/`);
    const lines = all.map((p) => `${env} history: ${p.at} ${p.kind} ${p.digest}${p.version ? ` (${p.version})` : ''} by ${p.by}${p.reason ? `: ${p.reason}` : ''}`);
    for (const line of lines)
        ctx.logger.info(line);
    const markdown = [
        `#### History of ${(0,src_markdown/* code */.aY)(env)}`,
        '',
        '| at | move | digest | version | by | reason |',
        '|---|---|---|---|---|---|',
        ...all.map((p) => `| ${p.at} | ${p.kind} | ${(0,src_markdown/* code */.aY)(p.digest)} | ${(0,src_markdown/* cell */.Hn)(p.version ?? '')} | ${(0,src_markdown/* cell */.Hn)(p.by)} | ${(0,src_markdown/* cell */.Hn)(p.reason ?? '')} |`),
        '',
    ].join('\n');
    return { text: lines.join('\n'), markdown };
}
/**
 * `status`: each environment's current and previous from the ledger, and drift between the
 * ledger and the registry tags; `repair` rewrites the tags, `fail-on-drift` fails on drift;
 * `history` lists every past placement.
 */
async function environments_status(config, ctx) {
    const store = await (0,target/* openTarget */.Ap)(config, ctx);
    const opened = await (0,ledger_access/* openLedger */.au)(config, ctx);
    try {
        const ledger = opened?.ledger;
        const names = config.environment
            ? [config.environment]
            : ledger
                ? (await (0,ledger_access/* ledgerEnvironments */.oi)(ledger)).filter((env) => {
                    // A file added by hand (environments/Bad Name.json) must not hide every other row.
                    const conflict = (0,release_names/* environmentNameConflict */.be)(env);
                    if (conflict !== undefined) {
                        ctx.logger.warning(`ledger file environments/${env}.json skipped: ${conflict}; rename or remove it on the ledger branch`);
                    }
                    return conflict === undefined;
                })
                : [];
        await ledger?.prefetch(names.map(release_ledger/* environmentPath */.FQ));
        const rows = [];
        const histories = [];
        const drifts = [];
        const views = {};
        for (const env of names) {
            const state = ledger ? await (0,ledger_access/* readEnvironment */.Qo)(ledger, env) : await (0,ledger_access/* stateFromTags */.Tw)(store, env);
            // Without a ledger the tags are the state: there is nothing they could drift from.
            let drift = ledger ? await driftOf(store, env, state) : [];
            if (drift.length && config.repair) {
                await syncTags(store, env, ledger, state, ctx);
                drift = await driftOf(store, env, await (ledger ? (0,ledger_access/* readEnvironment */.Qo)(ledger, env) : (0,ledger_access/* stateFromTags */.Tw)(store, env)));
            }
            drifts.push(...drift);
            views[env] = environmentView(state, drift);
            const c = state.current;
            ctx.logger.info(`${env}: current ${c?.digest ?? 'none'}${c ? ` since ${c.at} by ${c.by} (${c.kind})` : ''}; previous ${state.previous?.digest ?? 'none'}${state.hold ? `; ON HOLD by ${state.hold.by}` : ''}`);
            for (const d of drift)
                ctx.logger.warning(`drift: tag ${d.tag} is ${d.registry ?? 'missing'} in the registry, ${d.ledger} in the ledger`);
            rows.push(`| ${(0,src_markdown/* cell */.Hn)(env)} | \`${environments_short(c?.digest)}\` | ${c ? `${c.at} by ${(0,src_markdown/* cell */.Hn)(c.by)}` : ''} | \`${environments_short(state.previous?.digest)}\` | ${state.hold ? `held by ${(0,src_markdown/* cell */.Hn)(state.hold.by)}` : ''} | ${drift.length ? drift.map((d) => `${(0,src_markdown/* cell */.Hn)(d.tag)}: ${environments_short(d.registry)}`).join('<br>') : 'none'} |`);
            if (config.history && ledger) {
                histories.push(historySection(env, state, await (0,ledger_access/* readArchivedHistory */.v7)(ledger, env), ctx));
            }
        }
        if (drifts.length && config.failOnDrift) {
            throw new errors/* ReleaseError */.K2('DRIFT', `${drifts.length} registry tag(s) differ from the ledger: ${drifts.map((d) => d.tag).join(', ')}`, {
                hint: 'run status with repair: true (or promote again) to rewrite the tags from the ledger',
            });
        }
        return {
            outputs: {
                status: JSON.stringify(views),
                environments: names.join('\n'),
                drift: String(drifts.length > 0),
            },
            text: [statusTable((0,target/* describeTarget */.ff)(config), views), ...histories.map((h) => h.text)].join('\n\n'),
            summary: [
                `### Environments of \`${(0,src_markdown/* cell */.Hn)((0,target/* describeTarget */.ff)(config))}\``,
                '',
                '| environment | current | since | previous | hold | drift |',
                '|---|---|---|---|---|---|',
                ...rows,
                '',
                ...histories.map((h) => h.markdown),
            ].join('\n'),
        };
    }
    finally {
        await opened?.close();
    }
}


/***/ }),

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   II: () => (/* binding */ openGitHubApi),
/* harmony export */   OS: () => (/* binding */ GitHubApiError),
/* harmony export */   q$: () => (/* binding */ isHttpUrl)
/* harmony export */ });
/* unused harmony export guardedFetch */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/**
 * The one way to GitHub's REST API: @actions/github's Octokit (REST methods, pagination) with the
 * retry and throttling plugins. What this adds is ours to decide: the inputs checked before any
 * request, every request kept on the API's own origin (the token goes with it), a timeout per
 * attempt, retries logged, and GitHub's refusals turned into errors that name the `github-token`
 * input and the permission to add. The token never reaches a log line or an error message.
 *
 * @actions/github builds its `context` from process.env when it is imported, so it is imported
 * only when a request is about to be made.
 */

/** A GitHub API answer that is not a permission problem; `status` is absent when none came. */
class GitHubApiError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2 {
    status;
    constructor(message, details) {
        super('GITHUB_API', message, details);
        this.status = details.status;
    }
}
const API_VERSION = '2022-11-28';
function isHttpUrl(text) {
    try {
        const url = new URL(text);
        return url.protocol === 'https:' || url.protocol === 'http:';
    }
    catch {
        return false;
    }
}
/**
 * A fetch that only goes under `base` (a next-page link elsewhere would carry the token there),
 * bounds each attempt and reports each failed attempt, so retries show in the log.
 */
function guardedFetch(base, inner, options) {
    const root = new URL(`${base.replace(/\/+$/, '')}/`);
    return async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
            throw new GitHubApiError(`refusing a GitHub API request outside ${root.href}: ${url.origin}`, {
                hint: 'a next-page link pointed elsewhere; the token stays with the API it belongs to',
            });
        }
        const what = `${init?.method ?? 'GET'} ${url.pathname}`;
        try {
            const res = await inner(input, {
                ...init,
                signal: init?.signal ?? AbortSignal.timeout(options.timeoutMs),
            });
            if (res.status >= 500 || res.status === 429)
                options.log(`${what} answered ${res.status}`);
            return res;
        }
        catch (e) {
            options.log(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
            throw e;
        }
    };
}
/** In place of the plugin's write limiters (its `key(id).schedule(options, fn)`): no wait. */
const UNPACED = {
    key: () => ({ schedule: (_options, fn) => fn() }),
};
async function openGitHubApi(target, options, purpose) {
    const token = target.token;
    if (!token) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_MISSING', `a token is needed to ${purpose.needs}`, {
            input: 'github-token',
        });
    }
    // A header value with a line break would be refused by fetch with the value in the message.
    if (/\s/.test(token) || [...token].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', 'the token holds whitespace or control characters', {
            input: 'github-token',
        });
    }
    if (!isHttpUrl(target.apiUrl)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `GitHub API URL '${target.apiUrl}' is not http(s)`, {
            hint: 'GITHUB_API_URL should look like https://api.github.com',
        });
    }
    const parts = target.repository.split('/');
    if (parts.length !== 2 || parts.some((p) => p === '' || /\s/.test(p))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `repository '${target.repository}' is not owner/name`);
    }
    const [owner, repo] = parts;
    const base = target.apiUrl.replace(/\/+$/, '');
    const attempts = Math.max(1, options.attempts ?? 3);
    const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    const log = options.log ?? (() => { });
    const redact = (text) => text.split(token).join('***');
    const [{ getOctokit }, { defaults }, { retry }, { throttling }] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(282), __webpack_require__.e(351)]).then(__webpack_require__.bind(__webpack_require__, 61351)),
        Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(282)]).then(__webpack_require__.bind(__webpack_require__, 48282)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 49735)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 86856)),
    ]);
    // The proxy-aware fetch @actions/github sets up from the runner's environment, when it has one.
    const inner = defaults.request?.fetch ?? fetch;
    /** The wait GitHub asked for when it was more than we accept, for the error message. */
    let refusedWaitS;
    const onLimit = (retryAfterS, request, _o, count) => {
        if (count + 1 < attempts && retryAfterS * 1000 <= maxRetryAfterMs) {
            log(`${request.method} ${request.url} is rate-limited; retrying in ${retryAfterS} s`);
            return true;
        }
        refusedWaitS = retryAfterS;
        return false;
    };
    const octokit = getOctokit(token, {
        baseUrl: base,
        userAgent: options.userAgent ?? 'immutable-release',
        request: {
            fetch: guardedFetch(base, inner, { timeoutMs: options.timeoutMs ?? 30_000, log }),
        },
        // Rate limits (429, 403 with a reset) are the throttling plugin's: it waits as GitHub asks.
        retry: {
            retries: attempts - 1,
            retryAfterBaseValue: options.retryDelayMs ?? 500,
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        },
        throttle: {
            onRateLimit: onLimit,
            onSecondaryRateLimit: onLimit,
            ...(options.paceWrites === false
                ? { write: UNPACED, notifications: UNPACED }
                : {}),
        },
    }, retry, throttling);
    octokit.hook.before('request', (request) => {
        request.headers.accept = 'application/vnd.github+json';
        request.headers['x-github-api-version'] = API_VERSION;
    });
    async function call(what, fn) {
        refusedWaitS = undefined;
        try {
            return await fn(octokit);
        }
        catch (e) {
            throw apiError(e, what);
        }
    }
    function apiError(e, what) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2)
            return e;
        const status = e.status;
        const response = e.response;
        const message = redact(apiMessage(response?.data) ?? (e instanceof Error ? e.message : String(e)));
        if (typeof status !== 'number' || response === undefined) {
            return new GitHubApiError(`${what} to ${base} failed: ${message}`, {
                hint: 'check GITHUB_API_URL and the network between the runner and GitHub',
            });
        }
        if (refusedWaitS !== undefined) {
            return new GitHubApiError(`${what} answered ${status}: ${message} (asked to wait ${refusedWaitS} s)`, { status, hint: 'GitHub rate-limited the token; re-run the job later' });
        }
        if (status === 401 || status === 403) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('PERMISSION_MISSING', `GitHub answered ${status} to ${what}: ${message}`, {
                input: 'github-token',
                hint: status === 401
                    ? 'the token was refused; pass a valid token (default ${{ github.token }})'
                    : `give the job \`permissions: ${purpose.permission}\`, or a token that may ` +
                        `${purpose.may} ${target.repository}`,
            });
        }
        return new GitHubApiError(`${what} answered ${status}: ${message}`, {
            status,
            hint: status === 404
                ? `check that ${target.repository} exists and the token can see it`
                : undefined,
        });
    }
    return { octokit, owner, repo, log, call };
}
/** GitHub's `{ message, errors: [...] }`, flattened to one line. */
function apiMessage(data) {
    if (typeof data === 'string')
        return data.trim().slice(0, 200) || undefined;
    if (data === null || typeof data !== 'object')
        return undefined;
    const body = data;
    if (typeof body.message !== 'string')
        return undefined;
    const details = Array.isArray(body.errors)
        ? body.errors
            .map((e) => typeof e === 'string'
            ? e
            : typeof e?.message === 'string'
                ? e.message
                : [e?.resource, e?.field, e?.code].filter(Boolean).join(' '))
            .filter((d) => d !== '')
        : [];
    return details.length > 0 ? `${body.message} (${details.join('; ')})` : body.message;
}


/***/ })

};
