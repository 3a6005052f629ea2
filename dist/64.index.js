export const id = 64;
export const ids = [64];
export const modules = {

/***/ 63064:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCommand: () => (/* binding */ runCommand)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./src/oci/network.ts
var oci_network = __webpack_require__(86463);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/run-temp.ts
/**
 * One temp folder per run. Builds, ledger clones and check plans put hundreds of MB under the
 * temp folder; a run killed by a cancelled job or Ctrl-C must not leave them there. Everything a
 * command writes to temp goes below this folder, which is removed when the run ends, on SIGINT,
 * SIGTERM and SIGHUP, and, for runs killed outright (SIGKILL, a lost runner), by the next run:
 * per-run folders older than a day are swept at start.
 */



const RUN_FOLDER_PREFIX = 'immutable-release-run-';
const STALE_MS = 24 * 60 * 60 * 1000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** Run folders of this process that are still in use: one set of handlers removes them all. */
const live = new Set();
const removeLive = () => {
    for (const dir of live)
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
};
const onSignal = (signal) => {
    removeLive();
    detach();
    // With our listener gone, the signal's default action (exit) applies, with its exit code.
    process.kill(process.pid, signal);
};
// Attached while a run folder is live, however many commands run at once in one process.
function attach() {
    for (const s of SIGNALS)
        process.on(s, onSignal);
    process.on('exit', removeLive);
}
function detach() {
    for (const s of SIGNALS)
        process.off(s, onSignal);
    process.off('exit', removeLive);
}
async function withRunFolder(base, work) {
    await sweepStaleRunFolders(base);
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(base, RUN_FOLDER_PREFIX));
    if (live.size === 0)
        attach();
    live.add(dir);
    try {
        return await work(dir);
    }
    finally {
        live.delete(dir);
        if (live.size === 0)
            detach();
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/** Removes per-run folders under `base` not touched for a day: their runs were killed. */
async function sweepStaleRunFolders(base, now = Date.now()) {
    const names = await (0,promises_.readdir)(base).catch(() => []);
    for (const name of names) {
        if (!name.startsWith(RUN_FOLDER_PREFIX))
            continue;
        const path = (0,external_node_path_.join)(base, name);
        const s = await (0,promises_.stat)(path).catch(() => undefined);
        if (s?.isDirectory() && now - s.mtimeMs > STALE_MS) {
            await (0,promises_.rm)(path, { recursive: true, force: true }).catch(() => undefined);
        }
    }
}

// EXTERNAL MODULE: ./src/commands/target.ts
var target = __webpack_require__(16465);
;// CONCATENATED MODULE: ./src/commands/index.ts






async function runCommand(config, options) {
    const env = options.env ?? process.env;
    const ctx = {
        logger: options.logger,
        env,
        cwd: options.cwd ?? process.cwd(),
        mask: options.mask ?? (() => { }),
        credentials: (0,target/* credentialsFor */.Og)(config, { env }),
        storeAttestation: options.storeAttestation,
        githubHistory: options.githubHistory,
    };
    ctx.logger.debug(`command: ${config.command}`);
    // Every registry client the command opens (target, base image, merge sources) shares these.
    const network = {
        timeoutMs: config.networkTimeoutMs,
        ca: config.registryCa,
        onRetry: (message) => ctx.logger.info(message),
    };
    // Only a command that speaks to a registry takes network-timeout, and only it has a bound.
    if ((0,inputs/* inputsOf */.Vc)(config.command).some((i) => i.name === 'network-timeout')) {
        ctx.logger.info((0,oci_network/* networkBound */.lr)(network));
    }
    // Every temp file of the run lives in one folder, removed at the end and on signals.
    return withRunFolder(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), (dir) => {
        ctx.tmpdir = dir;
        return (0,oci_network/* withNetwork */.pc)(network, () => dispatch(config, ctx));
    });
}
async function dispatch(config, ctx) {
    // Commands load on demand: a promote never pays for loading the builders or the keyless signer.
    switch (config.command) {
        case 'release':
            return (await Promise.all(/* import() */[__webpack_require__.e(668), __webpack_require__.e(49), __webpack_require__.e(571), __webpack_require__.e(419), __webpack_require__.e(704), __webpack_require__.e(114), __webpack_require__.e(675)]).then(__webpack_require__.bind(__webpack_require__, 23675))).release(config, ctx);
        case 'verify':
            return (await Promise.all(/* import() */[__webpack_require__.e(668), __webpack_require__.e(49), __webpack_require__.e(694), __webpack_require__.e(419), __webpack_require__.e(157)]).then(__webpack_require__.bind(__webpack_require__, 48964))).verify(config, ctx);
        case 'promote':
            return (await Promise.all(/* import() */[__webpack_require__.e(114), __webpack_require__.e(144), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 46949))).promote(config, ctx);
        case 'rollback':
            return (await Promise.all(/* import() */[__webpack_require__.e(114), __webpack_require__.e(144), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 46949))).rollback(config, ctx);
        case 'status':
            return (await Promise.all(/* import() */[__webpack_require__.e(114), __webpack_require__.e(144), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 46949))).status(config, ctx);
        case 'hold':
            return (await Promise.all(/* import() */[__webpack_require__.e(114), __webpack_require__.e(144), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 46949))).hold(config, ctx);
        case 'unhold':
            return (await Promise.all(/* import() */[__webpack_require__.e(114), __webpack_require__.e(144), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 46949))).unhold(config, ctx);
        case 'mark-bad':
            return (await Promise.all(/* import() */[__webpack_require__.e(114), __webpack_require__.e(144), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 46949))).markBad(config, ctx);
        case 'generate-key':
            return (await Promise.all(/* import() */[__webpack_require__.e(668), __webpack_require__.e(629)]).then(__webpack_require__.bind(__webpack_require__, 89629))).generateKey(config, ctx);
        case 'merge':
            return (await Promise.all(/* import() */[__webpack_require__.e(668), __webpack_require__.e(49), __webpack_require__.e(571), __webpack_require__.e(419), __webpack_require__.e(704), __webpack_require__.e(114), __webpack_require__.e(675), __webpack_require__.e(286)]).then(__webpack_require__.bind(__webpack_require__, 35286))).merge(config, ctx);
        case 'check':
            return (await Promise.all(/* import() */[__webpack_require__.e(668), __webpack_require__.e(49), __webpack_require__.e(571), __webpack_require__.e(419), __webpack_require__.e(704), __webpack_require__.e(114), __webpack_require__.e(675), __webpack_require__.e(144), __webpack_require__.e(297)]).then(__webpack_require__.bind(__webpack_require__, 92297))).check(config, ctx);
        case 'scan':
            return (await Promise.all(/* import() */[__webpack_require__.e(571), __webpack_require__.e(761), __webpack_require__.e(704), __webpack_require__.e(144), __webpack_require__.e(499)]).then(__webpack_require__.bind(__webpack_require__, 27901))).scan(config, ctx);
        default:
            return unreachable(config.command);
    }
}
/** Makes the compiler list a command that the switch forgot. */
function unreachable(command) {
    throw new errors/* UserError */.yo('INPUT_INVALID', `unknown command '${String(command)}'`, { input: 'command' });
}


/***/ }),

/***/ 16465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ resolveImage),
/* harmony export */   Ap: () => (/* binding */ openTarget),
/* harmony export */   Og: () => (/* binding */ credentialsFor),
/* harmony export */   ff: () => (/* binding */ describeTarget),
/* harmony export */   jT: () => (/* binding */ targetFolders),
/* harmony export */   rA: () => (/* binding */ imageReference)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _oci_auth_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76599);
/* harmony import */ var _oci_open_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1833);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(62148);





/**
 * Credentials for a registry: the inputs (for the target's registry only), else docker's
 * config.json as docker/login-action leaves it, else, for ghcr.io in Actions, the actor and
 * the workflow token.
 */
function credentialsFor(config, ctx) {
    return async (registry) => {
        const target = config.image.kind === 'registry' ? config.image.ref.registry : undefined;
        if (config.registryUsername && config.registryPassword && registry === target) {
            return { username: config.registryUsername, password: config.registryPassword };
        }
        const fromDocker = await (0,_oci_auth_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerConfigCredentials */ .D)(registry, ctx.env);
        if (fromDocker)
            return fromDocker;
        if (registry === 'ghcr.io' && ctx.env.GITHUB_ACTIONS === 'true' && config.githubToken) {
            return { username: ctx.env.GITHUB_ACTOR || 'github-actions', password: config.githubToken };
        }
        return undefined;
    };
}
async function openTarget(config, ctx, options = {}) {
    const registry = config.image.kind === 'registry' ? config.image.ref.registry : undefined;
    return (0,_oci_open_store_js__WEBPACK_IMPORTED_MODULE_3__/* .openStore */ .C)(config.image, {
        credentials: registry ? await ctx.credentials(registry) : undefined,
        insecureRegistries: [...config.insecureRegistries],
        onSecret: ctx.mask,
        onRetry: (message) => ctx.logger.info(message),
        env: ctx.env,
        create: options.create,
    });
}
/** What the command writes inside a checkout: the layout folder of an `oci:` target. */
function targetFolders(config) {
    // Resolved as openStore resolves it: against the process's folder.
    return config.image.kind === 'layout' ? [(0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(config.image.layout.path)] : [];
}
/** `repository@sha256:…`: the immutable reference to deploy. */
function imageReference(config, digest) {
    return `${describeTarget(config)}@${digest}`;
}
function describeTarget(config) {
    return config.image.kind === 'registry'
        ? `${config.image.ref.registry}/${config.image.ref.repository}`
        : `oci:${config.image.layout.path}`;
}
/**
 * The manifest the image input names: its digest, else its tag resolved and logged as
 * "tag → digest" (registries and layouts alike); undefined when it names neither.
 */
async function resolveImage(config, store, ctx) {
    const { tag, digest } = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .selectorOf */ .Bk)(config.image);
    const reference = digest ?? tag;
    if (reference === undefined)
        return undefined;
    const found = await store.headManifest(reference);
    if (!found) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('NOT_FOUND', `${describeTarget(config)}: ${reference} does not exist`, {
            hint: digest
                ? 'check the digest and the image it belongs to'
                : `check the tag; ${describeTarget(config)} has no tag ${tag}`,
        });
    }
    if (digest !== undefined && found.digest !== digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('DIGEST_MISMATCH', `${describeTarget(config)}@${digest} answered ${found.digest}`);
    }
    if (digest === undefined)
        ctx.logger.info(`${describeTarget(config)}:${tag} → ${found.digest}`);
    return found;
}


/***/ }),

/***/ 76599:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ dockerConfigCredentials),
/* harmony export */   gr: () => (/* binding */ RegistryAuth)
/* harmony export */ });
/* unused harmony exports parseChallenges, runCredentialHelper */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(95809);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(62148);







/**
 * Parses WWW-Authenticate values: each header may hold challenges whose quoted values contain
 * `,` and `:` (scopes), so a naive split on commas breaks them.
 */
function parseChallenges(headers) {
    const values = Array.isArray(headers) ? headers : headers ? [headers] : [];
    const out = [];
    for (const value of values) {
        let i = 0;
        const s = value;
        while (i < s.length) {
            while (i < s.length && /[\s,]/.test(s[i]))
                i++;
            const schemeStart = i;
            while (i < s.length && /[^\s,=]/.test(s[i]))
                i++;
            const scheme = s.slice(schemeStart, i).toLowerCase();
            if (!scheme)
                break;
            const challenge = { scheme, params: {} };
            out.push(challenge);
            for (;;) {
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                const keyStart = i;
                while (i < s.length && /[^\s,=]/.test(s[i]))
                    i++;
                const key = s.slice(keyStart, i).toLowerCase();
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                if (s[i] !== '=' || !key) {
                    // Not a parameter: it was the next challenge's scheme.
                    i = keyStart;
                    break;
                }
                i++;
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                let val = '';
                if (s[i] === '"') {
                    i++;
                    while (i < s.length && s[i] !== '"') {
                        if (s[i] === '\\' && i + 1 < s.length)
                            i++;
                        val += s[i];
                        i++;
                    }
                    i++;
                }
                else {
                    const start = i;
                    while (i < s.length && /[^\s,]/.test(s[i]))
                        i++;
                    val = s.slice(start, i);
                }
                challenge.params[key] = val;
                while (i < s.length && /\s/.test(s[i]))
                    i++;
                if (s[i] === ',')
                    i++;
            }
        }
    }
    return out;
}
/** docker writes Docker Hub's entry under its v1 index URL; other hosts may carry a scheme or path. */
function configKeys(registry) {
    if (registry === _reference_js__WEBPACK_IMPORTED_MODULE_6__/* .DOCKER_HUB */ .Xb) {
        return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
    }
    return [registry];
}
function hostOfKey(key) {
    return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}
/** Runs `docker-credential-<helper> get` with the server on stdin, as docker does; no shell. */
function runCredentialHelper(helper, server) {
    if (!/^[A-Za-z0-9_.-]+$/.test(helper)) {
        return Promise.reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('CREDENTIALS_INVALID', `credential helper name '${helper}' is not valid`, {
            input: 'docker config credHelpers',
            valid: 'a name like osxkeychain, pass, ecr-login',
        }));
    }
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (err, stdout) => {
            if (err) {
                // A helper that knows nothing of this server says so on stdout and exits 1: anonymous then.
                if (/credentials not found/i.test(stdout) || /credentials not found/i.test(String(err))) {
                    resolve(undefined);
                    return;
                }
                reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `docker-credential-${helper} failed for ${server}`, {
                    registry: server,
                    cause: err,
                    hint: `check that docker-credential-${helper} is installed and logged in`,
                }));
                return;
            }
            try {
                const parsed = JSON.parse(stdout);
                if (!parsed.Secret)
                    resolve(undefined);
                else if (parsed.Username === '<token>')
                    resolve({ identityToken: parsed.Secret });
                else
                    resolve({ username: parsed.Username, password: parsed.Secret });
            }
            catch (e) {
                reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `docker-credential-${helper} printed no JSON for ${server}`, {
                    registry: server,
                    cause: e,
                }));
            }
        });
        child.stdin?.end(server);
    });
}
/** Credentials for `registry` from docker's config.json, as docker/login-action leaves it. */
async function dockerConfigCredentials(registry, env = process.env) {
    const dir = env.DOCKER_CONFIG || (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.homedir)(), '.docker');
    let config;
    try {
        config = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'config.json'), 'utf8'));
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('CREDENTIALS_INVALID', `cannot read ${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'config.json')}`, {
            input: 'DOCKER_CONFIG',
            valid: 'a JSON file as docker login writes it',
            cause: e,
        });
    }
    const keys = configKeys(registry);
    for (const key of keys) {
        const helper = config.credHelpers?.[key];
        if (helper)
            return runCredentialHelper(helper, key);
    }
    const entry = Object.entries(config.auths ?? {}).find(([key]) => keys.includes(key) || keys.includes(hostOfKey(key)));
    if (entry) {
        const [, value] = entry;
        if (value.identitytoken)
            return { username: value.username, identityToken: value.identitytoken };
        if (value.username && value.password)
            return { username: value.username, password: value.password };
        if (value.auth) {
            const decoded = Buffer.from(value.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
    }
    if (config.credsStore)
        return runCredentialHelper(config.credsStore, keys[0]);
    return undefined;
}
/**
 * Authorisation for one registry origin (scheme, host, port). Learns the scheme from that
 * origin's own 401 challenges only, keeps bearer tokens per scope set until shortly before they
 * expire, and reports every secret it derives through `onSecret` so that the caller can mask it.
 *
 * Credentials never leave the origin: the caller attaches `header()` only to requests for the
 * registry's origin, a 401 from any other origin (a storage host behind a redirect) teaches
 * nothing, and the password goes to a token realm only when the registry's own challenge named
 * it and it is https (plain http only when the registry itself may be spoken to in plain http
 * and the realm's host may too).
 */
class RegistryAuth {
    registry;
    origin;
    credentials;
    plainHttpAllowed;
    challenge;
    tokens = new Map();
    pending = new Map();
    secrets = new Set();
    listeners = new Set();
    constructor(registry, 
    /** The registry's origin, `https://host:port`. */
    origin, credentials, 
    /** Hosts (`host[:port]`) the user lets us speak plain http to: loopback and insecure-registry. */
    plainHttpAllowed = () => false) {
        this.registry = registry;
        this.origin = origin;
        this.credentials = credentials;
        this.plainHttpAllowed = plainHttpAllowed;
        if (credentials?.password)
            this.secrets.add(credentials.password);
        if (credentials?.identityToken)
            this.secrets.add(credentials.identityToken);
    }
    /**
     * Every store sharing this (cached) auth registers here and is told every secret, those already
     * derived included: otherwise a second user of the cache would never learn to mask its tokens.
     */
    addSecretListener(listener) {
        if (this.listeners.has(listener))
            return;
        this.listeners.add(listener);
        for (const s of this.secrets)
            listener(s);
    }
    onSecret(value) {
        this.secrets.add(value);
        for (const l of this.listeners)
            l(value);
    }
    /** The header for a request that needs `scopes`, or undefined before any challenge was seen. */
    async header(scopes, settings) {
        if (!this.challenge)
            return undefined;
        if (this.challenge.scheme === 'basic')
            return this.basic();
        if (this.challenge.scheme !== 'bearer')
            return undefined;
        const key = scopes.join(' ');
        const cached = this.tokens.get(key);
        if (cached && cached.expiresAt > Date.now())
            return `Bearer ${cached.token}`;
        // Requests running side by side share one token fetch.
        let pending = this.pending.get(key);
        if (!pending) {
            pending = this.fetchToken(scopes, settings).finally(() => this.pending.delete(key));
            this.pending.set(key, pending);
        }
        return `Bearer ${await pending}`;
    }
    /**
     * Called with a 401 answer to a request that carried `sent` (or no) authorisation. Returns true
     * when repeating it with fresh authorisation may succeed; never for an answer from another
     * origin than the registry's, whose challenge must not decide where our credentials go.
     */
    async onUnauthorized(res, scopes, sent) {
        if (res.url.origin !== this.origin)
            return false;
        const challenges = parseChallenges(res.headers['www-authenticate']);
        const next = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
        if (!next)
            return false;
        if (!this.challenge || this.challenge.scheme !== next.scheme)
            this.challenge = next;
        if (next.scheme === 'basic')
            return sent === undefined && this.basic() !== undefined;
        // A realm may move (a registry behind a new token service): follow the latest challenge.
        this.challenge = next;
        const key = scopes.join(' ');
        // The token we sent was refused (expired early, or lacked a scope): fetch another.
        if (sent !== undefined &&
            this.tokens.get(key) &&
            `Bearer ${this.tokens.get(key).token}` === sent) {
            this.tokens.delete(key);
        }
        return true;
    }
    /** Where the password may go: see the class comment. */
    checkRealm(realm) {
        if (realm.protocol === 'https:')
            return;
        const registryPlain = this.origin.startsWith('http:');
        const allowed = realm.protocol === 'http:' &&
            registryPlain &&
            (realm.origin === this.origin || this.plainHttpAllowed(realm.host));
        if (allowed)
            return;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `${this.registry} (${this.origin}) named the token realm ${realm.origin}, which is not https; refused, so no credentials were sent`, {
            registry: this.registry,
            hint: registryPlain
                ? `list ${realm.host} in insecure-registry if plain http to it is intended`
                : 'an https registry must name an https token realm; ask its operator to fix the realm',
        });
    }
    basic() {
        const { username, password } = this.credentials ?? {};
        if (username === undefined || password === undefined)
            return undefined;
        return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    async fetchToken(scopes, settings) {
        const params = this.challenge.params;
        if (!params.realm) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `${this.registry} sent a Bearer challenge without a realm`, {
                registry: this.registry,
            });
        }
        let realm;
        try {
            realm = new URL(params.realm);
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `${this.registry} sent an invalid token realm '${params.realm}'`, {
                registry: this.registry,
                cause: e,
            });
        }
        this.checkRealm(realm);
        if (params.service)
            realm.searchParams.set('service', params.service);
        for (const scope of scopes)
            realm.searchParams.append('scope', scope);
        const headers = { accept: 'application/json' };
        const password = this.credentials?.identityToken ?? this.credentials?.password;
        if (password !== undefined) {
            const user = this.credentials?.identityToken
                ? (this.credentials.username ?? '<token>')
                : this.credentials?.username;
            headers.authorization = `Basic ${Buffer.from(`${user ?? ''}:${password}`).toString('base64')}`;
        }
        const started = Date.now();
        let res;
        try {
            res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .send */ .tN)({ method: 'GET', url: realm, headers, what: 'GET token' }, settings);
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_UNREACHABLE', `token service ${realm.origin} of ${this.registry} is unreachable`, {
                registry: this.registry,
                cause: e,
            });
        }
        const body = await (0,_http_js__WEBPACK_IMPORTED_MODULE_5__/* .readBody */ .x8)(res, 1024 * 1024);
        if (res.status === 401 || res.status === 403) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `${this.registry} refused the credentials (token service answered ${res.status})`, {
                registry: this.registry,
                status: res.status,
                hint: password === undefined
                    ? 'set registry-username and registry-password, or log in with docker/login-action'
                    : 'check registry-username and registry-password (or the docker config.json entry) for this registry',
            });
        }
        if (res.status !== 200) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `token service of ${this.registry} answered ${res.status}`, {
                registry: this.registry,
                status: res.status,
            });
        }
        let parsed;
        try {
            parsed = JSON.parse(body.toString('utf8'));
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `token service of ${this.registry} sent no JSON`, {
                registry: this.registry,
                cause: e,
            });
        }
        const token = parsed.access_token || parsed.token;
        if (!token) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .RegistryError */ .gl('REGISTRY_AUTH', `token service of ${this.registry} sent no token`, {
                registry: this.registry,
            });
        }
        this.onSecret(token);
        // The spec's floor is 60 s; refresh 10 s early so a token never expires mid-request.
        const lifetime = Math.max(60, parsed.expires_in ?? 60) * 1000;
        const issued = parsed.issued_at ? Date.parse(parsed.issued_at) : NaN;
        const from = Number.isNaN(issued) || issued > Date.now() ? started : issued;
        this.tokens.set(scopes.join(' '), { token, expiresAt: from + lifetime - 10_000 });
        return token;
    }
}


/***/ }),

/***/ 26430:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ bufferSource),
/* harmony export */   v: () => (/* binding */ READ_CHUNK)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68825);


// Reads of 1 MiB instead of 64 KiB: pushes of large layers spend ~45% less CPU (bench/push).
const READ_CHUNK = 1 << 20;
/** A small blob held in memory (configs, manifests, JSON artifacts). */
function bufferSource(bytes) {
    return {
        digest: (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256 */ .sc)(bytes),
        size: bytes.length,
        open: async (start = 0, end = bytes.length) => node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from([bytes.subarray(start, end)]),
    };
}


/***/ }),

/***/ 95809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   TX: () => (/* binding */ isNetworkError),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   eH: () => (/* binding */ sendFollowing),
/* harmony export */   jo: () => (/* binding */ backoffMs),
/* harmony export */   tN: () => (/* binding */ send),
/* harmony export */   x8: () => (/* binding */ readBody),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _network_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(86463);





const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
]);
const MAX_REDIRECTS = 5;
function isRetryableStatus(status) {
    return RETRY_STATUS.has(status);
}
function isNetworkError(e) {
    if (!(e instanceof Error))
        return false;
    const code = e.code;
    return ((code !== undefined && NETWORK_CODES.has(code)) || /socket hang up|aborted/i.test(e.message));
}
function seconds(ms) {
    return `${Number((ms / 1000).toFixed(3))} s`;
}
/**
 * One HTTP exchange; the caller owns the response body and must consume or destroy it. Silence
 * for `timeoutMs`, before the headers or between two pieces of the body, abandons the exchange
 * with an ETIMEDOUT error that names the host and what was being done.
 */
function send(req, settings = (0,_network_js__WEBPACK_IMPORTED_MODULE_3__/* .currentNetwork */ .O4)()) {
    return new Promise((resolve, reject) => {
        const isHttps = req.url.protocol === 'https:';
        const headers = { 'user-agent': 'immutable-release', ...req.headers };
        if (Buffer.isBuffer(req.body))
            headers['content-length'] = String(req.body.length);
        else if (req.body === undefined && ['PUT', 'POST', 'PATCH'].includes(req.method)) {
            headers['content-length'] = '0';
        }
        const agents = (0,_network_js__WEBPACK_IMPORTED_MODULE_3__/* .agentsFor */ .ml)(settings.ca);
        const request = (isHttps ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default())).request(req.url, {
            method: req.method,
            headers,
            agent: isHttps ? agents.https : agents.http,
        });
        let response;
        // The socket's idle timer restarts with every byte either way, so this covers a registry that
        // never answers as well as one that sends the headers and then stalls the body.
        request.setTimeout(settings.timeoutMs, () => {
            const what = req.what ?? `${req.method} ${req.url.pathname}`;
            const error = Object.assign(new Error(`${what} from ${req.url.host}: no data for ${seconds(settings.timeoutMs)}`), { code: 'ETIMEDOUT' });
            // The body's reader must see this error, not a bare "aborted".
            response?.destroy(error);
            request.destroy(error);
        });
        request.on('error', reject);
        request.on('response', (res) => {
            response = res;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, url: req.url, body: res });
        });
        if (req.body === undefined)
            request.end();
        else if (Buffer.isBuffer(req.body))
            request.end(req.body);
        else {
            req.body().then((stream) => {
                stream.on('error', (e) => request.destroy(e));
                stream.pipe(request);
            }, (e) => request.destroy(e instanceof Error ? e : new Error(String(e))));
        }
    });
}
/**
 * Follows redirects by hand so that credentials stay with the host they were meant for: on a
 * hop to another origin, `authorization` (and cookies) are dropped, and https never downgrades.
 */
async function sendFollowing(req, registry, settings = (0,_network_js__WEBPACK_IMPORTED_MODULE_3__/* .currentNetwork */ .O4)()) {
    let current = req;
    for (let hop = 0;; hop++) {
        const res = await send(current, settings);
        const location = res.headers.location;
        if (!current.followRedirects || ![301, 302, 303, 307, 308].includes(res.status) || !location) {
            return res;
        }
        res.body.resume();
        if (hop >= MAX_REDIRECTS) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl('REGISTRY_ERROR', `more than ${MAX_REDIRECTS} redirects from ${req.url.href}`, {
                registry,
                status: res.status,
            });
        }
        const next = new URL(location, current.url);
        if (current.url.protocol === 'https:' && next.protocol !== 'https:') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryError */ .gl('REDIRECT_REFUSED', `refused a redirect from https to ${next.protocol} (${next.origin})`, {
                registry,
                hint: 'the registry tried to send the download over an unencrypted connection',
            });
        }
        const headers = { ...current.headers };
        if (next.origin !== current.url.origin) {
            for (const name of Object.keys(headers)) {
                if (/^(authorization|cookie|proxy-authorization)$/i.test(name))
                    delete headers[name];
            }
        }
        current = {
            ...current,
            url: next,
            headers,
            method: res.status === 303 ? 'GET' : current.method,
        };
    }
}
async function readBody(res, limit = 64 * 1024 * 1024) {
    const chunks = [];
    let total = 0;
    for await (const chunk of res.body) {
        total += chunk.length;
        if (total > limit) {
            res.body.destroy();
            throw new Error(`response from ${res.url.origin} is larger than ${limit} bytes`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
function retryAfterMs(value, now = Date.now()) {
    const text = Array.isArray(value) ? value[0] : value;
    if (!text)
        return undefined;
    if (/^\d+$/.test(text.trim()))
        return Number(text.trim()) * 1000;
    const when = Date.parse(text);
    return Number.isNaN(when) ? undefined : Math.max(0, when - now);
}
/** Exponential backoff with full jitter, or the server's Retry-After when it gave one. */
function backoffMs(attempt, policy, retryAfter) {
    if (retryAfter !== undefined)
        return Math.min(retryAfter, policy.maxDelayMs);
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    return Math.round(cap / 2 + Math.random() * (cap / 2));
}


/***/ }),

/***/ 25823:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ LayoutStore)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _blob_source_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(26430);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(68825);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(29217);
/* harmony import */ var _referrers_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(50961);










const LOCK_WAIT_MS = 30_000;
const LOCK_STALE_MS = 60_000;
/**
 * A holder writes its pid right after creating the lock, so a lock seen empty or unreadable on
 * this many polls in a row (5 + 10 + 20 + 40 + 80 ms of backoff) was left by a crash.
 */
const CORRUPT_LOCK_POLLS = 5;
/** `<target>.<pid>.<8 hex>.tmp`, as atomicWrite and putBlob name their temp files. */
const TEMP_FILE_RE = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** What a layout folder holds while another process is creating it. */
const LAYOUT_ENTRY_RE = /^(blobs|oci-layout|index\.json(\.lock(\.break)?)?|.*\.tmp)$/;
/**
 * An OCI image layout folder (image-spec image-layout.md) used as one repository: tags are the
 * `org.opencontainers.image.ref.name` annotations of `index.json`. Every write lands in a temp
 * file and is renamed into place; `index.json` changes only under a lock file, so two processes
 * writing the same folder cannot lose each other's tags.
 */
class LayoutStore {
    root;
    description;
    registry = undefined;
    repository = undefined;
    /** Whether this store has swept dead writers' temp files yet: once, at the first lock. */
    swept = false;
    constructor(root) {
        this.root = root;
        this.description = `layout ${root}`;
    }
    /**
     * Set while a layout opened with `create` has not been written to: reads see an empty layout,
     * and the folder is made by the first write, so a run refused after opening leaves nothing.
     */
    unborn;
    /** Opens a layout; when `create` and the folder has none, the first write makes an empty one. */
    static async open(root, options = {}) {
        const store = new LayoutStore(root);
        let marker;
        try {
            marker = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, 'oci-layout'), 'utf8');
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                throw e;
        }
        if (marker === undefined) {
            if (!options.create) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('LAYOUT_INVALID', `${root} is not an OCI image layout (no oci-layout file)`, {
                    hint: 'name a folder written by this tool, skopeo copy oci:, buildah push oci:, or umoci',
                });
            }
            await checkCreatable(root);
            store.unborn = 'pending';
            return store;
        }
        let version;
        try {
            version = JSON.parse(marker).imageLayoutVersion;
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('LAYOUT_INVALID', `${root}/oci-layout is not JSON`, { cause: e });
        }
        if (version !== '1.0.0') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('LAYOUT_INVALID', `${root} has imageLayoutVersion ${String(version)}, expected 1.0.0`);
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, 'blobs', 'sha256'), { recursive: true });
        return store;
    }
    blobPath(digest) {
        const [alg] = digest.split(':', 1);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'blobs', alg, (0,_digest_js__WEBPACK_IMPORTED_MODULE_7__/* .digestHex */ .sU)(digest));
    }
    /**
     * Writes a whole file so that readers see the old or the new content, never a part. With
     * `onlyIfAbsent`, a file another process created first is kept: link() fails atomically when the
     * target exists, where a check followed by rename() could replace a file written in between.
     */
    async atomicWrite(name, content, onlyIfAbsent = false) {
        const target = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, name);
        const tmp = `${target}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(tmp, content, { flag: 'wx' });
        try {
            if (!onlyIfAbsent) {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, target);
                return;
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(tmp, target).catch((e) => {
                if (e.code !== 'EEXIST')
                    throw e;
            });
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { force: true });
        }
    }
    /** Makes the empty layout an unborn store stands for, once, before its first write. */
    async born() {
        if (this.unborn === undefined)
            return;
        if (this.unborn === 'pending') {
            // open() has checked the folder; another writer making the same layout meanwhile is fine.
            this.unborn = (async () => {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'blobs', 'sha256'), { recursive: true });
                const empty = { schemaVersion: 2, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_8__/* .MediaType */ .zu.OciIndex, manifests: [] };
                await this.atomicWrite('index.json', JSON.stringify(empty), true);
                await this.atomicWrite('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }), true);
            })();
        }
        await this.unborn;
    }
    async hasBlob(digest) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(this.blobPath(digest));
            return true;
        }
        catch {
            return false;
        }
    }
    notFound(what, e) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('NOT_FOUND', `${what} not found in ${this.description}`, { cause: e });
    }
    async openBlob(desc) {
        if (!(await this.hasBlob(desc.digest)))
            throw this.notFound(`blob ${desc.digest}`);
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(this.blobPath(desc.digest), { highWaterMark: _blob_source_js__WEBPACK_IMPORTED_MODULE_6__/* .READ_CHUNK */ .v }).pipe(new _digest_js__WEBPACK_IMPORTED_MODULE_7__/* .VerifyingStream */ .SC(desc, `blob ${desc.digest} in ${this.description}`));
    }
    async readBlob(desc) {
        let bytes;
        try {
            bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(this.blobPath(desc.digest));
        }
        catch (e) {
            throw this.notFound(`blob ${desc.digest}`, e);
        }
        (0,_digest_js__WEBPACK_IMPORTED_MODULE_7__/* .checkContent */ .aG)(bytes, desc, `blob ${desc.digest} in ${this.description}`);
        return bytes;
    }
    blobSource(desc) {
        const path = this.blobPath(desc.digest);
        return {
            digest: desc.digest,
            size: desc.size,
            open: async (start = 0, end = desc.size) => {
                if (start === 0 && end === desc.size)
                    return this.openBlob(desc);
                return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { start, end: end - 1, highWaterMark: _blob_source_js__WEBPACK_IMPORTED_MODULE_6__/* .READ_CHUNK */ .v });
            },
        };
    }
    async putBlob(source) {
        if (await this.hasBlob(source.digest))
            return 'exists';
        await this.born();
        const target = this.blobPath(source.digest);
        const tmp = `${target}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
        const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        let size = 0;
        try {
            const input = await source.open();
            input.on('data', (chunk) => {
                hash.update(chunk);
                size += chunk.length;
            });
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(input, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(tmp, { flags: 'wx' }));
            const digest = `sha256:${hash.digest('hex')}`;
            if (digest !== source.digest || size !== source.size) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('DIGEST_MISMATCH', `blob written to ${this.description} is ${digest} (${size} bytes), expected ${source.digest} (${source.size} bytes)`);
            }
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, target);
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(tmp, { force: true });
        }
        return 'uploaded';
    }
    /**
     * Moves a file whose digest the caller computed while writing it (a freshly built layer) into
     * the blob store, instead of copying it: the file must be in this layout's folder tree.
     */
    async adoptBlob(path, expected) {
        await this.born();
        const actual = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path)).size;
        if (actual !== expected.size) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIZE_MISMATCH', `${path} has ${actual} bytes, expected ${expected.size}`);
        }
        if (await this.hasBlob(expected.digest))
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { force: true });
        else
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(path, this.blobPath(expected.digest));
    }
    async readIndex() {
        let text;
        try {
            text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'index.json'), 'utf8');
        }
        catch (e) {
            if (this.unborn === 'pending')
                return { schemaVersion: 2, manifests: [] };
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('LAYOUT_INVALID', `${this.root} has no index.json`, { cause: e });
        }
        try {
            const index = JSON.parse(text);
            if (!Array.isArray(index.manifests))
                throw new Error('manifests is not an array');
            return index;
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('LAYOUT_INVALID', `${this.root}/index.json is not a valid image index`, { cause: e });
        }
    }
    async resolve(reference) {
        const index = await this.readIndex();
        if (reference.includes(':')) {
            const listed = index.manifests.find((d) => d.digest === reference);
            if (listed)
                return listed;
            if (!(await this.hasBlob(reference)))
                return undefined;
            const bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(this.blobPath(reference));
            const inner = JSON.parse(bytes.toString('utf8')).mediaType;
            return { mediaType: inner ?? _media_types_js__WEBPACK_IMPORTED_MODULE_8__/* .MediaType */ .zu.OciManifest, digest: reference, size: bytes.length };
        }
        // The newest entry wins when a folder written by another tool lists a tag twice.
        return [...index.manifests]
            .reverse()
            .find((d) => d.annotations?.[_media_types_js__WEBPACK_IMPORTED_MODULE_8__/* .REF_NAME_ANNOTATION */ .EP] === reference);
    }
    async headManifest(reference) {
        const d = await this.resolve(reference);
        return d && { mediaType: d.mediaType, digest: d.digest, size: d.size };
    }
    async getManifest(reference) {
        const d = await this.resolve(reference);
        if (!d)
            throw this.notFound(`manifest ${reference}`);
        const bytes = await this.readBlob(d);
        return { bytes, mediaType: d.mediaType, digest: d.digest };
    }
    async putManifest(bytes, mediaType, tag, options = {}) {
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_7__/* .sha256 */ .sc)(bytes);
        const desc = { mediaType, digest, size: bytes.length };
        if (!(await this.hasBlob(digest))) {
            await this.putBlob((0,_blob_source_js__WEBPACK_IMPORTED_MODULE_6__/* .bufferSource */ .k)(bytes));
        }
        if (tag) {
            await this.withIndexLock(async (index) => {
                if (options.expect !== undefined) {
                    const now = index.manifests.find((d) => d.annotations?.[_media_types_js__WEBPACK_IMPORTED_MODULE_8__/* .REF_NAME_ANNOTATION */ .EP] === tag);
                    if ((now?.digest ?? null) !== options.expect) {
                        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('TAG_CONFLICT', `${this.description}: tag ${tag} changed while it was being updated`);
                    }
                }
                index.manifests = index.manifests.filter((d) => d.annotations?.[_media_types_js__WEBPACK_IMPORTED_MODULE_8__/* .REF_NAME_ANNOTATION */ .EP] !== tag);
                index.manifests.push({ ...desc, annotations: { [_media_types_js__WEBPACK_IMPORTED_MODULE_8__/* .REF_NAME_ANNOTATION */ .EP]: tag } });
            });
        }
        const subject = (0,_referrers_js__WEBPACK_IMPORTED_MODULE_9__/* .subjectOf */ .et)(bytes);
        if (subject)
            await (0,_referrers_js__WEBPACK_IMPORTED_MODULE_9__/* .addFallbackReferrer */ .de)(this, subject.digest, (0,_referrers_js__WEBPACK_IMPORTED_MODULE_9__/* .referrerDescriptor */ .xh)(bytes, mediaType, digest));
        return desc;
    }
    async listTags() {
        const index = await this.readIndex();
        const tags = index.manifests
            .map((d) => d.annotations?.[_media_types_js__WEBPACK_IMPORTED_MODULE_8__/* .REF_NAME_ANNOTATION */ .EP])
            .filter((t) => !!t);
        return [...new Set(tags)];
    }
    async referrers(digest, artifactType) {
        return (0,_referrers_js__WEBPACK_IMPORTED_MODULE_9__/* .readFallbackReferrers */ .DL)(this, digest, artifactType);
    }
    /** Read-modify-write of index.json under an exclusive lock file; a dead holder's lock is broken. */
    async withIndexLock(change) {
        await this.born();
        const lock = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'index.json.lock');
        const started = Date.now();
        let corruptPolls = 0;
        let lastCorrupt;
        for (let wait = 5;; wait = Math.min(wait * 2, 100)) {
            try {
                const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(lock, 'wx');
                await handle.writeFile(`${process.pid} ${Date.now()}`);
                await handle.close();
                break;
            }
            catch (e) {
                if (e.code !== 'EEXIST')
                    throw e;
                const seen = await this.lockState(lock);
                if (seen.state === 'corrupt') {
                    corruptPolls = seen.text === lastCorrupt ? corruptPolls + 1 : 1;
                    lastCorrupt = seen.text;
                }
                else {
                    corruptPolls = 0;
                    lastCorrupt = undefined;
                }
                if (seen.state === 'stale' || corruptPolls >= CORRUPT_LOCK_POLLS) {
                    await breakLock(lock, seen.text);
                    corruptPolls = 0;
                    continue;
                }
                if (Date.now() - started > LOCK_WAIT_MS) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('LAYOUT_LOCKED', `${lock} has been held for over ${LOCK_WAIT_MS / 1000} s`, {
                        hint: 'another process is writing this layout; if none is, remove the lock file',
                    });
                }
                await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
            }
        }
        try {
            if (!this.swept)
                await this.sweepTempFiles();
            const index = await this.readIndex();
            await change(index);
            await this.atomicWrite('index.json', JSON.stringify(index));
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(lock, { force: true });
        }
    }
    /**
     * `stale`: its holder is gone (dead pid, or too old); `corrupt`: empty or unreadable, which a
     * live holder leaves only for the moment between creating and writing it; `live` otherwise.
     */
    async lockState(lock) {
        let text;
        try {
            text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(lock, 'utf8');
        }
        catch {
            return { state: 'live' }; // gone meanwhile: the next open takes it
        }
        const [pid, time] = text.split(' ').map(Number);
        if (!pid || !time)
            return { state: 'corrupt', text };
        if (Date.now() - time > LOCK_STALE_MS)
            return { state: 'stale', text };
        return { state: isAlive(pid) ? 'live' : 'stale', text };
    }
    /**
     * Removes the temp files of writers that died between writing and renaming, so a killed run
     * leaves no `.tmp` files behind for long. Called under the lock; a live writer's files stay.
     */
    async sweepTempFiles() {
        this.swept = true;
        for (const dir of [this.root, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.root, 'blobs', 'sha256')]) {
            const names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir).catch(() => []);
            for (const name of names) {
                const pid = Number(TEMP_FILE_RE.exec(name)?.[1]);
                if (pid && !isAlive(pid))
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name), { force: true });
            }
        }
    }
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return e.code !== 'ESRCH';
    }
}
/**
 * A layout is created only in a new or empty folder (or one another process is making a layout
 * in right now): `image: oci:.` in a source folder must not scatter blobs/ and index.json there.
 */
async function checkCreatable(root) {
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(root).catch((e) => {
        if (e.code === 'ENOENT')
            return [];
        throw e;
    });
    const foreign = entries.filter((name) => !LAYOUT_ENTRY_RE.test(name));
    if (foreign.length === 0)
        return;
    const shown = foreign
        .slice(0, 3)
        .map((n) => JSON.stringify(n))
        .join(', ');
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('LAYOUT_INVALID', `${root} is not an OCI image layout (no oci-layout file) and not empty: it holds ${shown}${foreign.length > 3 ? ', ...' : ''}`, {
        input: 'image',
        valid: 'oci:PATH naming an existing OCI image layout, or a new or empty folder',
        hint: 'nothing was written; name another folder, e.g. oci:./out/image',
    });
}
/**
 * Removes a stale lock only if it still holds what was judged stale. Without the guard, two
 * processes that both saw the dead holder's lock could each delete it, the second one removing
 * the fresh lock the first had just taken. The guard's own critical section is a read and an
 * unlink, so a guard older than a few seconds can only be left by a crash.
 */
async function breakLock(lock, stale) {
    const guard = `${lock}.break`;
    try {
        await (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(guard, 'wx')).close();
    }
    catch (e) {
        if (e.code !== 'EEXIST')
            throw e;
        const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(guard).catch(() => undefined);
        if (s && Date.now() - s.mtimeMs > 5_000)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(guard, { force: true });
        return;
    }
    try {
        const now = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(lock, 'utf8').catch(() => undefined);
        if (now === stale)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(lock, { force: true });
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(guard, { force: true });
    }
}


/***/ }),

/***/ 29217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $U: () => (/* binding */ isIndexType),
/* harmony export */   EP: () => (/* binding */ REF_NAME_ANNOTATION),
/* harmony export */   JO: () => (/* binding */ EMPTY_JSON),
/* harmony export */   Q3: () => (/* binding */ isManifestType),
/* harmony export */   _P: () => (/* binding */ MANIFEST_TYPES),
/* harmony export */   cK: () => (/* binding */ toOciLayer),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
const MediaType = {
    OciManifest: 'application/vnd.oci.image.manifest.v1+json',
    OciIndex: 'application/vnd.oci.image.index.v1+json',
    OciConfig: 'application/vnd.oci.image.config.v1+json',
    OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    OciLayer: 'application/vnd.oci.image.layer.v1.tar',
    OciEmpty: 'application/vnd.oci.empty.v1+json',
    DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    DockerConfig: 'application/vnd.docker.container.image.v1+json',
    DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};
/** Every manifest type this client reads, in the order it prefers them (the Accept header). */
const MANIFEST_TYPES = [
    MediaType.OciManifest,
    MediaType.OciIndex,
    MediaType.DockerManifest,
    MediaType.DockerManifestList,
];
function isIndexType(mediaType) {
    return mediaType === MediaType.OciIndex || mediaType === MediaType.DockerManifestList;
}
function isManifestType(mediaType) {
    return MANIFEST_TYPES.includes(mediaType);
}
const OCI_LAYER_OF = {
    [MediaType.DockerLayerGzip]: MediaType.OciLayerGzip,
    'application/vnd.docker.image.rootfs.diff.tar': MediaType.OciLayer,
};
/** Docker's layer types name the same bytes as the OCI ones; an OCI manifest uses the OCI names. */
function toOciLayer(d) {
    return { ...d, mediaType: OCI_LAYER_OF[d.mediaType] ?? d.mediaType };
}
/** The empty JSON config of artifacts (image-spec §3.2). */
const EMPTY_JSON = {
    mediaType: MediaType.OciEmpty,
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
    data: 'e30=',
};
const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';


/***/ }),

/***/ 1833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ openStore)
/* harmony export */ });
/* harmony import */ var _auth_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76599);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25823);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(30494);



async function openStore(target, options = {}) {
    if (target.kind === 'layout')
        return _layout_js__WEBPACK_IMPORTED_MODULE_1__/* .LayoutStore */ .K.open(target.layout.path, { create: options.create });
    const { registry, repository } = target.ref;
    const credentials = options.credentials ?? (await (0,_auth_js__WEBPACK_IMPORTED_MODULE_0__/* .dockerConfigCredentials */ .D)(registry, options.env));
    return new _registry_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryStore */ .X(registry, repository, { ...options, credentials });
}


/***/ }),

/***/ 50961:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DL: () => (/* binding */ readFallbackReferrers),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   de: () => (/* binding */ addFallbackReferrer),
/* harmony export */   et: () => (/* binding */ subjectOf),
/* harmony export */   qr: () => (/* binding */ appendConfirmed),
/* harmony export */   xh: () => (/* binding */ referrerDescriptor)
/* harmony export */ });
/* unused harmony export fallbackTag */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68825);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(29217);



/** distribution-spec's fallback tag for a subject: `<alg>-<hex>`, truncated as the spec says. */
function fallbackTag(digest) {
    const [alg, hex] = [digest.split(':', 1)[0], (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .digestHex */ .sU)(digest)];
    return `${alg.slice(0, 32)}-${hex.slice(0, 64)}`.replace(/[^a-zA-Z0-9._-]/g, '-');
}
function parseManifest(bytes, what) {
    try {
        const parsed = JSON.parse(bytes.toString('utf8'));
        if (parsed.schemaVersion !== 2)
            throw new Error(`schemaVersion is ${String(parsed.schemaVersion)}, not 2`);
        return parsed;
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('MANIFEST_INVALID', `${what} is not a valid manifest`, { cause: e });
    }
}
/** The referrers-API descriptor of a manifest that has a subject (image-spec, distribution-spec §referrers). */
function referrerDescriptor(bytes, mediaType, digest) {
    const m = parseManifest(bytes, `manifest ${digest}`);
    const artifactType = m.artifactType ?? ('config' in m ? m.config.mediaType : undefined);
    return {
        mediaType,
        digest,
        size: bytes.length,
        ...(artifactType ? { artifactType } : {}),
        ...(m.annotations && Object.keys(m.annotations).length ? { annotations: m.annotations } : {}),
    };
}
function subjectOf(bytes) {
    try {
        return JSON.parse(bytes.toString('utf8')).subject;
    }
    catch {
        return undefined;
    }
}
/** A fallback index is only usable when it is an index and not the subject itself (GitLab resolves the tag to it). */
function usableIndex(fetched, subject) {
    if (fetched.digest === subject || !(0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexType */ .$U)(fetched.mediaType))
        return undefined;
    try {
        const parsed = JSON.parse(fetched.bytes.toString('utf8'));
        return Array.isArray(parsed.manifests) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
async function getIfPresent(store, reference) {
    try {
        return await store.getManifest(reference);
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2 && e.code === 'NOT_FOUND')
            return undefined;
        throw e;
    }
}
async function readFallbackReferrers(store, subject, artifactType) {
    const fetched = await getIfPresent(store, fallbackTag(subject));
    const index = fetched && usableIndex(fetched, subject);
    const all = index?.manifests ?? [];
    return artifactType ? all.filter((d) => d.artifactType === artifactType) : all;
}
const CONFIRMATIONS = 2;
/**
 * How long after our write the entry must still be there, in units of the slowest read plus the
 * slowest write we have seen: a writer whose read came before our write lands its write at most
 * about one read and one write later, unless it is slower than any request we saw by this factor.
 */
const SETTLE_FACTOR = 3;
/**
 * On a loaded machine another writer can be held up between its read and its write by the
 * scheduler as much as by the network: the worst lateness of our own timers, times this, is
 * added to the settle time.
 */
const LAG_FACTOR = 10;
const MAX_ROUNDS = 60;
/** Waits before the next round; resolves to how late the timer fired (scheduler lag), in ms. */
const pause = (round) => {
    const ms = 40 + Math.random() * 40 * 2 ** Math.min(round, 5);
    const due = Date.now() + ms;
    return new Promise((r) => setTimeout(() => r(Math.max(0, Date.now() - due)), ms));
};
/**
 * Adds an entry to a document kept under a mutable tag (the referrers fallback index, cosign's
 * `.sig` manifest) that other processes update at the same time: read, `write` the entry added
 * to what was read (conditional on the digest read, where the store can check it), and re-read
 * until it is there. Without a conditional write (distribution 2.8 has none), a writer that read
 * before our write can still drop our entry after we have seen it, up to one read and one write
 * (and whatever the scheduler held it up) later; so the entry has to be seen in CONFIRMATIONS
 * reads, the last one a settle time after our write (SETTLE_FACTOR times the slowest read plus
 * the slowest write, plus LAG_FACTOR times the worst timer lag), and is written again whenever it
 * is missing. Returns whether this call wrote, and how many of its writes were lost or refused.
 */
async function appendConfirmed(spec) {
    let wrote = false;
    let lost = 0;
    let seen = 0;
    let slowestRead = 0;
    let slowestWrite = 0;
    let worstLag = 0;
    let writtenAt = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
        const readAt = Date.now();
        const current = await spec.read();
        slowestRead = Math.max(slowestRead, Date.now() - readAt);
        if (await spec.has(current.value)) {
            // Already there before we wrote anything: someone else's completed write, nothing to do.
            if (!wrote)
                return { wrote, lost };
            const settle = SETTLE_FACTOR * (slowestRead + slowestWrite) + LAG_FACTOR * worstLag;
            if (++seen >= CONFIRMATIONS && Date.now() - writtenAt >= settle)
                return { wrote, lost };
        }
        else {
            if (wrote)
                lost++;
            seen = 0;
            const writeAt = Date.now();
            try {
                await spec.write(current.value, current.digest);
                wrote = true;
                writtenAt = Date.now();
            }
            catch (e) {
                if (!(e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2 && e.code === 'TAG_CONFLICT'))
                    throw e;
                lost++;
            }
            slowestWrite = Math.max(slowestWrite, Date.now() - writeAt);
        }
        worstLag = Math.max(worstLag, await pause(round));
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('REGISTRY_ERROR', `could not add to ${spec.what}: kept losing the race`, {
        hint: `other processes kept rewriting it (${lost} writes lost); run again`,
    });
}
/** Adds a referrer to the subject's fallback index, keeping what other writers add meanwhile. */
async function addFallbackReferrer(store, subject, referrer) {
    const tag = fallbackTag(subject);
    await appendConfirmed({
        what: `the referrers of ${subject} in tag ${tag}`,
        read: async () => {
            const fetched = await getIfPresent(store, tag);
            return { digest: fetched?.digest ?? null, value: fetched && usableIndex(fetched, subject) };
        },
        has: (index) => !!index?.manifests.some((d) => d.digest === referrer.digest),
        write: async (existing, expect) => {
            const index = {
                schemaVersion: 2,
                mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MediaType */ .zu.OciIndex,
                manifests: [...(existing?.manifests ?? []), referrer],
            };
            await store.putManifest(Buffer.from(JSON.stringify(index)), _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MediaType */ .zu.OciIndex, tag, {
                expect,
            });
        },
    });
}


/***/ }),

/***/ 30494:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ RegistryStore)
/* harmony export */ });
/* unused harmony export nextLink */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _auth_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76599);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(68825);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(95809);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(29217);
/* harmony import */ var _network_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(86463);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(62148);
/* harmony import */ var _referrers_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(50961);









const DEFAULT_CHUNK = 16 * 1024 * 1024;
/** readBody's default: blobs read whole (configs, small artifacts) are far below it. */
const READ_LIMIT = 64 * 1024 * 1024;
/** Pages of tags or referrers before a registry is taken to be paging without end. */
const MAX_PAGES = 10_000;
const ACCEPT = _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MANIFEST_TYPES */ ._P.join(', ');
/** The auth state of one registry origin and set of credentials, shared by its repositories. */
const authByOrigin = new Map();
class RegistryStore {
    registry;
    repository;
    options;
    description;
    network;
    chunkSize;
    endpoint;
    /** False once the registry answered a referrers call with anything but an index. */
    referrersApi;
    constructor(registry, repository, options = {}) {
        this.registry = registry;
        this.repository = repository;
        this.options = options;
        this.description = `registry ${registry}/${repository}`;
        const ambient = (0,_network_js__WEBPACK_IMPORTED_MODULE_6__/* .currentNetwork */ .O4)();
        this.network = {
            timeoutMs: options.timeoutMs ?? ambient.timeoutMs,
            ca: options.ca ?? ambient.ca,
            retry: options.retry ?? ambient.retry,
            onRetry: options.onRetry ?? ambient.onRetry,
        };
        this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    }
    get retry() {
        return this.network.retry;
    }
    plainHttpAllowed(host) {
        return (0,_reference_js__WEBPACK_IMPORTED_MODULE_7__/* .isLoopback */ .U9)(host) || (this.options.insecureRegistries ?? []).includes(host);
    }
    /**
     * https, except for a registry the user lets us speak plain http to (loopback, or listed in
     * insecure-registry) that does not speak TLS: as docker does, https is tried first, so an https
     * registry is never downgraded, and a certificate it fails on is an error, not a reason for http.
     */
    resolveEndpoint() {
        this.endpoint ??= (async () => {
            const host = (0,_reference_js__WEBPACK_IMPORTED_MODULE_7__/* .apiHost */ .nz)(this.registry);
            let scheme = 'https';
            if (this.plainHttpAllowed(this.registry)) {
                // Asked per client rather than cached per host: a port may change hands between runs.
                const url = new URL(`https://${host}/`);
                const tls = await (0,_network_js__WEBPACK_IMPORTED_MODULE_6__/* .speaksTls */ .pD)(url.hostname, Number(url.port || 443), (0,_network_js__WEBPACK_IMPORTED_MODULE_6__/* .probeTimeoutMs */ .mM)(this.network));
                if (!tls)
                    scheme = 'http';
            }
            const base = new URL(`${scheme}://${host}/v2/`);
            const credentials = this.options.credentials;
            // The plain-http policy is part of the key: it decides where the password may go.
            const key = JSON.stringify([
                base.origin,
                credentials?.username,
                credentials?.password,
                credentials?.identityToken,
                [...(this.options.insecureRegistries ?? [])].sort(),
            ]);
            let auth = authByOrigin.get(key);
            if (!auth) {
                auth = new _auth_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryAuth */ .gr(this.registry, base.origin, credentials, (h) => this.plainHttpAllowed(h));
                authByOrigin.set(key, auth);
            }
            if (this.options.onSecret)
                auth.addSecretListener(this.options.onSecret);
            return { base, auth };
        })();
        return this.endpoint;
    }
    scopes(call) {
        // Push first: a few registries only look at the first scope (ggcr remote/write.go).
        const own = `repository:${this.repository}:${call.push || call.mountFrom ? 'pull,push' : 'pull'}`;
        return call.mountFrom ? [own, `repository:${call.mountFrom}:pull`] : [own];
    }
    /**
     * One registry call with authorisation, redirects (credentials never leave the registry's
     * origin), and bounded retries with backoff on connection failures, silence, 408, 429 and 5xx.
     */
    async call(c) {
        const { base, auth } = await this.resolveEndpoint();
        const url = c.url ?? new URL(`${this.repository}/${c.path ?? ''}`, base);
        const scopes = this.scopes(c);
        let lastProblem = '';
        let authRetried = false;
        for (let attempt = 0; attempt < this.retry.attempts; attempt++) {
            const headers = { ...c.headers };
            // Upload Locations and Link pages come from the registry's answers: credentials go only to
            // the registry's own origin, and an https registry is never left for plain http.
            if (url.protocol !== base.protocol && base.protocol === 'https:') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REDIRECT_REFUSED', `${this.registry} sent ${c.what} to ${url.origin}, over plain http`, {
                    registry: this.registry,
                });
            }
            const authorization = url.origin === base.origin ? await auth.header(scopes, this.network) : undefined;
            if (authorization)
                headers.authorization = authorization;
            let res;
            try {
                res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .sendFollowing */ .eH)({
                    method: c.method,
                    url,
                    headers,
                    body: c.body,
                    followRedirects: c.follow,
                    what: c.what,
                }, this.registry, this.network);
                if (c.read !== undefined && c.ok.includes(res.status)) {
                    const bytes = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .readBody */ .x8)(res, c.read);
                    res = { ...res, body: node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from([bytes]) };
                }
            }
            catch (e) {
                if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2)
                    throw e;
                if ((0,_network_js__WEBPACK_IMPORTED_MODULE_6__/* .isCertificateError */ .Y4)(e))
                    throw this.untrusted(url, e);
                if (url.protocol === 'https:' && isPlainHttpAnswer(e))
                    throw this.notTls(url, e);
                if (!(0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .isNetworkError */ .TX)(e)) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_UNREACHABLE', `${this.registry}: ${c.what} failed: ${e.message}`, {
                        registry: this.registry,
                        cause: e,
                    });
                }
                const code = e.code;
                lastProblem =
                    code === 'ETIMEDOUT'
                        ? e.message
                        : `connection error ${code ?? e.message}`;
                if (attempt + 1 < this.retry.attempts)
                    await this.pause(attempt, undefined, c.what, lastProblem);
                continue;
            }
            if (res.status === 401 && res.url.origin !== base.origin) {
                // A storage host behind a redirect asks for credentials: they are the registry's, not its.
                res.body.resume();
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_AUTH', `${this.registry}: ${c.what} was redirected to ${res.url.origin}, which asked for credentials; the registry's credentials are never sent to another origin`, {
                    registry: this.registry,
                    status: 401,
                    hint: "the registry's storage must accept its redirect without credentials (a signed URL); ask the registry's operator",
                });
            }
            if (res.status === 401 && !authRetried) {
                res.body.resume();
                authRetried = true;
                if (await auth.onUnauthorized(res, scopes, authorization)) {
                    attempt--;
                    continue;
                }
                throw await this.failure(res, c.what);
            }
            if (c.ok.includes(res.status))
                return res;
            const retryable = (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .isRetryableStatus */ .PS)(res.status);
            if (!retryable && !c.settling)
                throw await this.failure(res, c.what);
            const detail = await this.errorDetail(res);
            if (!retryable) {
                const settling = c.settling?.some((code) => detail.includes(code)) ?? false;
                if (!settling || attempt + 1 >= this.retry.attempts)
                    throw this.failureWith(res, c.what, detail);
            }
            lastProblem = `status ${res.status}${detail ? ` (${detail})` : ''}`;
            if (attempt + 1 < this.retry.attempts) {
                await this.pause(attempt, (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .retryAfterMs */ .Vs)(res.headers['retry-after']), c.what, lastProblem);
            }
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_UNREACHABLE', `${this.registry}: ${c.what} failed after ${this.retry.attempts} attempts; last: ${lastProblem}`, {
            registry: this.registry,
            hint: 'the registry is unavailable or overloaded; try again later',
        });
    }
    untrusted(url, cause) {
        const ca = this.network.ca;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_UNREACHABLE', `${this.registry}: the TLS certificate of ${url.host} is not trusted (${cause.code}); ${ca ? `registry-ca ${ca.path} does not vouch for it` : 'no registry-ca was given'}`, {
            registry: this.registry,
            cause,
            hint: `set the input registry-ca to the PEM file of the certificate authority that signed ${url.host}'s certificate (or NODE_EXTRA_CA_CERTS)`,
        });
    }
    notTls(url, cause) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_UNREACHABLE', `${this.registry}: ${url.host} does not speak https; plain http is used only for loopback hosts and those listed in insecure-registry`, {
            registry: this.registry,
            cause,
            hint: `if ${this.registry} is meant to be reached over plain http, add it to the input insecure-registry`,
        });
    }
    async pause(attempt, retryAfter, what, problem) {
        const ms = (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .backoffMs */ .jo)(attempt, this.retry, retryAfter);
        this.network.onRetry?.(`${this.registry}: ${what}: ${problem}; retry ${attempt + 1} of ${this.retry.attempts - 1} in ${ms} ms`);
        await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(ms);
    }
    async errorDetail(res) {
        let text;
        try {
            text = (await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .readBody */ .x8)(res, 64 * 1024)).toString('utf8');
        }
        catch {
            return '';
        }
        try {
            const parsed = JSON.parse(text);
            if (parsed.errors?.length)
                return parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
            if (parsed.message)
                return parsed.message;
        }
        catch {
            // Not JSON: registries and proxies may answer in any format.
        }
        return text.trim().slice(0, 200);
    }
    async failure(res, what) {
        return this.failureWith(res, what, await this.errorDetail(res));
    }
    failureWith(res, what, detail) {
        const message = `${this.registry}: ${what} answered ${res.status}${detail ? ` (${detail})` : ''}`;
        if (res.status === 401 || res.status === 403) {
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_AUTH', message, {
                registry: this.registry,
                status: res.status,
                hint: `check the credentials for ${this.registry} (registry-username/registry-password, or docker login) and that they may ${what.startsWith('GET') || what.startsWith('HEAD') ? 'pull' : 'push'} ${this.repository}`,
            });
        }
        if (res.status === 404)
            return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('NOT_FOUND', message, { registry: this.registry, status: 404 });
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_ERROR', message, {
            registry: this.registry,
            status: res.status,
        });
    }
    /**
     * Whether these credentials may push to this repository, asked the way a push begins: an
     * upload session is opened and cancelled, so nothing is written. Undefined when they may; else
     * the registry's refusal (401, 403, or 400/404 for a name it does not take, as Docker Hub does
     * for a third path level).
     */
    async pushRefusal() {
        let res;
        try {
            res = await this.call({
                method: 'POST',
                path: 'blobs/uploads/',
                ok: [202],
                push: true,
                what: 'start blob upload',
            });
        }
        catch (e) {
            const refused = e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl && [400, 401, 403, 404].includes(e.status ?? 0);
            if (refused || (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl && e.code === 'REGISTRY_AUTH'))
                return e.message;
            throw e;
        }
        res.body.resume();
        // Best effort: a session left open expires on the registry's own schedule.
        await this.call({
            method: 'DELETE',
            url: this.location(res),
            ok: [204, 404, 405],
            push: true,
            what: 'cancel blob upload',
        }).then((cancel) => cancel.body.resume(), () => undefined);
        return undefined;
    }
    async hasBlob(digest) {
        const res = await this.call({
            method: 'HEAD',
            path: `blobs/${digest}`,
            ok: [200, 404],
            follow: true,
            what: `HEAD blob ${digest}`,
        });
        res.body.resume();
        return res.status === 200;
    }
    async getBlobResponse(desc, range, read) {
        return this.call({
            method: 'GET',
            path: `blobs/${desc.digest}`,
            headers: range ? { range } : {},
            ok: [200, 206],
            follow: true,
            read,
            what: `GET blob ${desc.digest}`,
        });
    }
    async openBlob(desc) {
        const res = await this.getBlobResponse(desc);
        const verify = new _digest_js__WEBPACK_IMPORTED_MODULE_3__/* .VerifyingStream */ .SC(desc, `blob ${desc.digest} from ${this.description}`);
        res.body.on('error', (e) => verify.destroy(e));
        return res.body.pipe(verify);
    }
    async readBlob(desc) {
        const res = await this.getBlobResponse(desc, undefined, READ_LIMIT);
        const bytes = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .readBody */ .x8)(res, READ_LIMIT);
        (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .checkContent */ .aG)(bytes, desc, `blob ${desc.digest} from ${this.description}`);
        return bytes;
    }
    blobSource(desc) {
        return {
            digest: desc.digest,
            size: desc.size,
            open: async (start = 0, end = desc.size) => {
                if (start === 0 && end === desc.size)
                    return this.openBlob(desc);
                const res = await this.getBlobResponse(desc, `bytes=${start}-${end - 1}`);
                // A registry that ignores Range sends it all: cut the slice out ourselves.
                return res.status === 206 ? res.body : res.body.pipe(slice(start, end));
            },
        };
    }
    async putBlob(source, options = {}) {
        if (await this.hasBlob(source.digest))
            return 'exists';
        let location;
        if (options.mountFrom && options.mountFrom !== this.repository) {
            const q = new URLSearchParams({ mount: source.digest, from: options.mountFrom });
            const res = await this.call({
                method: 'POST',
                path: `blobs/uploads/?${q}`,
                ok: [201, 202],
                mountFrom: options.mountFrom,
                what: `mount blob ${source.digest} from ${options.mountFrom}`,
            });
            res.body.resume();
            if (res.status === 201)
                return 'mounted';
            // 202: the registry could not mount and opened an upload session instead; use it.
            location = this.location(res);
        }
        // A failed session (a lost answer, a registry restart) is abandoned and started afresh.
        for (let session = 0;; session++) {
            try {
                await this.upload(source, location);
                return 'uploaded';
            }
            catch (e) {
                location = undefined;
                if (session >= 2 || !(e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl) || e.code === 'REGISTRY_AUTH')
                    throw e;
                if (await this.hasBlob(source.digest))
                    return 'uploaded';
                this.network.onRetry?.(`${this.registry}: upload of ${source.digest} failed (${e.message}); starting again`);
            }
        }
    }
    location(res) {
        const value = res.headers.location;
        if (!value) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_ERROR', `${this.registry}: upload answer ${res.status} has no Location`, {
                registry: this.registry,
                status: res.status,
            });
        }
        return new URL(value, res.url);
    }
    async upload(source, session) {
        let location = session;
        if (!location) {
            const res = await this.call({
                method: 'POST',
                path: 'blobs/uploads/',
                ok: [202],
                push: true,
                what: 'start blob upload',
            });
            res.body.resume();
            location = this.location(res);
        }
        const withDigest = (url) => {
            const u = new URL(url);
            u.searchParams.set('digest', source.digest);
            return u;
        };
        if (source.size <= this.chunkSize) {
            const res = await this.call({
                method: 'PUT',
                url: withDigest(location),
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(source.size),
                },
                body: () => source.open(),
                ok: [201],
                push: true,
                what: `PUT blob ${source.digest}`,
            });
            res.body.resume();
            return;
        }
        for (let start = 0; start < source.size; start += this.chunkSize) {
            const end = Math.min(source.size, start + this.chunkSize);
            const res = await this.call({
                method: 'PATCH',
                url: location,
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(end - start),
                    'content-range': `${start}-${end - 1}`,
                },
                body: () => source.open(start, end),
                ok: [202],
                push: true,
                what: `PATCH blob ${source.digest} bytes ${start}-${end - 1}`,
            });
            res.body.resume();
            // Each answer's Location carries the upload state; an older one is stale (distribution 2.8).
            location = this.location(res);
        }
        const res = await this.call({
            method: 'PUT',
            url: withDigest(location),
            ok: [201],
            push: true,
            what: `close upload of ${source.digest}`,
        });
        res.body.resume();
    }
    async headManifest(reference) {
        const res = await this.call({
            method: 'HEAD',
            path: `manifests/${reference}`,
            headers: { accept: ACCEPT },
            ok: [200, 404],
            what: `HEAD manifest ${reference}`,
        });
        res.body.resume();
        if (res.status === 404)
            return undefined;
        const digest = header(res, 'docker-content-digest');
        const size = Number(header(res, 'content-length'));
        const mediaType = contentType(res);
        if (!digest || !Number.isFinite(size) || !mediaType) {
            // Older registries may omit the digest on HEAD: fall back to fetching and hashing.
            const m = await this.getManifest(reference);
            return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
        }
        if (reference.includes(':') && digest !== reference) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('DIGEST_MISMATCH', `${this.registry}: HEAD ${reference} answered digest ${digest}`, {
                registry: this.registry,
            });
        }
        return { mediaType, digest, size };
    }
    async getManifest(reference) {
        const res = await this.call({
            method: 'GET',
            path: `manifests/${reference}`,
            headers: { accept: ACCEPT },
            ok: [200],
            read: 8 * 1024 * 1024,
            what: `GET manifest ${reference}`,
        });
        const bytes = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .readBody */ .x8)(res, 8 * 1024 * 1024);
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256 */ .sc)(bytes);
        const what = `manifest ${reference} from ${this.description}`;
        if (reference.includes(':'))
            (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .checkContent */ .aG)(bytes, { digest: reference }, what);
        const claimed = header(res, 'docker-content-digest');
        if (claimed && claimed.startsWith('sha256:') && claimed !== digest) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('DIGEST_MISMATCH', `${what}: registry says ${claimed}, content is ${digest}`);
        }
        let mediaType = contentType(res) ?? '';
        try {
            const inner = JSON.parse(bytes.toString('utf8')).mediaType;
            if (inner && mediaType && inner !== mediaType && mediaType !== 'application/json') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('MANIFEST_INVALID', `${what}: Content-Type ${mediaType} but mediaType ${inner}`);
            }
            mediaType = inner ?? mediaType;
        }
        catch (e) {
            if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2)
                throw e;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('MANIFEST_INVALID', `${what} is not JSON`, { cause: e });
        }
        return { bytes, mediaType, digest };
    }
    async putManifest(bytes, mediaType, tag, options = {}) {
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256 */ .sc)(bytes);
        const res = await this.call({
            method: 'PUT',
            path: `manifests/${tag ?? digest}`,
            headers: { 'content-type': mediaType, ...conditional(tag, options.expect) },
            body: bytes,
            ok: [201, 412],
            push: true,
            // (MANIFEST_)BLOB_UNKNOWN: distribution answers it while another push of a referenced blob
            // rewrites its link file, S3-backed ones until a new blob is visible; a second try lands.
            settling: ['BLOB_UNKNOWN'],
            what: `PUT manifest ${tag ?? digest}`,
        });
        res.body.resume();
        if (res.status === 412) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('TAG_CONFLICT', `${this.registry}: tag ${tag} changed while it was being updated`, { registry: this.registry });
        }
        const answered = header(res, 'docker-content-digest');
        if (answered && answered !== digest) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('DIGEST_MISMATCH', `${this.registry}: stored manifest as ${answered}, sent ${digest}`, {
                registry: this.registry,
            });
        }
        const subject = (0,_referrers_js__WEBPACK_IMPORTED_MODULE_8__/* .subjectOf */ .et)(bytes);
        if (subject && !header(res, 'oci-subject')) {
            await (0,_referrers_js__WEBPACK_IMPORTED_MODULE_8__/* .addFallbackReferrer */ .de)(this, subject.digest, (0,_referrers_js__WEBPACK_IMPORTED_MODULE_8__/* .referrerDescriptor */ .xh)(bytes, mediaType, digest));
        }
        return { mediaType, digest, size: bytes.length };
    }
    async listTags() {
        const tags = [];
        const pages = new Pages(this.registry, 'list tags');
        for (let url;;) {
            const res = await this.call({
                method: 'GET',
                ...(url ? { url } : { path: 'tags/list' }),
                ok: [200, 404],
                read: 16 * 1024 * 1024,
                what: 'list tags',
            });
            const body = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .readBody */ .x8)(res, 16 * 1024 * 1024);
            if (res.status === 404)
                return [];
            const parsed = JSON.parse(body.toString('utf8'));
            tags.push(...(parsed.tags ?? []));
            url = pages.next(res);
            if (!url)
                return tags;
        }
    }
    async referrers(digest, artifactType) {
        if (this.referrersApi === false)
            return (0,_referrers_js__WEBPACK_IMPORTED_MODULE_8__/* .readFallbackReferrers */ .DL)(this, digest, artifactType);
        const q = artifactType ? `?${new URLSearchParams({ artifactType })}` : '';
        const found = [];
        const pages = new Pages(this.registry, `GET referrers of ${digest}`);
        for (let url;;) {
            const res = await this.call({
                method: 'GET',
                ...(url ? { url } : { path: `referrers/${digest}${q}` }),
                headers: { accept: _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.OciIndex },
                ok: [200, 400, 404, 405, 406],
                read: 16 * 1024 * 1024,
                what: `GET referrers of ${digest}`,
            });
            const body = await (0,_http_js__WEBPACK_IMPORTED_MODULE_4__/* .readBody */ .x8)(res, 16 * 1024 * 1024);
            // Anything but a 200 index means no referrers API (distribution 2.8 answers a text/plain 404).
            if (res.status !== 200 || contentType(res) !== _media_types_js__WEBPACK_IMPORTED_MODULE_5__/* .MediaType */ .zu.OciIndex) {
                this.referrersApi = false;
                return (0,_referrers_js__WEBPACK_IMPORTED_MODULE_8__/* .readFallbackReferrers */ .DL)(this, digest, artifactType);
            }
            const index = JSON.parse(body.toString('utf8'));
            const filtered = /artifactType/i.test(header(res, 'oci-filters-applied') ?? '');
            found.push(...(index.manifests ?? []).filter((d) => !artifactType || filtered || d.artifactType === artifactType));
            url = pages.next(res);
            if (!url)
                return found;
        }
    }
}
/**
 * RFC 9110 preconditions for a compare-and-swap on a tag; the manifest's ETag is its quoted
 * digest. Registries that do not implement them (distribution 2.8) ignore them.
 */
function conditional(tag, expect) {
    if (!tag || expect === undefined)
        return {};
    return expect === null ? { 'if-none-match': '*' } : { 'if-match': `"${expect}"` };
}
/** A TLS client meeting a plain http server reads its answer as a malformed TLS record. */
function isPlainHttpAnswer(e) {
    const err = e;
    return (err?.code === 'EPROTO' ||
        /wrong version number|packet length too long/i.test(String(err?.message)));
}
function header(res, name) {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
}
function contentType(res) {
    return header(res, 'content-type')?.split(';')[0]?.trim() || undefined;
}
/**
 * Follows `Link: rel="next"` pages, refusing a link back to a page already read (a loop would
 * otherwise be followed until the page cap) and a list that never ends.
 */
class Pages {
    registry;
    what;
    seen = new Set();
    constructor(registry, what) {
        this.registry = registry;
        this.what = what;
    }
    next(res) {
        this.seen.add(res.url.href);
        const url = nextLink(res);
        if (!url)
            return undefined;
        if (this.seen.has(url.href)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_ERROR', `${this.registry}: ${this.what}: page ${this.seen.size} links back to ${url.pathname}${url.search}, an earlier page; stopped instead of looping`, {
                registry: this.registry,
                hint: 'the registry pages its list wrongly; report it to its operator',
            });
        }
        if (this.seen.size >= MAX_PAGES) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('REGISTRY_ERROR', `${this.registry}: ${this.what}: more than ${MAX_PAGES} pages`, {
                registry: this.registry,
            });
        }
        return url;
    }
}
/** RFC 8288 `Link: <url>; rel="next"`, resolved against the request URL. */
function nextLink(res) {
    const link = res.headers.link;
    const values = Array.isArray(link) ? link : link ? link.split(/,(?=\s*<)/) : [];
    for (const v of values) {
        const m = /<([^>]*)>\s*;.*\brel="?next"?/i.exec(v);
        if (m)
            return new URL(m[1], res.url);
    }
    return undefined;
}
function slice(start, end) {
    let pos = 0;
    return new node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform({
        transform(chunk, _enc, done) {
            const from = Math.max(0, start - pos);
            const to = Math.min(chunk.length, end - pos);
            pos += chunk.length;
            done(null, from < to ? chunk.subarray(from, to) : undefined);
        },
    });
}


/***/ })

};
