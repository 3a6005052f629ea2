export const id = 144;
export const ids = [144];
export const modules = {

/***/ 72144:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Qm: () => (/* binding */ GLOBAL_BAD),
  eN: () => (/* reexport */ actor),
  rj: () => (/* binding */ environmentFiles),
  oi: () => (/* binding */ ledgerEnvironments),
  au: () => (/* binding */ openLedger),
  HE: () => (/* binding */ prefetchEnvironment),
  v7: () => (/* binding */ readArchivedHistory),
  Qo: () => (/* binding */ readEnvironment),
  zV: () => (/* binding */ readGlobalBad),
  Tw: () => (/* binding */ stateFromTags)
});

// UNUSED EXPORTS: historyFolder

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/release/environment.ts
var environment = __webpack_require__(69580);
// EXTERNAL MODULE: ./src/release/ledger.ts
var release_ledger = __webpack_require__(46196);
// EXTERNAL MODULE: ./src/release/names.ts
var names = __webpack_require__(75365);
;// CONCATENATED MODULE: ./src/commands/actor.ts


const known = new WeakMap();
/**
 * Who is acting, as the ledger records it: the GitHub actor in Actions, else git's `user.name`
 * (or `user.email`) as a commit would carry it, else the OS user.
 */
function actor(env) {
    if (env.GITHUB_ACTOR)
        return env.GITHUB_ACTOR;
    const cached = known.get(env);
    if (cached !== undefined)
        return cached;
    const who = gitConfig(env, 'user.name') || gitConfig(env, 'user.email') || osUser(env) || 'unknown';
    known.set(env, who);
    return who;
}
function gitConfig(env, key) {
    try {
        return (0,external_node_child_process_.execFileSync)('git', ['config', '--get', key], {
            env: { ...env, LC_ALL: 'C' },
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
            timeout: 10_000,
        }).trim();
    }
    catch {
        // No git, or the key is not set: the next source answers.
        return '';
    }
}
function osUser(env) {
    try {
        return (0,external_node_os_.userInfo)().username;
    }
    catch {
        // A uid without a passwd entry (some containers).
        return env.USER || env.LOGNAME || '';
    }
}

// EXTERNAL MODULE: ./src/event.ts
var src_event = __webpack_require__(80807);
;// CONCATENATED MODULE: ./src/commands/ledger-access.ts











const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);

/**
 * Where the ledger lives: the `ledger` input; in Actions this repository (with the workflow
 * token); elsewhere the git repository of the working folder. Undefined for `ledger: none`.
 */
async function ledgerUrl(config, ctx) {
    if (config.ledger === 'none')
        return undefined;
    if (config.ledger) {
        // The workflow token is for this GitHub; another host named as the ledger never receives it.
        const github = new URL(ctx.env.GITHUB_SERVER_URL || 'https://github.com').host;
        const host = /^https?:\/\//.test(config.ledger) ? new URL(config.ledger).host : undefined;
        return { url: config.ledger, token: host === github ? config.githubToken : undefined };
    }
    if (ctx.env.GITHUB_ACTIONS === 'true' && ctx.env.GITHUB_REPOSITORY) {
        (0,names/* checkLedgerBranch */.Q)(config.ledgerBranch, await actionsBranches(ctx.env));
        const server = ctx.env.GITHUB_SERVER_URL || 'https://github.com';
        return { url: `${server}/${ctx.env.GITHUB_REPOSITORY}.git`, token: config.githubToken };
    }
    let url;
    try {
        const { stdout } = await run('git', ['-C', ctx.cwd, 'rev-parse', '--show-toplevel'], {
            env: { ...ctx.env, LC_ALL: 'C' },
        });
        url = stdout.trim();
    }
    catch (e) {
        throw new errors/* UserError */.yo('INPUT_MISSING', 'names no ledger, and the working folder is not a git repository', {
            input: 'ledger',
            valid: 'a git URL or path (a bare repository works), or none to keep only the registry tags',
            cause: e,
        });
    }
    (0,names/* checkLedgerBranch */.Q)(config.ledgerBranch, await localBranches(url, ctx.env));
    return { url };
}
/** The ledger is this repository: its default branch and the one this run is on are taken. */
async function actionsBranches(env) {
    const taken = [];
    if (env.GITHUB_REF?.startsWith('refs/heads/')) {
        taken.push({ branch: env.GITHUB_REF.slice(11), why: 'the branch this workflow runs on' });
    }
    // Without an event file (a local run of the action) main and master are refused anyway.
    const branch = (0,src_event/* eventFacts */.I)(env).defaultBranch;
    if (branch)
        taken.push({ branch, why: "the repository's default branch" });
    return taken;
}
async function localBranches(repo, env) {
    const symbolic = async (ref) => {
        try {
            const { stdout } = await run('git', ['-C', repo, 'symbolic-ref', '-q', '--short', ref], {
                env: { ...env, LC_ALL: 'C' },
            });
            return stdout.trim() || undefined;
        }
        catch {
            return undefined; // detached, or no origin/HEAD
        }
    };
    const current = await symbolic('HEAD');
    const remoteDefault = (await symbolic('refs/remotes/origin/HEAD'))?.replace(/^origin\//, '');
    return [
        ...(current ? [{ branch: current, why: "this repository's current branch" }] : []),
        ...(remoteDefault ? [{ branch: remoteDefault, why: "the repository's default branch" }] : []),
    ];
}
async function openLedger(config, ctx) {
    const where = await ledgerUrl(config, ctx);
    if (!where)
        return undefined;
    const workDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(ctx.tmpdir ?? (0,external_node_os_.tmpdir)(), 'immutable-release-ledger-'));
    const who = actor(ctx.env);
    try {
        const ledger = await release_ledger/* Ledger */.Oc.open({
            url: where.url,
            branch: config.ledgerBranch,
            token: where.token,
            onSecret: ctx.mask,
            author: { name: who, email: `${who}@users.noreply.github.com` },
            workDir,
            ca: config.registryCa?.pem,
        });
        ctx.logger.info(`ledger: ${shownUrl(where.url)}, branch ${config.ledgerBranch}`);
        return { ledger, close: () => (0,promises_.rm)(workDir, { recursive: true, force: true }) };
    }
    catch (e) {
        await (0,promises_.rm)(workDir, { recursive: true, force: true });
        throw e;
    }
}
async function readEnvironment(ledger, name) {
    const text = await ledger.read((0,release_ledger/* environmentPath */.FQ)(name));
    return text === undefined ? (0,environment/* emptyEnvironment */.hp)(name) : (0,environment/* parseEnvironment */.Nq)(text, name);
}
/**
 * Where placements go when they fall out of an environment file's bounded history: one
 * append-only file per environment and year, read only by `status` with `history`.
 */
function historyFolder(env) {
    (0,release_ledger/* environmentPath */.FQ)(env); // the same name rule as the environment file
    return `history/${env}`;
}
// Key order of an archived placement, the same as in the environment file.
const PLACEMENT_KEYS = [
    'digest',
    'commit',
    'version',
    'at',
    'by',
    'runUrl',
    'kind',
    'rolledBackFrom',
    'reason',
];
/**
 * The files that change `before` into `after`: the environment file, and the placements its
 * bounded history dropped, appended (oldest first) to their year's history file.
 */
async function environmentFiles(ledger, before, after) {
    const env = after.environment;
    const files = { [(0,release_ledger/* environmentPath */.FQ)(env)]: (0,environment/* serializeEnvironment */.qB)(after) };
    const kept = new Map();
    for (const p of after.history)
        kept.set(lineOf(p), (kept.get(lineOf(p)) ?? 0) + 1);
    const dropped = [];
    for (const p of before.history) {
        const line = lineOf(p);
        const n = kept.get(line) ?? 0;
        if (n > 0)
            kept.set(line, n - 1);
        else
            dropped.push(line);
    }
    // The history is newest first; a history file reads oldest first, as it was appended.
    for (const line of dropped.reverse()) {
        const path = `${historyFolder(env)}/${yearOf(JSON.parse(line))}.jsonl`;
        files[path] ??= (await ledger.read(path)) ?? '';
        files[path] += `${line}\n`;
    }
    return files;
}
function lineOf(p) {
    return JSON.stringify(p, PLACEMENT_KEYS);
}
function yearOf(p) {
    return /^\d{4}-/.test(p.at) ? p.at.slice(0, 4) : 'undated';
}
/**
 * Brings in one round trip what a move of `env` reads: its file, the newest of its history files
 * (a move that drops a placement from the file's history appends to it) and `more`.
 */
async function prefetchEnvironment(ledger, env, more) {
    const folder = historyFolder(env);
    const newest = (await ledger.list(folder)).filter((f) => /^\d{4}\.jsonl$/.test(f)).at(-1);
    await ledger.prefetch([(0,release_ledger/* environmentPath */.FQ)(env), ...(newest ? [`${folder}/${newest}`] : []), ...more]);
}
/** The placements archived in the history files of `env`, newest first. */
async function readArchivedHistory(ledger, env) {
    const folder = historyFolder(env);
    const files = (await ledger.list(folder)).filter((f) => f.endsWith('.jsonl'));
    const placements = [];
    // Oldest year first; undated.jsonl (placements whose time names no year) sorts last.
    for (const file of files.sort()) {
        const path = `${folder}/${file}`;
        const lines = ((await ledger.read(path)) ?? '').split('\n');
        lines.forEach((line, i) => {
            if (line.trim() !== '')
                placements.push(parseArchived(line, `${path}:${i + 1}`));
        });
    }
    return placements.reverse();
}
function parseArchived(line, where) {
    let value;
    try {
        value = JSON.parse(line);
    }
    catch (e) {
        value = e;
    }
    const p = value;
    if (typeof p !== 'object' ||
        p === null ||
        typeof p.digest !== 'string' ||
        !/^sha256:[a-f0-9]{64}$/.test(p.digest) ||
        typeof p.at !== 'string' ||
        typeof p.by !== 'string' ||
        (p.kind !== 'promote' && p.kind !== 'rollback')) {
        throw new errors/* ReleaseError */.K2('LEDGER_CORRUPT', `ledger history line ${where} is not a placement`, {
            hint: `restore the file from the ledger branch's history (git log -p -- ${where.replace(/:\d+$/, '')})`,
        });
    }
    return p;
}
/** A ledger URL for the log: any user name or password written into it stays out. */
function shownUrl(url) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
        return url;
    try {
        const parsed = new URL(url);
        parsed.username = '';
        parsed.password = '';
        return parsed.href;
    }
    catch {
        return url.replace(/\/\/[^@/]*@/, '//');
    }
}
/** The environments the ledger holds, by file name; names the rule refuses included. */
async function ledgerEnvironments(ledger) {
    return (await ledger.list('environments'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5));
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
/** The ledger file of digests marked bad in every environment. */
const GLOBAL_BAD = 'bad.json';
/** The marks of `mark-bad` without an environment: refused everywhere. */
async function readGlobalBad(ledger) {
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


/***/ }),

/***/ 69580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ applyMarkBad),
/* harmony export */   $s: () => (/* binding */ checkNotBad),
/* harmony export */   Gt: () => (/* binding */ checkRollbackTarget),
/* harmony export */   Nq: () => (/* binding */ parseEnvironment),
/* harmony export */   PV: () => (/* binding */ applyUnhold),
/* harmony export */   Pw: () => (/* binding */ applyRollback),
/* harmony export */   RS: () => (/* binding */ isInPlace),
/* harmony export */   UO: () => (/* binding */ applyHold),
/* harmony export */   Zu: () => (/* binding */ applyPromote),
/* harmony export */   hp: () => (/* binding */ emptyEnvironment),
/* harmony export */   lq: () => (/* binding */ checkLifecycle),
/* harmony export */   mu: () => (/* binding */ checkNotOnHold),
/* harmony export */   qB: () => (/* binding */ serializeEnvironment),
/* harmony export */   xS: () => (/* binding */ describeMove)
/* harmony export */ });
/* unused harmony exports HISTORY_LIMIT, ENVIRONMENT_SCHEMA_VERSION, rollbackPlacement, rollbackTarget, isBad */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/**
 * The environment file (DESIGN §3) as pure state transitions: parse and serialize
 * `environments/<env>.json`, apply a move, and the promotion gates that need only ledger state.
 * The ledger I/O and the registry gates live elsewhere; keeping this pure lets the
 * compare-and-swap loop re-apply a move to whatever head it lost a race to.
 */

const HISTORY_LIMIT = 100;
const ENVIRONMENT_SCHEMA_VERSION = 1;
// The ledger only ever records manifest digests the registry computed, which are sha256;
// anything else in the file was put there by hand or by a bug.
const SHA256_DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
function emptyEnvironment(name) {
    return { schemaVersion: 1, environment: name, history: [], bad: [] };
}
// The ledger module owns the layout; this copy only names the file in corruption errors.
function environmentPath(name) {
    return `environments/${name}.json`;
}
// ---------------------------------------------------------------------------------------------
// Parse and serialize
/**
 * Reads an environment file, refusing anything that is not exactly v1: a ledger we half
 * understand could move a production pointer to the wrong digest, so every problem is fatal and
 * all of them are named at once (one fix-up commit instead of one per run).
 */
function parseEnvironment(text, name) {
    const file = environmentPath(name);
    let raw;
    try {
        // A BOM is what an editor on Windows adds; it is not corruption worth stopping a rollback.
        raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch (cause) {
        throw corrupt(file, ['it is not JSON'], cause);
    }
    if (!isObject(raw))
        throw corrupt(file, ['it is not a JSON object']);
    const problems = [];
    if (raw.schemaVersion !== ENVIRONMENT_SCHEMA_VERSION) {
        problems.push(`schemaVersion is ${JSON.stringify(raw.schemaVersion)}, expected ${ENVIRONMENT_SCHEMA_VERSION}`);
    }
    if (typeof raw.environment !== 'string' || raw.environment === '') {
        problems.push('environment (the environment name) is missing');
    }
    else if (raw.environment !== name) {
        problems.push(`environment is '${raw.environment}', but the file belongs to '${name}'`);
    }
    const current = readOptional(raw, 'current', problems, readPlacement);
    const previous = readOptional(raw, 'previous', problems, readPlacement);
    const hold = readOptional(raw, 'hold', problems, readHold);
    const history = readList(raw, 'history', problems, readPlacement);
    const bad = readList(raw, 'bad', problems, readBadMark);
    if (problems.length > 0)
        throw corrupt(file, problems);
    const state = { schemaVersion: 1, environment: name, history, bad };
    if (current)
        state.current = current;
    if (previous)
        state.previous = previous;
    if (hold)
        state.hold = hold;
    return state;
}
/**
 * Stable key order and pretty-printed, because people read the ledger in git log -p and a
 * reordered key would show as a change that is not one.
 */
function serializeEnvironment(state) {
    // JSON.stringify drops undefined members, which is what omits absent optional fields.
    const ordered = {
        schemaVersion: state.schemaVersion,
        environment: state.environment,
        current: state.current && orderPlacement(state.current),
        previous: state.previous && orderPlacement(state.previous),
        hold: state.hold && { by: state.hold.by, at: state.hold.at, reason: state.hold.reason },
        bad: state.bad.map((m) => ({ digest: m.digest, by: m.by, at: m.at, reason: m.reason })),
        history: state.history.map(orderPlacement),
    };
    return `${JSON.stringify(ordered, null, 2)}\n`;
}
function orderPlacement(p) {
    return {
        digest: p.digest,
        commit: p.commit,
        version: p.version,
        at: p.at,
        by: p.by,
        runUrl: p.runUrl,
        kind: p.kind,
        rolledBackFrom: p.rolledBackFrom,
        reason: p.reason,
    };
}
function corrupt(file, problems, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('LEDGER_CORRUPT', `ledger file ${file} is corrupt: ${problems.join('; ')}`, {
        hint: `the ledger branch keeps every earlier version of ${file}: restore a good one (git log -p -- ${file}) in a new commit`,
        cause,
    });
}
function readOptional(obj, key, problems, read) {
    // null is how other JSON tools (and hand edits) say "absent"; it means the same here.
    const value = obj[key];
    return value === undefined || value === null ? undefined : read(value, key, problems);
}
function readList(obj, key, problems, read) {
    const value = obj[key];
    if (!Array.isArray(value)) {
        problems.push(`${key} is ${value === undefined ? 'missing' : 'not a list'}`);
        return [];
    }
    const out = [];
    value.forEach((item, i) => {
        const parsed = read(item, `${key}[${i}]`, problems);
        if (parsed !== undefined)
            out.push(parsed);
    });
    return out;
}
const readPlacement = (value, path, problems) => {
    if (!isObject(value)) {
        problems.push(`${path} is not an object`);
        return undefined;
    }
    const before = problems.length;
    const digest = requiredDigest(value, path, 'digest', problems);
    const at = requiredString(value, path, 'at', problems);
    const by = requiredString(value, path, 'by', problems);
    const kind = value.kind;
    if (kind !== 'promote' && kind !== 'rollback') {
        problems.push(`${path}.kind is ${JSON.stringify(kind)}, expected "promote" or "rollback"`);
    }
    const placement = { digest, at, by, kind: kind };
    const commit = optionalString(value, path, 'commit', problems);
    const version = optionalString(value, path, 'version', problems);
    const runUrl = optionalString(value, path, 'runUrl', problems);
    const rolledBackFrom = optionalString(value, path, 'rolledBackFrom', problems);
    if (rolledBackFrom !== undefined && !SHA256_DIGEST_RE.test(rolledBackFrom)) {
        problems.push(`${path}.rolledBackFrom '${rolledBackFrom}' is not sha256:<64 hex>`);
    }
    const reason = optionalString(value, path, 'reason', problems);
    if (commit !== undefined)
        placement.commit = commit;
    if (version !== undefined)
        placement.version = version;
    if (runUrl !== undefined)
        placement.runUrl = runUrl;
    if (rolledBackFrom !== undefined)
        placement.rolledBackFrom = rolledBackFrom;
    if (reason !== undefined)
        placement.reason = reason;
    return problems.length === before ? placement : undefined;
};
const readHold = (value, path, problems) => {
    if (!isObject(value)) {
        problems.push(`${path} is not an object`);
        return undefined;
    }
    const before = problems.length;
    const hold = {
        by: requiredString(value, path, 'by', problems),
        at: requiredString(value, path, 'at', problems),
    };
    const reason = optionalString(value, path, 'reason', problems);
    if (reason !== undefined)
        hold.reason = reason;
    return problems.length === before ? hold : undefined;
};
const readBadMark = (value, path, problems) => {
    if (!isObject(value)) {
        problems.push(`${path} is not an object`);
        return undefined;
    }
    const before = problems.length;
    const mark = {
        digest: requiredDigest(value, path, 'digest', problems),
        by: requiredString(value, path, 'by', problems),
        at: requiredString(value, path, 'at', problems),
    };
    const reason = optionalString(value, path, 'reason', problems);
    if (reason !== undefined)
        mark.reason = reason;
    return problems.length === before ? mark : undefined;
};
function requiredString(obj, path, key, problems) {
    const value = obj[key];
    if (typeof value === 'string' && value !== '')
        return value;
    problems.push(`${path}.${key} is ${value === undefined ? 'missing' : 'not a non-empty string'}`);
    return '';
}
function requiredDigest(obj, path, key, problems) {
    const value = obj[key];
    if (typeof value === 'string' && SHA256_DIGEST_RE.test(value))
        return value;
    problems.push(value === undefined
        ? `${path}.${key} is missing`
        : `${path}.${key} ${JSON.stringify(value)} is not sha256:<64 hex>`);
    return '';
}
function optionalString(obj, path, key, problems) {
    const value = obj[key];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'string')
        return value;
    problems.push(`${path}.${key} is not a string`);
    return undefined;
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
// ---------------------------------------------------------------------------------------------
// Moves. Each returns a new state and leaves its input alone, so a caller that loses the
// compare-and-swap race can re-apply the same move to the new head. None of them checks a gate:
// the gates run first, against the same state, and say which one refused.
/** True when the environment already points at `digest`: the move is done, write nothing. */
function isInPlace(state, digest) {
    return state.current?.digest === digest;
}
function applyPromote(state, placement, limit = HISTORY_LIMIT) {
    checkPlacement(placement, 'promote');
    return move(state, placement, limit);
}
/**
 * A rollback is the same pointer swap as a promote, so the digest rolled back from becomes the
 * new previous: rolling back again rolls forward to it. The target need not be the retained
 * previous (an explicit `to` may name any released digest).
 */
function applyRollback(state, placement, options = {}, limit = HISTORY_LIMIT) {
    checkPlacement(placement, 'rollback');
    const rolledBackFrom = placement.rolledBackFrom ?? state.current?.digest;
    const recorded = { ...placement };
    if (rolledBackFrom !== undefined)
        recorded.rolledBackFrom = rolledBackFrom;
    const next = move(state, recorded, limit);
    // Without a new hold an existing one stays: rolling back is no reason to let promotes resume.
    if (options.hold)
        next.hold = { ...options.hold };
    return next;
}
/**
 * The placement a rollback to `target` records: the target's release facts (digest, commit,
 * version) with this move's who, when and why, and none of the target's own rollback details.
 */
function rollbackPlacement(target, move) {
    const p = { digest: target.digest, at: move.at, by: move.by, kind: 'rollback' };
    if (target.commit !== undefined)
        p.commit = target.commit;
    if (target.version !== undefined)
        p.version = target.version;
    if (move.runUrl !== undefined)
        p.runUrl = move.runUrl;
    if (move.rolledBackFrom !== undefined)
        p.rolledBackFrom = move.rolledBackFrom;
    if (move.reason !== undefined)
        p.reason = move.reason;
    return p;
}
/** Where a rollback without `to` goes: the retained previous. */
function rollbackTarget(state) {
    return state.previous;
}
function applyHold(state, hold) {
    return { ...copy(state), hold: { ...hold } };
}
function applyUnhold(state) {
    const next = copy(state);
    delete next.hold;
    return next;
}
/**
 * Idempotent by digest: marking again keeps the first mark (who found it and why is the useful
 * fact) and returns the input itself, so a caller can tell there is nothing to write.
 */
function applyMarkBad(state, mark) {
    if (state.bad.some((m) => m.digest === mark.digest))
        return state;
    checkDigest(mark.digest);
    const next = copy(state);
    next.bad.push({ ...mark });
    return next;
}
/** The mark that makes `digest` bad here, in this environment's list or the global one. */
function isBad(state, digest, globalBad = []) {
    return state.bad.find((m) => m.digest === digest) ?? globalBad.find((m) => m.digest === digest);
}
function move(state, placement, limit) {
    if (!Number.isInteger(limit) || limit < 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('INTERNAL', `history limit must be a positive integer, got ${limit}`);
    }
    const next = copy(state);
    const recorded = { ...placement };
    if (state.current)
        next.previous = state.current;
    else
        delete next.previous;
    next.current = recorded;
    next.history = [recorded, ...state.history].slice(0, limit);
    return next;
}
function copy(state) {
    return { ...state, history: [...state.history], bad: [...state.bad] };
}
function checkPlacement(placement, kind) {
    if (placement.kind !== kind) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('INTERNAL', `a ${placement.kind} placement was applied as a ${kind}; the ledger would misreport it`);
    }
    checkDigest(placement.digest);
    if (placement.rolledBackFrom !== undefined)
        checkDigest(placement.rolledBackFrom);
}
// Refused here rather than on the next read: a file the next run cannot parse would stop every
// later promote and rollback of the environment.
function checkDigest(digest) {
    if (!SHA256_DIGEST_RE.test(digest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('DIGEST_INVALID', `'${digest}' cannot be recorded in the ledger`, {
            hint: 'the ledger records image manifest digests: sha256: followed by 64 lower-case hex characters',
        });
    }
}
/** While held only rollback (and unhold) may move the pointer: a hold exists to stop promotes. */
function checkNotOnHold(state, command) {
    if (!state.hold || command === 'rollback')
        return undefined;
    const { by, at, reason } = state.hold;
    return {
        gate: 'on-hold',
        message: `${state.environment} is on hold since ${at} by ${by}${reason ? ` (${oneLine(reason)})` : ''}: ` +
            `only rollback and unhold may move it; run unhold to allow promotes again`,
    };
}
function checkNotBad(state, digest, globalBad = []) {
    const local = state.bad.find((m) => m.digest === digest);
    const mark = local ?? globalBad.find((m) => m.digest === digest);
    if (!mark)
        return undefined;
    const where = local ? `in ${state.environment}` : 'for every environment';
    return {
        gate: 'marked-bad',
        message: `${digest} is marked bad ${where} (by ${mark.by} at ${mark.at}` +
            `${mark.reason ? `: ${oneLine(mark.reason)}` : ''}); no promote or rollback may point to it`,
    };
}
/** A rollback without `to` needs a retained previous to go to. */
function checkRollbackTarget(state) {
    if (state.previous)
        return undefined;
    return {
        gate: 'no-previous',
        message: `${state.environment} has no previous digest to roll back to; name one with 'to'`,
    };
}
/**
 * Lifecycle order: the digest must be, or have been, current in the source environment. Only
 * the retained history counts: a digest that fell out of it is too old to vouch for.
 * `names` only improves the message (the source name when there is no source file yet).
 */
function checkLifecycle(source, digest, names = {}) {
    if (source && wasCurrent(source, digest))
        return undefined;
    const target = names.target ?? 'this environment';
    const from = source?.environment ?? names.source ?? 'the source environment';
    const never = source
        ? `${digest} never was`
        : `${from} has no ledger entry yet, so ${digest} never was`;
    return {
        gate: 'lifecycle',
        message: `${target} only takes a digest that has been current in ${from}: ${never}; promote it to ${from} first`,
    };
}
function wasCurrent(state, digest) {
    return (state.current?.digest === digest ||
        state.previous?.digest === digest ||
        state.history.some((p) => p.digest === digest));
}
// ---------------------------------------------------------------------------------------------
// Commit messages
/** The one-line ledger commit message for a move: what moved, from where, who, and why. */
function describeMove(env, before, after) {
    const to = shortDigest(after.digest);
    const why = after.reason ? `: ${oneLine(after.reason)}` : '';
    if (after.kind === 'rollback') {
        const fromDigest = after.rolledBackFrom ?? before?.digest;
        const version = after.version ? ` (${displayVersion(after.version)})` : '';
        const from = fromDigest ? ` from ${shortDigest(fromDigest)}` : '';
        return `${env}: rollback to ${to}${version}${from} by ${after.by}${why}`;
    }
    const path = before ? `${shortDigest(before.digest)}→${to}` : to;
    const facts = [after.version && displayVersion(after.version), `by ${after.by}`].filter(Boolean);
    return `${env}: promote ${path} (${facts.join(', ')})${why}`;
}
function shortDigest(digest) {
    const colon = digest.indexOf(':');
    return `${digest.slice(0, colon + 1)}${digest.slice(colon + 1, colon + 13)}…`;
}
function displayVersion(version) {
    return /^v\d/.test(version) ? version : `v${version}`;
}
// A commit message subject is one line; a reason pasted from an incident channel often is not.
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}


/***/ }),

/***/ 46196:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cv: () => (/* binding */ commitWithRetry),
/* harmony export */   FQ: () => (/* binding */ environmentPath),
/* harmony export */   Oc: () => (/* binding */ Ledger),
/* harmony export */   bD: () => (/* binding */ releasePath)
/* harmony export */ });
/* unused harmony exports fetchArgs, pushArgs, lsRemoteArgs, gitEnv */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(58500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(41692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(83916);
/**
 * The ledger (DESIGN §3): a git branch holding `environments/<env>.json`,
 * `releases/<digest>.json` and `bad.json`, written by compare-and-swap. No registry offers a
 * conditional tag update, but a push that is not a fast-forward is refused by every git server:
 * a commit made on top of the head we read lands only if nobody moved the branch meanwhile.
 *
 * Everything happens in a scratch bare repository with plumbing commands (no worktree, no
 * checkout), so the caller's checkout, its config and its credentials are never touched. A token
 * travels only in git's environment config, never in argv, and is scrubbed from every message.
 *
 * A command costs the same whatever the branch's age: the scratch repository is a shallow
 * (`--depth=1`), blobless (`--filter=blob:none`) copy of the head, so a fetch brings one commit
 * and its trees, and a read fetches only the one file it asks for. The compare-and-swap needs no
 * more than that: the new commit's only parent is the head we read, which the server has, and the
 * server refuses the update when its branch is no longer at that head.
 */








const REMOTE_REF = 'refs/ledger/head';
// The scratch repository's name for the ledger: a promisor remote must have one, so that git can
// fetch a missing blob on a read.
const REMOTE = 'ledger';
const DEFAULT_TRIES = 5;
// A ledger branch is small; a fetch or push this slow means the host is not answering, and a
// promote job must fail rather than hang until the workflow's own timeout.
const NETWORK_TIMEOUT_MS = 5 * 60_000;
const LOCAL_TIMEOUT_MS = 60_000;
const MAX_WAIT_MS = 1_000;
const BRANCH_RE = /^[A-Za-z0-9._/-]+$/;
const BAD_BRANCH_RE = /^[-/.]|\/$|\.\.|\/\/|\.lock$|\/\.|\.$/;
// Same rule as the environment input: the name also becomes a registry tag.
const ENVIRONMENT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
// A leading dot is refused so that '.', '..' and '.git' can never be written into the tree.
const SEGMENT_RE = /^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*$/;
const COMMIT_RE = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
function releasePath(digest) {
    if (!DIGEST_RE.test(digest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UserError */ .yo('DIGEST_INVALID', `'${digest}' is not a digest`, {
            input: 'digest',
            valid: 'sha256: followed by 64 lowercase hex digits',
        });
    }
    return `releases/${digest.replace(':', '-')}.json`;
}
function environmentPath(env) {
    if (!ENVIRONMENT_RE.test(env)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UserError */ .yo('INPUT_INVALID', `'${env}' is not an environment name`, {
            input: 'environment',
            valid: 'lowercase letters, digits and -, starting with a letter or digit, at most 63',
        });
    }
    return `environments/${env}.json`;
}
/**
 * The arguments of the fetch: the head commit and its trees, no history and no file contents.
 * The remote is named (its URL is in gitEnv's config), so a token can never be among them.
 */
function fetchArgs(branch) {
    return [
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        '--no-recurse-submodules',
        '--depth=1',
        '--filter=blob:none',
        REMOTE,
        `+refs/heads/${branch}:${REMOTE_REF}`,
    ];
}
/** Without force: the server refuses a commit that is not on top of its current head. */
function pushArgs(url, commit, branch) {
    return ['push', '--porcelain', '--no-verify', '--', url, `${commit}:refs/heads/${branch}`];
}
function lsRemoteArgs(url, branch) {
    return ['ls-remote', '--', url, `refs/heads/${branch}`];
}
/**
 * The environment every ledger git command runs with. Inherited variables that would point git
 * at another repository or inject config (a parent git's `-c`, a hook's GIT_DIR) are dropped;
 * the user's global and system config are ignored so a credential helper, a signing setting or
 * an `insteadOf` rewrite on the machine cannot change what the ledger does.
 */
function gitEnv(options, base = process.env) {
    const env = {};
    for (const [key, value] of Object.entries(base)) {
        if (!DROPPED_ENV.test(key))
            env[key] = value;
    }
    // The variable, not http.sslCAInfo: a GIT_SSL_CAINFO set on the machine would win over config.
    if (options.caFile)
        env.GIT_SSL_CAINFO = options.caFile;
    Object.assign(env, {
        // Errors are matched by their English text; a prompt would hang a CI job forever.
        LC_ALL: 'C',
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_GLOBAL: node_os__WEBPACK_IMPORTED_MODULE_3__.devNull,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: options.author.name,
        GIT_AUTHOR_EMAIL: options.author.email,
        GIT_COMMITTER_NAME: options.author.name,
        GIT_COMMITTER_EMAIL: options.author.email,
    });
    const config = [
        // The scratch repository lives for one job: housekeeping would only cost time.
        ['gc.auto', '0'],
        ['maintenance.auto', 'false'],
        ['commit.gpgSign', 'false'],
        // The ledger as a promisor remote: a read of a file the blobless fetch left out fetches it.
        [`remote.${REMOTE}.url`, options.url],
        [`remote.${REMOTE}.promisor`, 'true'],
        [`remote.${REMOTE}.partialCloneFilter`, 'blob:none'],
    ];
    const auth = authHeader(options.url, options.token);
    if (auth)
        config.push([`http.${auth.prefix}.extraheader`, auth.header]);
    env.GIT_CONFIG_COUNT = String(config.length);
    config.forEach(([key, value], i) => {
        env[`GIT_CONFIG_KEY_${i}`] = key;
        env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    return env;
}
const DROPPED_ENV = /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|REPLACE_REF_BASE|NO_REPLACE_OBJECTS|GRAFT_FILE|SHALLOW_FILE|QUARANTINE_PATH|CONFIG|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|LITERAL_PATHSPECS|GLOB_PATHSPECS|NOGLOB_PATHSPECS|ICASE_PATHSPECS)$/;
function authHeader(url, token) {
    if (!token)
        return undefined;
    const parsed = parseHttpUrl(url);
    if (!parsed)
        return undefined; // ssh and local ledgers authenticate their own way
    if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UserError */ .yo('INPUT_INVALID', `'${displayUrl(url)}' would send the token unencrypted`, {
            input: 'ledger',
            valid: 'an https:// URL, an ssh URL or a path',
        });
    }
    const encoded = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
    return {
        prefix: `${parsed.protocol}//${parsed.host}/`,
        header: `AUTHORIZATION: basic ${encoded}`,
        encoded,
    };
}
function parseHttpUrl(url) {
    if (!/^https?:\/\//i.test(url))
        return undefined;
    try {
        return new URL(url);
    }
    catch {
        return undefined;
    }
}
function isLoopback(host) {
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
/** The URL without user name or password, for messages. */
function displayUrl(url) {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
/** A path (not a URL, not scp-like `host:path`) is resolved here: git runs in the scratch repo. */
function resolveLocation(url) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
        return url;
    const scp = /^[^/]*:/.test(url) && !/^[A-Za-z]:[\\/]/.test(url);
    return scp ? url : (0,node_path__WEBPACK_IMPORTED_MODULE_4__.resolve)(url);
}
function checkBranch(branch) {
    if (!BRANCH_RE.test(branch) || BAD_BRANCH_RE.test(branch)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UserError */ .yo('INPUT_INVALID', `'${branch}' is not a usable branch name`, {
            input: 'ledger-branch',
            valid: 'letters, digits, . _ - and /, not starting with - . or /, without .. or //',
        });
    }
}
function checkPath(path, allowRoot = false) {
    const clean = path.replace(/\/+$/, '');
    if (clean === '' && allowRoot)
        return '';
    if (!clean.split('/').every((s) => SEGMENT_RE.test(s))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('INTERNAL', `'${path}' is not a ledger path`, {
            hint: 'ledger paths are relative, /-separated names of letters, digits and . _ @ + -',
        });
    }
    return clean;
}
/** Runs git with an argument array; stdin is closed unless `input` is given. */
function runGit(args, options) {
    return new Promise((done, fail) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', args, {
            cwd: options.cwd,
            env: options.env,
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        });
        const out = [];
        const err = [];
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
        }, options.timeoutMs);
        child.stdout?.on('data', (b) => out.push(b));
        child.stderr?.on('data', (b) => err.push(b));
        child.on('error', (e) => {
            clearTimeout(timer);
            fail(new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('GIT_FAILED', e.code === 'ENOENT' ? 'git was not found on PATH' : `git could not run: ${e.message}`, { hint: 'install git 2.31 or newer (e.g. apt-get install git)', cause: e }));
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            let stderr = Buffer.concat(err).toString('utf8');
            if (timedOut)
                stderr += `\nfatal: timed out after ${options.timeoutMs / 1000}s`;
            done({ code: timedOut ? -1 : (code ?? -1), stdout: Buffer.concat(out), stderr });
        });
        if (options.input !== undefined && child.stdin) {
            // git may exit before reading everything (e.g. a bad argument); the exit code says why.
            child.stdin.on('error', () => undefined);
            child.stdin.end(options.input, 'utf8');
        }
    });
}
class Ledger {
    branch;
    /** Where the ledger lives, without credentials: for messages and summaries. */
    location;
    #url;
    #workDir;
    #gitDir;
    #caFile;
    #env;
    #secrets;
    #head;
    #queue = Promise.resolve();
    constructor(options, secrets) {
        this.#url = resolveLocation(options.url);
        this.location = displayUrl(this.#url);
        this.branch = options.branch;
        this.#workDir = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.resolve)(options.workDir);
        this.#gitDir = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(this.#workDir, 'ledger.git');
        this.#caFile = options.ca === undefined ? undefined : (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(this.#workDir, 'trusted-ca.pem');
        this.#env = {
            ...gitEnv({ ...options, url: this.#url, caFile: this.#caFile }),
            GIT_DIR: this.#gitDir,
        };
        this.#secrets = secrets;
    }
    /** Prepares the scratch repository and reads the branch; an absent branch is an empty ledger. */
    static async open(options) {
        if (options.url.startsWith('-')) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UserError */ .yo('INPUT_INVALID', `'${options.url}' starts with '-'`, {
                input: 'ledger',
                valid: 'a git URL, a path, or none',
            });
        }
        checkBranch(options.branch);
        if (!options.author.name.trim() || !options.author.email.trim()) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('INTERNAL', 'a ledger commit needs an author name and email');
        }
        const secrets = collectSecrets(options);
        for (const s of secrets)
            options.onSecret?.(s);
        const ledger = new Ledger(options, secrets);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(ledger.#workDir, { recursive: true });
        if (ledger.#caFile !== undefined) {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(ledger.#caFile, `${await trustedBefore()}\n${options.ca ?? ''}\n`);
        }
        await ledger.#local(['init', '--bare', '--quiet', '--template=', '--initial-branch=scratch']);
        // Only the repository's own config file may turn on an extension, so these two go there.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.appendFile)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(ledger.#gitDir, 'config'), `[core]\n\trepositoryformatversion = 1\n[extensions]\n\tpartialClone = ${REMOTE}\n`);
        await ledger.refresh();
        return ledger;
    }
    /** The commit last read or written; undefined while the branch does not exist. */
    get head() {
        return this.#head;
    }
    /** Reads the branch again, e.g. after a lost race. */
    async refresh() {
        return this.#serial(async () => {
            const args = fetchArgs(this.branch);
            const out = await this.#git(args, { timeoutMs: NETWORK_TIMEOUT_MS });
            if (out.code === 0) {
                this.#head = await this.#revParse(REMOTE_REF);
                return;
            }
            if (/couldn't find remote ref/i.test(out.stderr)) {
                // Deleted or never created: the first commit creates it.
                this.#head = undefined;
                await this.#local(['update-ref', '-d', REMOTE_REF]);
                return;
            }
            throw this.#unreachable('fetch', out.stderr);
        });
    }
    /**
     * The content of a file at head, or undefined when it does not exist. The tree says whether it
     * exists; its content may still have to come from the remote, and a failure to fetch it is an
     * error: reading it as absent would let a promote write over a state it could not see.
     */
    async read(path) {
        const clean = checkPath(path);
        return this.#serial(async () => {
            const head = this.#head;
            if (head === undefined)
                return undefined;
            const entry = (await this.#local(['ls-tree', '-z', head, '--', clean])).stdout
                .toString('utf8')
                .split('\0')
                .find((e) => e.endsWith(`\t${clean}`));
            // An absent path lists nothing; a folder is a tree, not a file.
            const [, type, blob] = entry?.slice(0, entry.indexOf('\t')).split(' ') ?? [];
            if (type !== 'blob' || blob === undefined)
                return undefined;
            const out = await this.#git(['cat-file', 'blob', blob], { timeoutMs: NETWORK_TIMEOUT_MS });
            if (out.code !== 0)
                throw this.#unreachable(`read ${clean} from`, out.stderr);
            return out.stdout.toString('utf8');
        });
    }
    /**
     * Brings the content of those of `paths` that exist at head in one round trip, so that the
     * reads that follow find it here instead of asking the server one file at a time. Best effort:
     * a read still fetches what is missing, and reports it when it cannot.
     */
    async prefetch(paths) {
        const clean = [...new Set(paths.map((p) => checkPath(p)))];
        return this.#serial(async () => {
            const head = this.#head;
            if (head === undefined || clean.length === 0)
                return;
            const blobs = (await this.#local(['ls-tree', '-z', head, '--', ...clean])).stdout
                .toString('utf8')
                .split('\0')
                .map((e) => e.slice(0, e.indexOf('\t')).split(' '))
                .filter(([, type]) => type === 'blob')
                .map(([, , blob]) => `${blob}\n`);
            if (blobs.length === 0)
                return;
            // What git itself runs to fetch a missing object of a partial clone, for all of them at once.
            const args = ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--quiet', '--no-tags'];
            args.push('--no-write-fetch-head', '--no-recurse-submodules', '--filter=blob:none');
            args.push('--stdin', REMOTE);
            await this.#git(args, { input: blobs.join(''), timeoutMs: NETWORK_TIMEOUT_MS });
        });
    }
    /** Names of the files directly under `dir` at head, sorted. */
    async list(dir) {
        const clean = checkPath(dir, true);
        return this.#serial(async () => {
            const head = this.#head;
            if (head === undefined)
                return [];
            const args = ['ls-tree', '-z', head];
            if (clean)
                args.push('--', `${clean}/`);
            const out = await this.#local(args);
            const names = [];
            for (const entry of out.stdout.toString('utf8').split('\0')) {
                const tab = entry.indexOf('\t');
                if (tab < 0 || entry.split(' ')[1] !== 'blob')
                    continue;
                const path = entry.slice(tab + 1);
                names.push(clean ? path.slice(clean.length + 1) : path);
            }
            return names.sort();
        });
    }
    /**
     * Writes `files` on top of head and pushes without force. 'rejected' means another writer
     * moved the branch first and nothing of ours landed: refresh, re-check, try again.
     */
    async commit(files, message) {
        const paths = Object.keys(files).map((p) => checkPath(p));
        if (paths.length === 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('INTERNAL', 'a ledger commit needs at least one file');
        }
        if (!message.trim())
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('INTERNAL', 'a ledger commit needs a message');
        return this.#serial(async () => {
            const parent = this.#head;
            const tree = await this.#tree(parent, files);
            const commitArgs = ['commit-tree', tree, '-F', '-'];
            if (parent)
                commitArgs.push('-p', parent);
            const commit = (await this.#local(commitArgs, `${message.trim()}\n`)).stdout
                .toString('utf8')
                .trim();
            const push = await this.#git(pushArgs(this.#url, commit, this.branch), {
                timeoutMs: NETWORK_TIMEOUT_MS,
            });
            if (push.code !== 0 && !(await this.#landed(push, commit, parent)))
                return 'rejected';
            this.#head = commit;
            await this.#local(['update-ref', REMOTE_REF, commit]);
            return 'committed';
        });
    }
    /** Head's tree with `files` written over it, built in a temporary index. */
    async #tree(parent, files) {
        const lines = [];
        for (const path of Object.keys(files).sort()) {
            const blob = await this.#local(['hash-object', '-w', '--stdin'], files[path]);
            lines.push(`100644 ${blob.stdout.toString('utf8').trim()}\t${checkPath(path)}\n`);
        }
        const index = (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(this.#workDir, `index-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(6).toString('hex')}`);
        const env = { GIT_INDEX_FILE: index };
        try {
            if (parent)
                await this.#local(['read-tree', parent], undefined, env);
            await this.#local(['update-index', '--add', '--index-info'], lines.join(''), env);
            // --missing-ok: the files not written here stay on the server; checking them would fetch
            // every one of them.
            const tree = await this.#local(['write-tree', '--missing-ok'], undefined, env);
            return tree.stdout.toString('utf8').trim();
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(index, { force: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(`${index}.lock`, { force: true });
        }
    }
    /**
     * A failed push is a lost race when the server says so, or when the branch has moved from the
     * head we built on; when the branch carries our commit the push landed despite the error.
     * Anything else (no access, protected branch, no network) is a failure to report.
     */
    async #landed(push, commit, parent) {
        const status = push.stdout.toString('utf8');
        if (/\[rejected\] \((non-fast-forward|fetch first|already exists|stale info)\)/.test(status)) {
            return false;
        }
        // The server's compare-and-swap: the branch was not at our parent any more, or another push
        // held it while updating it (then the branch may not show the move yet).
        if (/cannot lock ref/i.test(push.stderr))
            return false;
        const ls = await this.#git(lsRemoteArgs(this.#url, this.branch), {
            timeoutMs: NETWORK_TIMEOUT_MS,
        });
        if (ls.code !== 0)
            throw this.#unreachable('push to', push.stderr || status);
        const ref = `refs/heads/${this.branch}`;
        const tip = ls.stdout
            .toString('utf8')
            .split('\n')
            .map((l) => l.split('\t'))
            .find(([, name]) => name === ref)?.[0];
        if (tip === commit)
            return true;
        if (tip !== parent)
            return false;
        throw this.#unreachable('push to', `${push.stderr}\n${remoteReason(status)}`);
    }
    async #revParse(ref) {
        const sha = (await this.#local(['rev-parse', '--verify', `${ref}^{commit}`])).stdout
            .toString('utf8')
            .trim();
        if (!COMMIT_RE.test(sha)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('GIT_FAILED', `git gave '${sha}' as the ledger head`);
        }
        return sha;
    }
    #git(args, options) {
        return runGit(args, {
            cwd: this.#workDir,
            env: { ...this.#env, ...options.env },
            input: options.input,
            timeoutMs: options.timeoutMs,
        });
    }
    /** A command on the scratch repository: a failure here is the machine, not the remote. */
    async #local(args, input, env) {
        const out = await this.#git(args, { input, env, timeoutMs: LOCAL_TIMEOUT_MS });
        if (out.code !== 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('GIT_FAILED', `git ${args[0]} failed in the ledger's scratch repository: ${this.#lastLines(out.stderr)}`, { hint: `check that ${this.#workDir} is writable and has free space` });
        }
        return out;
    }
    #unreachable(what, stderr) {
        const detail = this.#lastLines(stderr);
        return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('LEDGER_UNREACHABLE', `could not ${what} the ledger branch '${this.branch}' at ${this.location}: ${detail}`, { hint: hintFor(stderr, this.location) });
    }
    #lastLines(stderr) {
        let text = stderr;
        for (const s of this.#secrets)
            text = text.split(s).join('***');
        text = text.replace(/(authorization:\s*)\S+(\s+\S+)?/gi, '$1***');
        text = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
        const lines = text
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l.length > 0 && !l.startsWith('hint:'));
        const marked = lines.filter((l) => /^(fatal|error|remote|!|\[)/i.test(l));
        return (marked.length > 0 ? marked : lines).slice(-3).join(' / ') || 'no message from git';
    }
    /** One operation at a time per ledger: head must not move under a read or a commit. */
    #serial(fn) {
        const run = this.#queue.then(fn, fn);
        this.#queue = run.catch(() => undefined);
        return run;
    }
}
function collectSecrets(options) {
    const secrets = [];
    if (options.token) {
        secrets.push(options.token);
        const auth = authHeader(resolveLocation(options.url), options.token);
        if (auth)
            secrets.push(auth.encoded);
    }
    // A password written into the URL reaches git's argv; at least keep it out of the logs.
    const url = parseHttpUrl(options.url);
    if (url?.password)
        secrets.push(decodeURIComponent(url.password));
    return secrets;
}
function remoteReason(porcelain) {
    return (porcelain
        .split('\n')
        .find((l) => l.startsWith('!'))
        ?.split('\t')
        .slice(2)
        .join(' ') ?? '');
}
/**
 * What git trusted before `registry-ca` was added to it: the machine's GIT_SSL_CAINFO, else the
 * system bundle, else the public CAs Node ships. A CA file given to git replaces its default.
 */
async function trustedBefore() {
    for (const file of [process.env.GIT_SSL_CAINFO, SYSTEM_CA_BUNDLE]) {
        if (!file)
            continue;
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(file, 'utf8');
        }
        catch {
            // Not there on this machine: the next source.
        }
    }
    return node_tls__WEBPACK_IMPORTED_MODULE_6__.rootCertificates.join('\n');
}
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
function hintFor(stderr, location) {
    if (/dubious ownership/i.test(stderr)) {
        return `the ledger repository at ${location} belongs to another user; run the job as its owner`;
    }
    if (/SSL certificate problem|certificate verify|server certificate verification failed/i.test(stderr)) {
        return (`git does not trust the TLS certificate of ${location}: set registry-ca to the PEM file of ` +
            'the certificate authority that signed it (it is trusted for the ledger too)');
    }
    if (/protected branch|hook declined|pre-receive|GH006|GH013/i.test(stderr)) {
        return ('the ledger branch refuses this push: exempt it from branch protection and rulesets, or ' +
            'use a dedicated branch (ledger-branch)');
    }
    if (/authentication failed|could not read (username|password)|terminal prompts disabled|permission denied|\b40[13]\b|write access/i.test(stderr)) {
        return ('the ledger needs credentials that may push: give the job `permissions: contents: write` ' +
            '(or a token that can push to that repository), or an ssh key for an ssh URL');
    }
    if (/does not appear to be a git repository|repository not found|\b404\b|not found/i.test(stderr)) {
        return (`check the ledger URL or path (${location}): it must name an existing git repository; ` +
            'for a local ledger create one with `git init --bare PATH`');
    }
    if (/timed out|could not resolve|connection refused|failed to connect|unable to access/i.test(stderr)) {
        return `check that ${location} is reachable from this machine (DNS, proxy, firewall)`;
    }
    return ('check the ledger URL, that the token may push to it (contents: write), and that the branch ' +
        'accepts pushes');
}
/**
 * Runs `attempt` until its commit lands. Each rejection means another writer moved the branch:
 * the ledger is read again and `attempt` runs again on the new state, so it re-checks whatever
 * it decided from the old one. The first attempt uses the ledger as last read.
 */
async function commitWithRetry(ledger, attempt, options = {}) {
    const tries = options.tries ?? DEFAULT_TRIES;
    if (!Number.isSafeInteger(tries) || tries < 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('INTERNAL', `ledger tries ${tries} is not a positive integer`);
    }
    for (let n = 1; n <= tries; n++) {
        if (n > 1) {
            // Writers that collided would collide again in lockstep; a random wait spreads them out.
            await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_5__.setTimeout)(Math.random() * Math.min(MAX_WAIT_MS, 25 * 2 ** n));
            await ledger.refresh();
        }
        const change = await attempt(ledger);
        if (change === 'noop')
            return { outcome: 'noop', attempts: n };
        if ((await ledger.commit(change.files, change.message)) === 'committed') {
            return { outcome: 'committed', commit: ledger.head, attempts: n };
        }
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .ReleaseError */ .K2('LEDGER_RACE_LOST', `lost the race to another writer ${tries} time${tries === 1 ? '' : 's'} on the ledger ` +
        `branch '${ledger.branch}' at ${ledger.location}`, {
        hint: 'other jobs are writing the ledger at the same time; re-run this one: it reads the new ' +
            'state and checks every gate again',
    });
}


/***/ })

};
