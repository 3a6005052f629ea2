export const id = 615;
export const ids = [615];
export const modules = {

/***/ 22973:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dk: () => (/* binding */ booleanWord),
/* harmony export */   Fj: () => (/* binding */ secretsOf),
/* harmony export */   Xg: () => (/* binding */ readConfig),
/* harmony export */   lQ: () => (/* binding */ envInputSource)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38422);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68825);
/* harmony import */ var _oci_network_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(86463);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(62148);
/* harmony import */ var _release_names_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(75365);







/** Reads inputs the way the runner passes them: `INPUT_<NAME>`, upper case, spaces as `_`, hyphens kept. */
function envInputSource(env = process.env) {
    return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}
const MAP_KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const PORT_RE = /^(\d{1,5})(?:\/(tcp|udp))?$/i;
const BOOLEANS = {
    true: true,
    false: false,
    '1': true,
    '0': false,
    yes: true,
    no: false,
};
const VALID_BOOLEAN = 'true, false, yes, no, 1, 0';
/** Commands that sign, and so need an OIDC token when keyless. */
const SIGNING_COMMANDS = new Set(['release', 'merge']);
const ENVIRONMENT_COMMANDS = new Set([
    'promote',
    'rollback',
    'hold',
    'unhold',
]);
function readConfig(source, env = process.env) {
    const get = (name) => {
        const value = source(name)?.trim();
        return value ? value : undefined;
    };
    const bool = (name, fallback) => parseBoolean(name, get(name), fallback);
    /** An optional input, parsed only when given. */
    const optional = (name, parse) => {
        const value = get(name);
        return value === undefined ? undefined : parse(value, name);
    };
    const command = parseEnum('command', get('command'), _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .COMMANDS */ .Lo, 'release');
    const image = readImage(get('image'), env, command);
    const config = {
        command,
        ...image,
        context: get('context') ?? '.',
        builder: parseEnum('builder', get('builder'), _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .BUILDERS */ .rV, 'auto'),
        dockerfile: get('dockerfile'),
        base: optional('base', parseBase),
        entrypoint: parseArgv('entrypoint', get('entrypoint')),
        cmd: parseArgv('cmd', get('cmd')),
        env: parseMap('env', get('env')),
        workdir: get('workdir'),
        user: get('user'),
        labels: parseMap('labels', get('labels')),
        ports: parseList(get('ports')).map(parsePort),
        buildArgs: parseMap('build-args', get('build-args')),
        target: get('target'),
        secrets: parseMap('secrets', get('secrets'), { secret: true }),
        tags: parseList(get('tags')).map((tag) => tagOf(tag, image.image)),
        include: parseList(get('include')),
        sources: parseSources(get('sources')),
        exclude: parseList(get('exclude')),
        layers: optional('layers', parseLayers),
        cache: parseCache(get('cache') ?? 'registry'),
        allowDirty: bool('allow-dirty', false),
        registryUsername: get('registry-username'),
        registryPassword: get('registry-password'),
        // Outside Actions there is no `${{ github.token }}` default; GITHUB_TOKEN is where gh and others look.
        githubToken: get('github-token') ?? (env.GITHUB_TOKEN || undefined),
        insecureRegistries: parseList(get('insecure-registry')).map(parseRegistryHost),
        registryCa: optional('registry-ca', (value) => (0,_oci_network_js__WEBPACK_IMPORTED_MODULE_3__/* .readTrustedCa */ .my)(value, 'registry-ca')),
        networkTimeoutMs: parseSeconds('network-timeout', get('network-timeout') ?? '60'),
        signingKey: get('signing-key'),
        signingKeyPassphrase: get('signing-key-passphrase'),
        keyless: bool('keyless', false),
        signatureFormat: parseEnum('signature-format', get('signature-format'), _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .SIGNATURE_FORMATS */ .gi, 'both'),
        verifyKey: get('verify-key'),
        certificateIdentity: get('certificate-identity'),
        certificateIdentityRegexp: optional('certificate-identity-regexp', parseRegExp),
        certificateOidcIssuer: get('certificate-oidc-issuer'),
        trustedRoot: get('trusted-root')
            ? { path: get('trusted-root'), input: 'trusted-root' }
            : env.SIGSTORE_TRUSTED_ROOT
                ? { path: env.SIGSTORE_TRUSTED_ROOT, input: 'SIGSTORE_TRUSTED_ROOT' }
                : undefined,
        sigstore: parseEnum('sigstore', get('sigstore'), _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .SIGSTORE_CHOICES */ .I3, 'auto'),
        githubAttestations: bool('github-attestations', false),
        sbom: bool('sbom', true),
        requireSignature: bool('require-signature', true),
        environment: optional('environment', parseEnvironment),
        digest: optional('digest', _oci_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDigest */ .m),
        fromEnvironment: optional('from-environment', parseEnvironment),
        requires: optional('requires', parseEnvironment),
        holdOnRollback: bool('hold-on-rollback', true),
        to: optional('to', _oci_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDigest */ .m),
        reason: get('reason'),
        ledger: optional('ledger', parseLedger),
        ledgerBranch: parseBranch(get('ledger-branch') ?? 'release-ledger'),
        githubDeployment: bool('github-deployment', false),
        environmentUrl: optional('environment-url', parseHttpUrl),
        failOnDrift: bool('fail-on-drift', false),
        repair: bool('repair', false),
        history: bool('history', false),
        push: bool('push', false),
        compareTo: optional('compare-to', parseCompareTo),
        comment: bool('comment', false),
        verifyReproducible: bool('verify-reproducible', false),
        pinBase: parseEnum('pin-base', get('pin-base'), _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .PIN_BASE_MODES */ .H6, 'warn'),
        advisories: parseAdvisories(get('advisories') ?? 'https://api.osv.dev'),
        failOnSeverity: parseEnum('fail-on-severity', get('fail-on-severity'), _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITY_THRESHOLDS */ .PW, 'none'),
        ignoreAdvisories: parseIgnoreAdvisories(get('ignore-advisories')),
        json: bool('json', false),
    };
    checkCombinations(config, env);
    return deepFreeze(config);
}
/** Every secret value to mask before anything is logged. */
function secretsOf(config) {
    const values = [
        config.registryPassword,
        config.githubToken,
        config.signingKey,
        config.signingKeyPassphrase,
        ...Object.values(config.secrets),
    ].filter((v) => v !== undefined && v !== '');
    // Log lines are matched one at a time, so a multi-line secret (a PEM key) is also masked line
    // by line; short lines would mask common words, and are not secret on their own.
    const lines = values.flatMap((v) => v.includes('\n')
        ? v
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l.length >= 8)
        : []);
    return [...new Set([...values, ...lines])];
}
function readImage(value, env, command) {
    // A command that reads no image (generate-key) gets the working folder, which it never opens.
    if (value === undefined && !(0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .inputsOf */ .Vc)(command).some((i) => i.name === 'image')) {
        return { image: (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseImageTarget */ .kx)('oci:.', 'image'), imageInput: '' };
    }
    let imageInput = value;
    if (imageInput === undefined && env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY) {
        imageInput = `ghcr.io/${env.GITHUB_REPOSITORY.toLowerCase()}`;
    }
    if (imageInput === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_MISSING', 'is required outside GitHub Actions', {
            input: 'image',
            valid: 'host[:port]/path or oci:PATH, e.g. ghcr.io/acme/shop or oci:./out/app',
        });
    }
    return { image: (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseImageTarget */ .kx)(imageInput, 'image'), imageInput };
}
function checkCombinations(config, env) {
    const pair = 'both registry-username and registry-password, or neither';
    if (config.registryPassword !== undefined && config.registryUsername === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('CREDENTIALS_INVALID', "is empty, but 'registry-password' is set", {
            input: 'registry-username',
            valid: pair,
        });
    }
    if (config.registryUsername !== undefined && config.registryPassword === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('CREDENTIALS_INVALID', "is empty, but 'registry-username' is set", {
            input: 'registry-password',
            valid: pair,
        });
    }
    if (config.certificateIdentity !== undefined && config.certificateIdentityRegexp !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', "cannot be combined with 'certificate-identity-regexp'", {
            input: 'certificate-identity',
            valid: 'one of certificate-identity or certificate-identity-regexp',
        });
    }
    if (config.keyless && config.signingKey !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', "is true, but 'signing-key' is set too", {
            input: 'keyless',
            valid: 'keyless: true without signing-key, or a signing-key with keyless: false',
        });
    }
    // GitHub stores keyless provenance only: `gh attestation verify` checks a certificate.
    if (config.githubAttestations && config.command === 'release' && !config.keyless) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', 'is true, but keyless is false', {
            input: 'github-attestations',
            valid: 'github-attestations: true with keyless: true',
        });
    }
    if (config.githubAttestations && config.command === 'release' && !config.githubToken) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_MISSING', 'is needed to store attestations on GitHub', {
            input: 'github-token',
            valid: 'a token with attestations: write (in Actions, the default github.token)',
        });
    }
    if (ENVIRONMENT_COMMANDS.has(config.command) && config.environment === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_MISSING', `command '${config.command}' needs an environment`, {
            input: 'environment',
            valid: `an environment name (${_release_names_js__WEBPACK_IMPORTED_MODULE_5__/* .VALID_ENVIRONMENT */ .JJ}), e.g. production`,
        });
    }
    if (config.command === 'mark-bad' && config.digest === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_MISSING', "command 'mark-bad' needs the digest to mark", {
            input: 'digest',
            valid: 'sha256: followed by 64 lower-case hex characters',
        });
    }
    if (config.fromEnvironment !== undefined && config.fromEnvironment === config.environment) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `is the same as 'environment' (${config.environment})`, {
            input: 'from-environment',
            valid: 'an environment other than the one being promoted',
        });
    }
    // Checked now, not when signing starts: a missing permission should fail before anything is pushed.
    if (config.keyless &&
        env.GITHUB_ACTIONS === 'true' &&
        SIGNING_COMMANDS.has(config.command) &&
        !env.ACTIONS_ID_TOKEN_REQUEST_URL) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('PERMISSION_MISSING', 'is true, but this job cannot request an OIDC token', {
            input: 'keyless',
            valid: 'false, or true in a job allowed to request an OIDC token',
            hint: 'add `permissions: id-token: write` to the job',
        });
    }
}
/** The boolean a word stands for (`true`, `no`, `1`, ...), or undefined when it is not one. */
function booleanWord(value) {
    return Object.hasOwn(BOOLEANS, value.toLowerCase()) ? BOOLEANS[value.toLowerCase()] : undefined;
}
function parseBoolean(name, value, fallback) {
    if (value === undefined)
        return fallback;
    const parsed = booleanWord(value);
    if (parsed === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is not a boolean`, {
            input: name,
            valid: VALID_BOOLEAN,
        });
    }
    return parsed;
}
function parseEnum(name, value, choices, fallback) {
    if (value === undefined)
        return fallback;
    if (!choices.includes(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is not one of the choices`, {
            input: name,
            valid: choices.join(', '),
        });
    }
    return value;
}
/** Newline- or comma-separated, trimmed, empties dropped. */
/** A positive number of seconds (fractions allowed, for tests), at most a day. */
function parseSeconds(name, value) {
    const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (!(seconds > 0 && seconds <= 86_400)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is not a number of seconds`, {
            input: name,
            valid: 'a positive number of seconds up to 86400, e.g. 60 or 2.5',
        });
    }
    return Math.round(seconds * 1000);
}
function parseList(value) {
    if (value === undefined)
        return [];
    return value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/**
 * An argv-like list: a JSON array of strings (the Dockerfile exec form), else one item per line.
 * Commas and spaces are kept, since they are common inside arguments.
 */
function parseArgv(name, value) {
    if (value === undefined)
        return undefined;
    const valid = 'a JSON array of strings, e.g. ["/app", "--port", "8080"], or one argument per line';
    if (value.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(value);
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', 'starts with [ but is not valid JSON', {
                input: name,
                valid,
                cause: e,
            });
        }
        if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', 'is JSON but not an array of strings', {
                input: name,
                valid,
            });
        }
        return parsed;
    }
    return value
        .split(/\r?\n/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** `KEY=VALUE`, one per line; `#` lines are comments. */
function parseMap(name, value, options = {}) {
    const entries = new Map();
    if (value === undefined)
        return {};
    const valid = 'KEY=VALUE, one per line, KEY of letters, digits, _ . -, not starting with a digit';
    value.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        // A secrets line may be the secret itself, mistyped: never echo it.
        const shown = options.secret ? '' : ` '${line.length > 60 ? `${line.slice(0, 60)}...` : line}'`;
        const eq = line.indexOf('=');
        if (eq < 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `line ${index + 1}${shown} has no '='`, {
                input: name,
                valid,
            });
        }
        const key = line.slice(0, eq).trim();
        if (!MAP_KEY_RE.test(key)) {
            // `TOKEN: s3cr3t=` or a base64 secret puts the secret before the '=': say where, not what.
            const at = Math.max(0, [...key].findIndex((_, i) => !MAP_KEY_RE.test(key.slice(0, i + 1))));
            const what = options.secret
                ? `has an invalid key (character ${at + 1} before the first '=' is not allowed; the line is not shown, it may hold the secret)`
                : `has an invalid key '${key}'`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `line ${index + 1} ${what}`, {
                input: name,
                valid,
            });
        }
        if (entries.has(key)) {
            const shownKey = options.secret ? 'its key' : `'${key}'`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `line ${index + 1} sets ${shownKey} a second time`, {
                input: name,
                valid: `${valid}, each KEY once`,
            });
        }
        entries.set(key, line.slice(eq + 1));
    });
    // fromEntries defines own properties, so a key such as __proto__ cannot reach the prototype.
    return Object.fromEntries(entries);
}
function parsePort(value) {
    const match = PORT_RE.exec(value);
    const number = Number(match?.[1]);
    if (!match || number < 1 || number > 65535) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is not a port`, {
            input: 'ports',
            valid: 'N or N/tcp or N/udp, with N from 1 to 65535',
        });
    }
    return `${number}${match[2] ? `/${match[2].toLowerCase()}` : ''}`;
}
function parseLayers(value) {
    return value.trim() === 'none' ? [] : parseList(value);
}
function parseCache(value) {
    if (value === 'registry' || value === 'none')
        return { kind: value };
    if ((0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseReference */ .F2)(value, 'cache').digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `cache '${value}' names a digest, which cannot be written`, {
            input: 'cache',
            valid: 'registry, none, or a repository[:tag] such as ghcr.io/owner/app:buildcache',
        });
    }
    return { kind: 'ref', ref: value };
}
function parseEnvironment(value, name) {
    return (0,_release_names_js__WEBPACK_IMPORTED_MODULE_5__/* .checkEnvironmentName */ .r0)(value, name);
}
function parseCompareTo(value) {
    // A bare name is an environment, and then it obeys the environment name rule: `latest` or
    // `sha-<commit>` here would compare to a release tag while saying "environment".
    if (_release_names_js__WEBPACK_IMPORTED_MODULE_5__/* .ENVIRONMENT_RE */ .S5.test(value)) {
        return { kind: 'environment', environment: (0,_release_names_js__WEBPACK_IMPORTED_MODULE_5__/* .checkEnvironmentName */ .r0)(value, 'compare-to') };
    }
    try {
        return { kind: 'image', image: (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseImageTarget */ .kx)(value, 'compare-to') };
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is neither an environment nor an image`, {
            input: 'compare-to',
            valid: `an environment name (${_release_names_js__WEBPACK_IMPORTED_MODULE_5__/* .VALID_ENVIRONMENT */ .JJ}) or an image reference such as ghcr.io/acme/shop:1.2.3`,
            cause: e,
        });
    }
}
/** `host[:port]`, checked by the reference grammar so that it matches what image references name. */
function parseRegistryHost(value) {
    const valid = 'host[:port] without scheme or path, e.g. registry.local:5000';
    const fail = (why, cause) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' ${why}`, {
            input: 'insecure-registry',
            valid,
            cause,
        });
    };
    if (value.includes('://'))
        fail('has a URL scheme');
    if (value.includes('/'))
        fail('has a path');
    let registry;
    try {
        // Two path components, so that Docker Hub's `library/` prefix cannot blur the comparison.
        const ref = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseReference */ .F2)(`${value}/probe/x`, 'insecure-registry');
        if (ref.repository === 'probe/x')
            registry = ref.registry;
    }
    catch (e) {
        fail('is not a registry host', e);
    }
    // References read a bare single name (`myregistry`) as a Docker Hub path, never as a host.
    return (registry ??
        fail('is not a registry host: a single name needs a dot or a port, e.g. myregistry:5000'));
}
function parseBranch(value) {
    // Stricter than git's own rules: the branch reaches git on the command line.
    const ok = /^[A-Za-z0-9._/-]+$/.test(value) && !/^[-/.]|\/$|\.\.|\/\/|\.lock$|\/\.|\.$/.test(value);
    if (!ok) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is not a usable branch name`, {
            input: 'ledger-branch',
            valid: 'letters, digits, . _ - and /, not starting with - . or /, without .. or //',
        });
    }
    return (0,_release_names_js__WEBPACK_IMPORTED_MODULE_5__/* .checkLedgerBranch */ .Q)(value);
}
function parseRegExp(value) {
    try {
        new RegExp(value);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is not a regular expression`, {
            input: 'certificate-identity-regexp',
            valid: 'a regular expression, e.g. ^https://github\\.com/acme/',
            cause: e,
        });
    }
    return value;
}
function parseHttpUrl(value, name) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        // reported below
    }
    if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' is not an http(s) URL`, {
            input: name,
            valid: 'an absolute http:// or https:// URL',
        });
    }
    return value;
}
/** One a line: an http(s) URL is the OSV API, anything else a folder or zip of OSV files. */
function parseAdvisories(value) {
    return value
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .map((line) => /^[a-z]+:\/\//i.test(line)
        ? { kind: 'api', url: parseHttpUrl(line, 'advisories') }
        : { kind: 'files', path: line });
}
/** `ID reason text`, one a line; the reason is required, since it is what the log keeps. */
function parseIgnoreAdvisories(value) {
    return (value ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => {
        const m = /^(\S+)\s+(.+)$/.exec(line);
        if (!m) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${line}' has no reason`, {
                input: 'ignore-advisories',
                valid: 'one advisory id a line, followed by why it is accepted, e.g. CVE-2024-1234 not reachable: we never parse XML',
            });
        }
        return { id: m[1], reason: m[2].trim() };
    });
}
function parseBase(value) {
    if (value !== 'scratch')
        (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseImageTarget */ .kx)(value, 'base');
    return value;
}
function parseLedger(value) {
    // The ledger reaches git as an argument: a leading '-' would be read as an option.
    if (value.startsWith('-')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('INPUT_INVALID', `'${value}' starts with '-'`, {
            input: 'ledger',
            valid: 'a git URL, a path, or none',
        });
    }
    return value;
}
function deepFreeze(value) {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value))
            deepFreeze(child);
    }
    return value;
}
/** One source per line; a line may be a whole `metadata` JSON object (it holds commas). */
function parseSources(value) {
    return (value ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
}
/**
 * A tag, or a full `image:tag` line as docker/metadata-action's `tags` output writes them: the
 * image must be this one, since a release only ever tags its own repository.
 */
function tagOf(entry, image) {
    if (!/[/:]/.test(entry))
        return (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseTag */ .ED)(entry, 'tags');
    const ref = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .parseReference */ .F2)(entry, 'tags');
    const own = image.kind === 'registry' ? `${image.ref.registry}/${image.ref.repository}` : undefined;
    if (!ref.tag || ref.digest || `${ref.registry}/${ref.repository}` !== own) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('TAG_INVALID', `'${entry}' is not a tag of ${own ?? 'this image'}`, {
            input: 'tags',
            valid: `tags (1.2.3, latest) or ${own ?? 'image'}:<tag> lines as docker/metadata-action writes them`,
        });
    }
    return ref.tag;
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K2: () => (/* binding */ ReleaseError),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   iU: () => (/* binding */ isUserError),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/**
 * Typed errors. Every error the product raises on purpose carries a stable `code` (for tests and
 * for users searching logs), a `hint` (what to do about it) and the `cause` it wraps.
 *
 * UserError: the input or the environment is wrong; the message names the input and what would
 * be valid. Everything else (RegistryError, LayoutError, InternalError) is the world failing.
 */
class ReleaseError extends Error {
    code;
    hint;
    constructor(code, message, details = {}) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = new.target.name;
        this.code = code;
        this.hint = details.hint;
    }
}
/** Bad input: `input` is the name the user typed (action input or CLI flag), `valid` what would do. */
class UserError extends ReleaseError {
    input;
    constructor(code, message, details = {}) {
        const where = details.input ? `input '${details.input}': ` : '';
        const valid = details.valid ? ` (valid: ${details.valid})` : '';
        super(code, `${where}${message}${valid}`, details);
        this.input = details.input;
    }
}
/** A registry answered with an error, or could not be reached. */
class RegistryError extends ReleaseError {
    status;
    registry;
    constructor(code, message, details) {
        super(code, message, details);
        this.status = details.status;
        this.registry = details.registry;
    }
}
function isUserError(e) {
    return e instanceof UserError;
}
/** One line per error in the cause chain, for logs; never includes stack traces of user errors. */
function describeError(e) {
    const lines = [];
    let cur = e;
    for (let depth = 0; cur !== undefined && depth < 6; depth++) {
        if (cur instanceof Error) {
            const code = cur instanceof ReleaseError ? ` [${cur.code}]` : '';
            lines.push(`${depth === 0 ? '' : 'caused by: '}${cur.message}${code}`);
            if (cur instanceof ReleaseError && cur.hint)
                lines.push(`hint: ${cur.hint}`);
            cur = cur.cause;
        }
        else {
            lines.push(`${depth === 0 ? '' : 'caused by: '}${String(cur)}`);
            break;
        }
    }
    return lines.join('\n');
}


/***/ }),

/***/ 31463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ githubServices)
/* harmony export */ });
/**
 * GitHub's APIs as the entry points (the action and the command line) hand them to commands,
 * each module loaded only when a command calls it: the GitHub client is heavy.
 */
const githubServices = {
    storeAttestation: async (bundle, target) => (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(282), __webpack_require__.e(251), __webpack_require__.e(936)]).then(__webpack_require__.bind(__webpack_require__, 72936))).storeGitHubAttestation(bundle, target),
    githubHistory: async (target, options) => (await __webpack_require__.e(/* import() */ 480).then(__webpack_require__.bind(__webpack_require__, 20480))).githubHistory(target, options),
};


/***/ }),

/***/ 38422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ BOOLEAN_INPUTS),
/* harmony export */   H6: () => (/* binding */ PIN_BASE_MODES),
/* harmony export */   I3: () => (/* binding */ SIGSTORE_CHOICES),
/* harmony export */   Lo: () => (/* binding */ COMMANDS),
/* harmony export */   Lx: () => (/* binding */ commandSpec),
/* harmony export */   PW: () => (/* binding */ SEVERITY_THRESHOLDS),
/* harmony export */   Qh: () => (/* binding */ INPUT_NAMES),
/* harmony export */   Sv: () => (/* binding */ unusedInputs),
/* harmony export */   Vc: () => (/* binding */ inputsOf),
/* harmony export */   fH: () => (/* binding */ COMMAND_SPECS),
/* harmony export */   gi: () => (/* binding */ SIGNATURE_FORMATS),
/* harmony export */   rV: () => (/* binding */ BUILDERS),
/* harmony export */   wp: () => (/* binding */ isInputName),
/* harmony export */   y9: () => (/* binding */ isCommand),
/* harmony export */   yE: () => (/* binding */ MULTI_VALUE_INPUTS),
/* harmony export */   zY: () => (/* binding */ outputSpec)
/* harmony export */ });
/* unused harmony exports INPUTS, OUTPUTS */
/**
 * The command registry: every command, input and output a user can name, in one table. The CLI
 * parser, `help`, the action's input checks and the test that holds action.yml and the README to
 * the same names all read it. It imports no command module, so reading it loads nothing else.
 * Renaming anything here breaks users' workflows.
 *
 * To add an input: one object in INPUTS (name, type, default, description, commands).
 */
const COMMANDS = [
    'release',
    'check',
    'promote',
    'rollback',
    'verify',
    'status',
    'hold',
    'unhold',
    'mark-bad',
    'merge',
    'generate-key',
    'scan',
];
const BUILDERS = ['auto', 'native', 'buildah', 'docker'];
const SIGNATURE_FORMATS = ['legacy', 'bundle', 'both'];
const PIN_BASE_MODES = ['off', 'warn', 'require'];
const SIGSTORE_CHOICES = ['auto', 'public-good', 'github'];
const BUILD = ['release', 'check'];
const REGISTRY = COMMANDS.filter((c) => c !== 'generate-key');
const MOVES = ['promote', 'rollback'];
const LEDGER = [
    'promote',
    'rollback',
    'status',
    'hold',
    'unhold',
    'mark-bad',
    'scan',
];
const SCANS = ['scan', 'promote', 'rollback'];
const SEVERITY_THRESHOLDS = ['none', 'low', 'medium', 'high', 'critical'];
const TRUST = ['verify', 'promote', 'rollback'];
const SIGNS = ['release', 'merge'];
const INPUTS = [
    {
        name: 'command',
        type: 'choice',
        choices: COMMANDS,
        default: 'release',
        description: `what to do: ${COMMANDS.join(', ')}`,
        commands: 'all',
    },
    {
        name: 'image',
        type: 'string',
        default: '',
        description: 'repository (host[:port]/path) or oci:PATH (an image layout), with an optional :tag or @sha256:…; empty in Actions means ghcr.io/<owner>/<repo>',
        commands: REGISTRY,
    },
    {
        name: 'context',
        type: 'string',
        default: '.',
        description: 'folder to build from (generate-key: where to write the key pair)',
        commands: [...BUILD, 'merge', 'generate-key'],
    },
    {
        name: 'builder',
        type: 'choice',
        choices: BUILDERS,
        default: 'auto',
        description: 'auto picks docker or buildah for a Dockerfile, else native',
        commands: BUILD,
    },
    {
        name: 'dockerfile',
        type: 'string',
        default: '',
        description: 'Dockerfile path for buildah and docker builds (default: Dockerfile in the context)',
        commands: BUILD,
    },
    {
        name: 'base',
        type: 'string',
        default: '',
        description: 'base image for native builds (a tag or digest reference, or scratch)',
        commands: BUILD,
    },
    {
        name: 'include',
        type: 'list',
        default: '',
        description: 'native builds: only files matching these .dockerignore-style patterns',
        commands: BUILD,
    },
    {
        name: 'exclude',
        type: 'list',
        default: '',
        description: "native builds: files to leave out, after the context's .dockerignore",
        commands: BUILD,
    },
    {
        name: 'layers',
        type: 'list',
        default: '',
        description: 'native builds: .dockerignore-style patterns, one layer per line, written before the rest of the context so that what changes rarely keeps its digest; empty means **/node_modules, **/vendor, **/.venv, **/site-packages; none for one layer',
        commands: BUILD,
    },
    {
        name: 'cache',
        type: 'string',
        default: 'registry',
        description: 'Dockerfile builds: where steps are cached between runs: registry (<image>:buildcache for docker, the repository <image>/buildcache for buildah), none, or a repository[:tag] of your own; an oci: image has no registry, so no cache',
        commands: BUILD,
    },
    {
        name: 'entrypoint',
        type: 'list',
        default: '',
        description: 'image entrypoint for native builds (JSON array or one argument per line)',
        commands: BUILD,
    },
    {
        name: 'cmd',
        type: 'list',
        default: '',
        description: 'image cmd for native builds (JSON array or one argument per line)',
        commands: BUILD,
    },
    {
        name: 'env',
        type: 'map',
        default: '',
        description: 'image environment for native builds, NAME=value',
        commands: BUILD,
    },
    {
        name: 'workdir',
        type: 'string',
        default: '',
        description: 'image working directory for native builds',
        commands: BUILD,
    },
    {
        name: 'user',
        type: 'string',
        default: '',
        description: 'image user for native builds',
        commands: BUILD,
    },
    {
        name: 'labels',
        type: 'map',
        default: '',
        description: 'image labels for native builds, key=value',
        commands: BUILD,
    },
    {
        name: 'ports',
        type: 'list',
        default: '',
        description: 'exposed ports for native builds, e.g. 8080/tcp',
        commands: BUILD,
    },
    {
        name: 'build-args',
        type: 'map',
        default: '',
        description: 'Dockerfile build arguments, NAME=value',
        commands: BUILD,
    },
    {
        name: 'target',
        type: 'string',
        default: '',
        description: 'Dockerfile target stage',
        commands: BUILD,
    },
    {
        name: 'secrets',
        type: 'map',
        default: '',
        description: 'Dockerfile build secrets, id=value (masked, passed as files)',
        commands: BUILD,
    },
    {
        name: 'tags',
        type: 'list',
        default: '',
        description: 'extra tags; sha-<commit> and version tags are added on their own',
        commands: [...BUILD, 'merge'],
    },
    {
        name: 'sources',
        type: 'list',
        default: '',
        description: 'merge: the per-platform images to join, one per line: sha256:…, repo@sha256:…, or a release job’s metadata output',
        commands: ['merge'],
    },
    {
        name: 'allow-dirty',
        type: 'boolean',
        default: 'false',
        description: 'release: build uncommitted changes (tagged sha-<commit>-dirty-<tree> only, never sha-<commit> or a version); promote/rollback: accept an image built that way',
        commands: [...BUILD, 'merge', ...MOVES],
    },
    {
        name: 'registry-username',
        type: 'string',
        default: '',
        description: "registry user name; else docker's config.json, or the actor for ghcr.io in Actions",
        commands: REGISTRY,
    },
    {
        name: 'registry-password',
        type: 'string',
        default: '',
        description: "registry password or token; else docker's config.json, or github-token for ghcr.io in Actions",
        commands: REGISTRY,
    },
    {
        name: 'github-token',
        type: 'string',
        default: '${{ github.token }}',
        description: 'token for ghcr.io, the ledger push, Deployments and pull request comments (CLI: GITHUB_TOKEN)',
        commands: REGISTRY,
    },
    {
        name: 'insecure-registry',
        type: 'list',
        default: '',
        description: 'registries (host[:port]) that may use plain http; loopback always may',
        commands: REGISTRY,
    },
    {
        name: 'registry-ca',
        type: 'string',
        default: '',
        description: 'PEM file of a certificate authority to trust for https registries and an https ledger (adds to the public ones)',
        commands: REGISTRY,
    },
    {
        name: 'network-timeout',
        type: 'string',
        default: '60',
        description: 'seconds without a byte after which a registry request is abandoned and retried',
        commands: REGISTRY,
    },
    {
        name: 'signing-key',
        type: 'string',
        default: '',
        description: 'cosign private key (file path or PEM) that signs the image, provenance and record',
        commands: SIGNS,
    },
    {
        name: 'signing-key-passphrase',
        type: 'string',
        default: '',
        description: 'passphrase of signing-key (generate-key: of the new key; else COSIGN_PASSWORD)',
        commands: [...SIGNS, 'generate-key'],
    },
    {
        name: 'keyless',
        type: 'boolean',
        default: 'false',
        description: 'sign keyless through GitHub OIDC (needs id-token: write)',
        commands: SIGNS,
    },
    {
        name: 'sigstore',
        type: 'choice',
        choices: SIGSTORE_CHOICES,
        default: 'auto',
        description: "keyless: Sigstore instance that signs; auto is GitHub's for private and internal repositories, public-good for public ones and outside Actions",
        commands: SIGNS,
    },
    {
        name: 'github-attestations',
        type: 'boolean',
        default: 'false',
        description: "also store the SLSA provenance bundle through GitHub's attestations API, for `gh attestation verify` (needs attestations: write)",
        commands: ['release'],
    },
    {
        name: 'sbom',
        type: 'boolean',
        default: 'true',
        description: 'attach a CycloneDX SBOM to every platform manifest (and a signed attestation of it when signing)',
        commands: SIGNS,
    },
    {
        name: 'signature-format',
        type: 'choice',
        choices: SIGNATURE_FORMATS,
        default: 'both',
        description: 'legacy (.sig tag), bundle (Sigstore bundle referrer) or both',
        commands: SIGNS,
    },
    {
        name: 'verify-key',
        type: 'string',
        default: '',
        description: 'public key (file path or PEM) a valid signature must match',
        commands: TRUST,
    },
    {
        name: 'certificate-identity',
        type: 'string',
        default: '',
        description: 'keyless: exact certificate identity a valid signature must carry',
        commands: TRUST,
    },
    {
        name: 'certificate-identity-regexp',
        type: 'string',
        default: '',
        description: 'keyless: regular expression the certificate identity must match',
        commands: TRUST,
    },
    {
        name: 'certificate-oidc-issuer',
        type: 'string',
        default: '',
        description: 'keyless: OIDC issuer a valid certificate must name',
        commands: TRUST,
    },
    {
        name: 'trusted-root',
        type: 'string',
        default: '',
        description: "keyless: a Sigstore trusted_root.json to trust instead of public-good's and GitHub's from TUF (SIGSTORE_TRUSTED_ROOT is an alias)",
        commands: TRUST,
    },
    {
        name: 'require-signature',
        type: 'boolean',
        default: 'true',
        description: 'promotion refuses an image without a verified signature',
        commands: MOVES,
    },
    {
        name: 'environment',
        type: 'string',
        default: '',
        description: 'environment to promote, roll back, hold, unhold, report or scan',
        commands: [...LEDGER.filter((c) => c !== 'mark-bad')],
    },
    {
        name: 'digest',
        type: 'string',
        default: '',
        description: 'image digest (sha256:…) to promote, verify or mark bad',
        commands: ['promote', 'verify', 'mark-bad'],
    },
    {
        name: 'from-environment',
        type: 'string',
        default: '',
        description: 'promote what is current in this environment',
        commands: ['promote'],
    },
    {
        name: 'requires',
        type: 'string',
        default: '',
        description: 'the digest must have been current in this environment first (lifecycle order)',
        commands: ['promote'],
    },
    {
        name: 'hold-on-rollback',
        type: 'boolean',
        default: 'true',
        description: 'hold the environment after a rollback, so automatic promotes wait for unhold',
        commands: ['rollback'],
    },
    {
        name: 'to',
        type: 'string',
        default: '',
        description: 'rollback target digest instead of the retained previous',
        commands: ['rollback'],
    },
    {
        name: 'reason',
        type: 'string',
        default: '',
        description: 'why: recorded with a rollback, hold or mark-bad',
        commands: ['rollback', 'hold', 'mark-bad'],
    },
    {
        name: 'ledger',
        type: 'string',
        default: '',
        description: 'git remote URL or path of the ledger, or none; empty means this repository',
        commands: [...LEDGER, 'check'],
    },
    {
        name: 'ledger-branch',
        type: 'string',
        default: 'release-ledger',
        description: 'branch of the ledger',
        commands: [...LEDGER, 'check'],
    },
    {
        name: 'github-deployment',
        type: 'boolean',
        default: 'false',
        description: 'write GitHub Deployments and statuses as a projection of the ledger',
        commands: MOVES,
    },
    {
        name: 'environment-url',
        type: 'string',
        default: '',
        description: 'URL shown on the GitHub Deployment',
        commands: MOVES,
    },
    {
        name: 'fail-on-drift',
        type: 'boolean',
        default: 'false',
        description: 'exit 3 when the registry tags differ from the ledger',
        commands: ['status'],
    },
    {
        name: 'repair',
        type: 'boolean',
        default: 'false',
        description: 'rewrite the registry tags <env> and <env>-previous to match the ledger',
        commands: ['status'],
    },
    {
        name: 'history',
        type: 'boolean',
        default: 'false',
        description: "list every past placement of each environment, including those archived under the ledger's history/ folder",
        commands: ['status'],
    },
    {
        name: 'push',
        type: 'boolean',
        default: 'false',
        description: 'push blobs (never tags) for later reuse',
        commands: ['check'],
    },
    {
        name: 'compare-to',
        type: 'string',
        default: '',
        description: 'environment or image reference to plan against',
        commands: ['check'],
    },
    {
        name: 'comment',
        type: 'boolean',
        default: 'false',
        description: 'write the plan to one pull request comment, updated in place',
        commands: ['check'],
    },
    {
        name: 'verify-reproducible',
        type: 'boolean',
        default: 'false',
        description: 'build twice in separate folders and compare the digests',
        commands: ['check'],
    },
    {
        name: 'advisories',
        type: 'list',
        default: 'https://api.osv.dev',
        description: "where OSV advisories come from: the OSV API (an http(s) URL), or folders or .zip files of OSV JSON (osv.dev's per-ecosystem all.zip), one per line",
        commands: SCANS,
    },
    {
        name: 'fail-on-severity',
        type: 'choice',
        choices: SEVERITY_THRESHOLDS,
        default: 'none',
        description: 'scan: exit 1 when a finding is at or above this severity; promote: refuse such a digest (gate vulnerabilities); rollback: only warn',
        commands: SCANS,
    },
    {
        name: 'ignore-advisories',
        type: 'list',
        default: '',
        description: 'accepted risks: one advisory id (or alias) a line, followed by the reason, which is logged',
        commands: SCANS,
    },
    {
        name: 'pin-base',
        type: 'choice',
        choices: PIN_BASE_MODES,
        default: 'warn',
        description: 'base images not pinned by digest: off, warn or require (an error)',
        commands: BUILD,
    },
];
const INPUT_NAMES = INPUTS.map((i) => i.name);
const OUTPUTS = [
    {
        name: 'digest',
        type: 'string',
        description: 'sha256:… of the image (the index when several platforms)',
    },
    {
        name: 'image',
        type: 'string',
        description: 'repository@sha256:…, the immutable reference to deploy',
    },
    { name: 'tags', type: 'list', description: 'tags written, newline separated' },
    {
        name: 'metadata',
        type: 'json',
        description: 'JSON: digest, platforms, tags, record digest, signature refs, reproducible',
    },
    { name: 'record-digest', type: 'string', description: 'digest of the release record artifact' },
    {
        name: 'environment',
        type: 'string',
        description: 'environment that was promoted, rolled back, held or unheld',
    },
    {
        name: 'previous-digest',
        type: 'string',
        description: 'digest the environment pointed to before',
    },
    {
        name: 'promoted',
        type: 'boolean',
        description: "promote: 'true' when the environment moved, 'false' when it was already there",
    },
    {
        name: 'changed',
        type: 'boolean',
        description: "hold, unhold, mark-bad: 'true' when the ledger changed",
    },
    {
        name: 'rolled-back',
        type: 'boolean',
        description: "rollback: 'true' when the environment moved back, 'false' when it was already there",
    },
    {
        name: 'held',
        type: 'boolean',
        description: "rollback: 'true' when the environment is now on hold",
    },
    {
        name: 'verified',
        type: 'boolean',
        description: "'true' when every signature present, the record and the provenance check out",
    },
    { name: 'public-key', type: 'string', description: 'the new public key (PEM)' },
    {
        name: 'key-id',
        type: 'string',
        description: 'sha256 of the public key (SubjectPublicKeyInfo DER), hex',
    },
    {
        name: 'plan',
        type: 'string',
        description: 'the plan (markdown) against compare-to, as in the summary and the PR comment',
    },
    {
        name: 'drift',
        type: 'boolean',
        description: "'true' when a registry tag differs from the ledger",
    },
    { name: 'environments', type: 'list', description: 'the environments reported, one per line' },
    {
        name: 'findings',
        type: 'json',
        description: 'JSON: per environment and image, each finding (advisory id, aliases, package, installed and fixed version, severity) and the way out',
    },
    { name: 'sarif', type: 'string', description: 'path of the SARIF 2.1.0 file of the scan' },
    {
        name: 'status',
        type: 'json',
        description: 'JSON: per environment its current and previous (digest, version, commit, at, by, run URL), hold, marks and drift',
    },
];
const COMMAND_SPECS = [
    {
        name: 'release',
        summary: 'build, push, sign and record an image of this commit',
        outputs: ['digest', 'image', 'tags', 'metadata', 'record-digest'],
        examples: [
            'release --image oci:./out/app --context examples/hello --base scratch',
            'release --image ghcr.io/acme/shop --signing-key cosign.key --tags latest',
        ],
    },
    {
        name: 'check',
        summary: 'build and plan a release against an environment, moving nothing',
        outputs: ['digest', 'image', 'tags', 'plan'],
        examples: [
            'check --image ghcr.io/acme/shop --compare-to production',
            'check --image oci:./out/app --verify-reproducible',
        ],
    },
    {
        name: 'promote',
        summary: 'move an environment to a digest, through the ledger',
        outputs: ['environment', 'previous-digest', 'digest', 'image', 'promoted'],
        examples: [
            'promote --image ghcr.io/acme/shop@sha256:… --environment staging --verify-key cosign.pub',
            'promote --image ghcr.io/acme/shop --environment production --from-environment staging',
        ],
    },
    {
        name: 'rollback',
        summary: 'move an environment back to its previous digest and hold it',
        outputs: ['environment', 'previous-digest', 'digest', 'image', 'rolled-back', 'held'],
        examples: [
            'rollback --image ghcr.io/acme/shop --environment production --reason "bad deploy"',
            'rollback --image oci:./out/app --environment staging --to sha256:…',
        ],
    },
    {
        name: 'verify',
        summary: 'check the signatures, provenance and record of an image',
        outputs: ['digest', 'image', 'verified'],
        examples: [
            'verify --image ghcr.io/acme/shop:1.2.3 --verify-key cosign.pub',
            'verify --image oci:./out/app@sha256:… --verify-key cosign.pub',
        ],
    },
    {
        name: 'status',
        summary: 'show each environment: current, previous, hold, marks and drift',
        outputs: ['status', 'environments', 'drift'],
        examples: [
            'status --image ghcr.io/acme/shop --json',
            'status --image oci:./out/app --environment production --fail-on-drift',
        ],
    },
    {
        name: 'hold',
        summary: 'stop automatic promotes of an environment until unhold',
        outputs: ['environment', 'changed'],
        examples: [
            'hold --image ghcr.io/acme/shop --environment production --reason "incident 42"',
            'hold --image oci:./out/app --environment staging',
        ],
    },
    {
        name: 'unhold',
        summary: 'lift the hold of an environment',
        outputs: ['environment', 'changed'],
        examples: [
            'unhold --image ghcr.io/acme/shop --environment production',
            'unhold --image oci:./out/app --environment staging --ledger ../ledger',
        ],
    },
    {
        name: 'mark-bad',
        summary: 'forbid a digest in every environment',
        outputs: ['digest', 'changed'],
        examples: [
            'mark-bad --image ghcr.io/acme/shop --digest sha256:… --reason "CVE-2026-1234"',
            'mark-bad --image oci:./out/app@sha256:…',
        ],
    },
    {
        name: 'merge',
        summary: 'join per-platform releases into one multi-platform release',
        outputs: ['digest', 'image', 'tags', 'metadata', 'record-digest'],
        examples: [
            'merge --image ghcr.io/acme/shop --sources "$AMD64_METADATA" --sources "$ARM64_METADATA"',
            'merge --image oci:./out/app --sources sha256:… --sources sha256:…',
        ],
    },
    {
        name: 'scan',
        summary: 'match the SBOMs of every environment against OSV advisories, and name the way out',
        outputs: ['environments', 'findings', 'sarif'],
        examples: [
            'scan --image ghcr.io/acme/shop --fail-on-severity high',
            'scan --image ghcr.io/acme/shop:1.2.3 --advisories ./osv/Debian-all.zip --advisories ./osv/npm',
        ],
    },
    {
        name: 'generate-key',
        summary: 'write a cosign key pair (cosign.key, cosign.pub) into the context folder',
        outputs: ['public-key', 'key-id'],
        examples: ['generate-key --context .', 'generate-key --context keys/'],
    },
];
/** Boolean inputs: the CLI accepts them bare (`--keyless`). */
const BOOLEAN_INPUTS = new Set(INPUTS.filter((i) => i.type === 'boolean').map((i) => i.name));
/** List and map inputs: a CLI flag given several times adds lines instead of replacing. */
const MULTI_VALUE_INPUTS = new Set(INPUTS.filter((i) => i.type === 'list' || i.type === 'map').map((i) => i.name));
function isInputName(name) {
    return INPUT_NAMES.includes(name);
}
function isCommand(name) {
    return COMMANDS.includes(name);
}
/** The registry seen through its interface, without the literal types of each entry. */
const INPUT_SPECS = INPUTS;
function commandSpec(name) {
    return COMMAND_SPECS.find((c) => c.name === name);
}
function outputSpec(name) {
    return OUTPUTS.find((o) => o.name === name);
}
/** The inputs a command reads, in registry order. */
function inputsOf(command) {
    return INPUT_SPECS.filter((i) => i.commands === 'all' || i.commands.includes(command));
}
/**
 * Inputs given a value (other than their default) that the command does not read, with the
 * commands that do: a typo'd workflow or command line is pointed out instead of ignored.
 */
function unusedInputs(command, value) {
    const unused = [];
    for (const spec of INPUT_SPECS) {
        // A default the runner fills in from an expression (the token) is never the user's doing.
        if (spec.commands === 'all' || spec.commands.includes(command))
            continue;
        if (spec.default.startsWith('${{'))
            continue;
        const given = value(spec.name)?.trim();
        if (given && given !== spec.default) {
            unused.push({ name: spec.name, commands: spec.commands });
        }
    }
    return unused;
}


/***/ }),

/***/ 1729:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ escapeLog)
/* harmony export */ });
/**
 * The one escaping function for text the tool writes to a log: a reason, a tag, a commit subject
 * or a registry's error body must never become a workflow command (`::add-mask::`,
 * `::stop-commands::`, `::warning::`) or a forged line.
 *
 * The runner reads its log line by line (CR, LF and CRLF all end a line), trims leading white
 * space, and takes a line that starts with `::` (or the legacy `##[`) as a command. Inside a
 * command, the data and the properties are percent-decoded once.
 */
function escapeLog(text, as) {
    switch (as) {
        case 'line':
            return text
                .split(/\r\n|\r|\n/)
                .map((line) => line.replace(/^(\s*)(::|##\[)/, (_, space, start) => `${space}${start === '::' ? '%3A%3A' : '%23%23['}`))
                .join('\n');
        case 'data':
            return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
        case 'property':
            return escapeLog(text, 'data').replace(/:/g, '%3A').replace(/,/g, '%2C');
        case 'terminal':
            // C0 controls but TAB and LF, DEL, and the C1 controls a terminal also obeys.
            return text.replace(
            // eslint-disable-next-line no-control-regex
            /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    }
}


/***/ }),

/***/ 68825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   SC: () => (/* binding */ VerifyingStream),
/* harmony export */   aG: () => (/* binding */ checkContent),
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   sU: () => (/* binding */ digestHex),
/* harmony export */   sc: () => (/* binding */ sha256)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);



const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_HEX_RE = /^[a-f0-9]{64}$/;
const SHA512_HEX_RE = /^[a-f0-9]{128}$/;
function sha256(data) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex')}`;
}
/** Validates a digest string: the spec's grammar, and for sha256/sha512 lower-case hex of the right length. */
function parseDigest(value, input = 'digest') {
    const valid = 'sha256: followed by 64 lower-case hex characters';
    if (!DIGEST_RE.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('DIGEST_INVALID', `'${value}' is not a digest`, { input, valid });
    }
    const [algorithm, encoded] = value.split(':', 2);
    if (algorithm === 'sha256' && !SHA256_HEX_RE.test(encoded)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('DIGEST_INVALID', `'${value}' has ${/[A-F]/.test(encoded) ? 'upper-case hex' : `${encoded.length} characters, not 64 hex`}`, { input, valid });
    }
    if (algorithm === 'sha512' && !SHA512_HEX_RE.test(encoded)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('DIGEST_INVALID', `'${value}' is not a valid sha512 digest`, {
            input,
            valid: 'sha512: followed by 128 lower-case hex characters',
        });
    }
    if (algorithm !== 'sha256' && algorithm !== 'sha512') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('DIGEST_INVALID', `digest algorithm '${algorithm}' is not supported`, {
            input,
            valid,
        });
    }
    return value;
}
function isDigest(value) {
    try {
        parseDigest(value);
        return true;
    }
    catch {
        return false;
    }
}
/** The hex part of a sha256 digest, for file names. */
function digestHex(digest) {
    return digest.slice(digest.indexOf(':') + 1);
}
function checkContent(bytes, expected, what) {
    if (expected.size !== undefined && bytes.length !== expected.size) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ReleaseError */ .K2('SIZE_MISMATCH', `${what}: got ${bytes.length} bytes, expected ${expected.size}`);
    }
    const algorithm = expected.digest.split(':', 1)[0] ?? 'sha256';
    const actual = `${algorithm}:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(bytes).digest('hex')}`;
    if (actual !== expected.digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ReleaseError */ .K2('DIGEST_MISMATCH', `${what}: content has digest ${actual}, expected ${expected.digest}`, {
            hint: 'the registry or storage returned different bytes than the descriptor names; it may be corrupted or tampered with',
        });
    }
}
/**
 * A pass-through stream that hashes what flows through it and fails at the end when the digest or
 * size differ from the descriptor's: downloaded content is never trusted on its word.
 */
class VerifyingStream extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
    expected;
    what;
    hash;
    seen = 0;
    constructor(expected, what) {
        super();
        this.expected = expected;
        this.what = what;
        this.hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(expected.digest.split(':', 1)[0] ?? 'sha256');
    }
    _transform(chunk, _enc, done) {
        this.seen += chunk.length;
        if (this.expected.size !== undefined && this.seen > this.expected.size) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ReleaseError */ .K2('SIZE_MISMATCH', `${this.what}: more than the expected ${this.expected.size} bytes`));
            return;
        }
        this.hash.update(chunk);
        done(null, chunk);
    }
    _flush(done) {
        const actual = `${this.expected.digest.split(':', 1)[0]}:${this.hash.digest('hex')}`;
        if (this.expected.size !== undefined && this.seen !== this.expected.size) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ReleaseError */ .K2('SIZE_MISMATCH', `${this.what}: got ${this.seen} bytes, expected ${this.expected.size}`));
        }
        else if (actual !== this.expected.digest) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ReleaseError */ .K2('DIGEST_MISMATCH', `${this.what}: content has digest ${actual}, expected ${this.expected.digest}`));
        }
        else {
            done();
        }
    }
}


/***/ }),

/***/ 86463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O4: () => (/* binding */ currentNetwork),
/* harmony export */   Y4: () => (/* binding */ isCertificateError),
/* harmony export */   lr: () => (/* binding */ networkBound),
/* harmony export */   mM: () => (/* binding */ probeTimeoutMs),
/* harmony export */   ml: () => (/* binding */ agentsFor),
/* harmony export */   my: () => (/* binding */ readTrustedCa),
/* harmony export */   pD: () => (/* binding */ speaksTls),
/* harmony export */   pc: () => (/* binding */ withNetwork)
/* harmony export */ });
/* unused harmony exports DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, DEFAULT_NETWORK, callBoundMs, closeIdleConnections */
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16698);
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_async_hooks__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(41692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(83916);








const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 20_000 };
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_NETWORK = {
    timeoutMs: DEFAULT_TIMEOUT_MS,
    retry: DEFAULT_RETRY,
};
const scope = new node_async_hooks__WEBPACK_IMPORTED_MODULE_0__.AsyncLocalStorage();
function withNetwork(settings, run) {
    // An input left out (`ca: undefined`) keeps the default rather than erasing it.
    const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    return scope.run({ ...DEFAULT_NETWORK, ...given }, run);
}
function currentNetwork() {
    return scope.getStore() ?? DEFAULT_NETWORK;
}
/**
 * The longest one registry call can take against a registry that stops sending: the TLS probe
 * (for a host that may use plain http), then every attempt waits `timeoutMs` for a byte, and the
 * pauses between attempts are at most the backoff's cap
 * (a Retry-After comes with an answer, so it never adds to a silent registry's bound).
 */
function callBoundMs(settings) {
    let pauses = 0;
    for (let attempt = 0; attempt + 1 < settings.retry.attempts; attempt++) {
        pauses += Math.min(settings.retry.maxDelayMs, settings.retry.baseDelayMs * 2 ** attempt);
    }
    return probeTimeoutMs(settings) + settings.timeoutMs * settings.retry.attempts + pauses;
}
/** The TLS probe of a host that may use plain http waits no longer than this. */
function probeTimeoutMs(settings) {
    return Math.min(settings.timeoutMs, 5_000);
}
function newAgents(ca) {
    return {
        http: new (node_http__WEBPACK_IMPORTED_MODULE_3___default().Agent)({ keepAlive: true, maxSockets: 16 }),
        // Given a `ca`, Node trusts only it: keep the public roots (and NODE_EXTRA_CA_CERTS) beside it.
        https: new (node_https__WEBPACK_IMPORTED_MODULE_4___default().Agent)({
            keepAlive: true,
            maxSockets: 16,
            ...(ca ? { ca: [...(node_tls__WEBPACK_IMPORTED_MODULE_6___default().rootCertificates), ...extraCaCertificates(), ca.pem] } : {}),
        }),
    };
}
function extraCaCertificates() {
    const path = process.env.NODE_EXTRA_CA_CERTS;
    if (!path)
        return [];
    try {
        return [(0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)(path, 'utf8')];
    }
    catch {
        // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS.
        return [];
    }
}
const agentsByCa = new Map();
function agentsFor(ca) {
    const key = ca?.pem ?? '';
    let agents = agentsByCa.get(key);
    if (!agents) {
        agents = newAgents(ca);
        agentsByCa.set(key, agents);
    }
    return agents;
}
/** Lets a CLI or test end without waiting for idle keep-alive sockets. */
function closeIdleConnections() {
    for (const agents of agentsByCa.values()) {
        agents.http.destroy();
        agents.https.destroy();
    }
    agentsByCa.clear();
}
/** Errors that mean the server spoke TLS but its certificate is not one we trust. */
function isCertificateError(e) {
    const code = e?.code;
    return (typeof code === 'string' &&
        /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ERR_TLS_CERT_ALTNAME_INVALID/.test(code));
}
/**
 * Whether `host:port` completes a TLS handshake (certificate unchecked here: a wrong certificate
 * still means the server speaks TLS, and must then fail rather than fall back to plain http).
 */
function speaksTls(host, port, timeoutMs) {
    return new Promise((resolve) => {
        const name = host.replace(/^\[|\]$/g, '');
        const socket = node_tls__WEBPACK_IMPORTED_MODULE_6___default().connect({
            host: name,
            port,
            rejectUnauthorized: false,
            ALPNProtocols: ['http/1.1'],
            ...(/^[\d.]+$|:/.test(name) ? {} : { servername: name }),
        });
        const done = (value) => {
            socket.destroy();
            resolve(value);
        };
        socket.setTimeout(timeoutMs, () => done(false));
        socket.once('secureConnect', () => done(true));
        socket.once('error', () => done(false));
    });
}
/** Reads `registry-ca`: a PEM file holding one or more certificates. */
function readTrustedCa(path, input) {
    const fail = (why, cause) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .UserError */ .yo('INPUT_INVALID', `'${path}' ${why}`, {
            input,
            valid: 'the path of a PEM file with the certificate authority (-----BEGIN CERTIFICATE-----)',
            cause,
        });
    };
    let pem = '';
    try {
        pem = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_5__.resolve)(path), 'utf8');
    }
    catch (e) {
        fail(`cannot be read (${e.code ?? 'error'})`, e);
    }
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0)
        fail('holds no PEM certificate');
    for (const block of blocks) {
        try {
            new node_crypto__WEBPACK_IMPORTED_MODULE_1__.X509Certificate(block);
        }
        catch (e) {
            fail('holds a certificate that cannot be parsed', e);
        }
    }
    return { path, pem: blocks.join('\n') + '\n' };
}
/** The log line that states the bound: what a silent registry costs a command at most. */
function networkBound(settings) {
    const full = { ...DEFAULT_NETWORK, ...settings };
    const bound = Math.ceil(callBoundMs(full) / 1000);
    return `network: a registry request with no data for ${full.timeoutMs / 1000} s is abandoned and retried (${full.retry.attempts} attempts); a registry that stops answering fails the command within ${bound} s${full.ca ? `; trusting the certificate authority in ${full.ca.path}` : ''}`;
}


/***/ }),

/***/ 62148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bk: () => (/* binding */ selectorOf),
/* harmony export */   ED: () => (/* binding */ parseTag),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   U9: () => (/* binding */ isLoopback),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   kx: () => (/* binding */ parseImageTarget),
/* harmony export */   nz: () => (/* binding */ apiHost)
/* harmony export */ });
/* unused harmony export DOCKER_HUB_API */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68825);


/** The grammars of distribution-spec §1.1 and the docker reference library. */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const HOST_RE = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]{1,5})?$/;
const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's API really lives; `docker.io` is only the name used in references. */
const DOCKER_HUB_API = 'registry-1.docker.io';
const VALID_REF = 'host[:port]/path[:tag][@sha256:<64 hex>], e.g. ghcr.io/acme/shop:1.2.3';
const VALID_TAG = 'letters, digits, _ . -, starting with a letter, digit or _, at most 128 characters';
function parseTag(tag, input = 'tags') {
    if (!TAG_RE.test(tag)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('TAG_INVALID', `'${tag}' is not a valid tag`, { input, valid: VALID_TAG });
    }
    return tag;
}
/** Parses `host[:port]/path[:tag][@digest]`, normalising Docker Hub names as docker does. */
function parseReference(value, input = 'image') {
    const fail = (why) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('REFERENCE_INVALID', `'${value}' ${why}`, { input, valid: VALID_REF });
    };
    if (value.length === 0)
        fail('is empty');
    if (value !== value.trim() || /\s/.test(value))
        fail('contains white space');
    if (value.includes('://'))
        fail('has a URL scheme; write the reference without http:// or https://');
    let rest = value;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(rest.slice(at + 1), input);
        rest = rest.slice(0, at);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const lastColon = rest.lastIndexOf(':');
    if (lastColon > lastSlash) {
        tag = rest.slice(lastColon + 1);
        rest = rest.slice(0, lastColon);
        if (!TAG_RE.test(tag))
            fail(`has an invalid tag '${tag}' (valid tags: ${VALID_TAG})`);
    }
    let registry = DOCKER_HUB;
    let repository = rest;
    const firstSlash = rest.indexOf('/');
    if (firstSlash >= 0) {
        const first = rest.slice(0, firstSlash);
        if (first.includes('.') ||
            first.includes(':') ||
            first === 'localhost' ||
            first.startsWith('[')) {
            registry = first;
            repository = rest.slice(firstSlash + 1);
        }
    }
    if (!HOST_RE.test(registry))
        fail(`has an invalid registry host '${registry}'`);
    const port = /:(\d+)$/.exec(registry)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
        fail(`has port ${port}, outside 1-65535`);
    }
    registry = registry.toLowerCase();
    if (registry === 'index.docker.io' || registry === DOCKER_HUB_API)
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !repository.includes('/'))
        repository = `library/${repository}`;
    if (repository.length === 0)
        fail('has no repository path');
    if (/[A-Z]/.test(repository))
        fail('has upper-case letters in the repository path; repositories are lower case');
    if (!NAME_RE.test(repository)) {
        fail(`has an invalid repository path '${repository}' (lower-case letters, digits, and . _ __ - between them)`);
    }
    if (`${registry}/${repository}`.length > 255)
        fail('is longer than 255 characters');
    return { registry, repository, tag, digest };
}
/** The host to talk HTTP to for a registry named in a reference. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
function formatReference(ref) {
    const base = `${ref.registry}/${ref.repository}`;
    return `${base}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** Loopback names that may use plain http without being named in `insecure-registry`. */
function isLoopback(registry) {
    const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}
const VALID_LAYOUT = `oci:PATH, oci:PATH:TAG or oci:PATH@sha256:<64 hex>, with a tag of ${VALID_TAG}`;
function parseImageTarget(value, input = 'image') {
    if (value.startsWith('oci:')) {
        let path = value.slice(4);
        let tag;
        let digest;
        // What the tool prints (`oci:./out/app@sha256:…`) reads back: the digest first, then a tag.
        const at = path.lastIndexOf('@');
        if (at > path.lastIndexOf('/') && /^[a-z0-9]+:/.test(path.slice(at + 1))) {
            digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(path.slice(at + 1), input);
            path = path.slice(0, at);
        }
        const colon = path.lastIndexOf(':');
        if (colon > path.lastIndexOf('/')) {
            tag = path.slice(colon + 1);
            path = path.slice(0, colon);
            if (!TAG_RE.test(tag)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('REFERENCE_INVALID', `'${value}' has an invalid tag '${tag}'`, {
                    input,
                    valid: VALID_LAYOUT,
                });
            }
        }
        if (path.length === 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('REFERENCE_INVALID', `'${value}' names no folder`, {
                input,
                valid: 'oci:PATH, e.g. oci:./out/app',
            });
        }
        return { kind: 'layout', layout: { path, tag, digest } };
    }
    return { kind: 'registry', ref: parseReference(value, input) };
}
/** The tag and digest an image reference names, whichever kind it is. */
function selectorOf(target) {
    const { tag, digest } = target.kind === 'registry' ? target.ref : target.layout;
    return { tag, digest };
}


/***/ }),

/***/ 75365:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ refuseReleaseTag),
/* harmony export */   JJ: () => (/* binding */ VALID_ENVIRONMENT),
/* harmony export */   Q: () => (/* binding */ checkLedgerBranch),
/* harmony export */   S5: () => (/* binding */ ENVIRONMENT_RE),
/* harmony export */   as: () => (/* binding */ checkReleaseTag),
/* harmony export */   be: () => (/* binding */ environmentNameConflict),
/* harmony export */   r0: () => (/* binding */ checkEnvironmentName),
/* harmony export */   ze: () => (/* binding */ checkNoExistingCollision)
/* harmony export */ });
/* unused harmony export PREVIOUS_SUFFIX */
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/**
 * The one rule for environment names. An environment is projected into the registry as the tags
 * `<env>` and `<env>-previous`, in the same namespace as the tags a release writes. A name that
 * equals one of those would let a promote move an immutable tag (`sha-<commit>`, a version) or
 * make two environments fight over one tag, so such names are refused before anything is read
 * or written, for every input that names an environment.
 */


/** The syntax: a DNS label, which is also a valid registry tag and a safe ledger file name. */
const ENVIRONMENT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const PREVIOUS_SUFFIX = '-previous';
const VALID_ENVIRONMENT = 'lower-case letters, digits and -, starting with a letter or digit, at most 63 characters; ' +
    'not latest or buildcache, not starting with sha- or sha256-, not a version or version alias ' +
    `(1, 12, v2), not ending in ${PREVIOUS_SUFFIX}; e.g. staging or production`;
/** Tags the tool writes whatever the environments are. */
const RESERVED = new Set(['latest', 'buildcache']);
/**
 * Why `name` cannot be an environment, in words naming the tag it would collide with, or
 * undefined when it can be one. Covers the syntax too, so one call answers "is this usable".
 */
function environmentNameConflict(name) {
    if (!ENVIRONMENT_RE.test(name))
        return 'it is not a valid environment name';
    if (RESERVED.has(name))
        return `'${name}' is a tag the release writes`;
    if (name.startsWith('sha256-')) {
        return 'names starting with sha256- are the signature, attestation and referrer tags (sha256-<hex>)';
    }
    if (name.startsWith('sha-')) {
        return 'names starting with sha- are the immutable commit tags (sha-<commit>)';
    }
    if (isVersionLike(name)) {
        return `'${name}' reads as a version or version alias, which a release of a version tag writes`;
    }
    if (name.endsWith(PREVIOUS_SUFFIX)) {
        const owner = name.slice(0, -PREVIOUS_SUFFIX.length);
        return `'${name}' is the tag that keeps the previous digest of the environment '${owner}'`;
    }
    return undefined;
}
/**
 * Refuses a name that is not a usable environment: `input` is the input that named it, so the
 * message says where to fix it.
 */
function checkEnvironmentName(name, input) {
    const conflict = environmentNameConflict(name);
    if (conflict !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `'${name}' cannot be an environment: ${conflict}`, {
            input,
            valid: VALID_ENVIRONMENT,
            hint: input === 'compare-to'
                ? `to compare to an image by tag, give its reference, e.g. ghcr.io/acme/shop:${name}`
                : 'choose another name, e.g. staging or production; nothing was read or written',
        });
    }
    return name;
}
/**
 * The half of the rule that needs the ledger: names that were written before the rule existed.
 * `prod` cannot be created next to an existing `prod-previous`, whose own tag would be the one
 * `prod` keeps its previous digest in.
 */
function checkNoExistingCollision(name, existing, input = 'environment') {
    const clash = `${name}${PREVIOUS_SUFFIX}`;
    if (!existing.includes(clash))
        return;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `'${name}' cannot be an environment: the ledger already has an environment '${clash}', ` +
        `whose tag is the one '${name}' would keep its previous digest in`, {
        input,
        valid: `${VALID_ENVIRONMENT}; and not an environment X while X${PREVIOUS_SUFFIX} exists`,
        hint: `choose another name, or retire '${clash}' (delete environments/${clash}.json on the ledger branch)`,
    });
}
/**
 * The other side of the rule: an extra tag a release writes must not be a tag that promote owns.
 * The release reads no ledger, so it knows an environment by its registry tags: `X-previous`
 * exists once X has moved twice. `X-previous` itself and `sha256-` tags are refused outright.
 */
function checkReleaseTag(tag, existingTags) {
    let why;
    if (tag.startsWith('sha256-')) {
        why = 'tags starting with sha256- are the signature, attestation and referrer tags';
    }
    else if (tag.endsWith(PREVIOUS_SUFFIX)) {
        why = `it is the tag that keeps the previous digest of the environment '${tag.slice(0, -PREVIOUS_SUFFIX.length)}'`;
    }
    else if (existingTags.includes(`${tag}${PREVIOUS_SUFFIX}`)) {
        why = `'${tag}' is an environment (the registry holds ${tag}${PREVIOUS_SUFFIX}); only promote and rollback move it`;
    }
    if (why !== undefined)
        refuseReleaseTag(tag, why);
}
/** Refuses `tag` as an extra tag of a release, saying why. */
function refuseReleaseTag(tag, why) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('TAG_INVALID', `'${tag}' cannot be a release tag: ${why}`, {
        input: 'tags',
        valid: `any tag except an environment, X${PREVIOUS_SUFFIX} and sha256-*; e.g. edge or nightly`,
        hint: 'to move an environment, run promote; nothing was written',
    });
}
/** `1`, `12`, `v2`, `1.2`, `1.2.3`, `1.2.3-rc.1`: what a version tag or its aliases look like. */
function isVersionLike(name) {
    return /^v?\d+(\.\d+){0,2}$/.test(name) || semver__WEBPACK_IMPORTED_MODULE_0___default().valid(name) !== null;
}
/**
 * The ledger branch holds only ledger commits: a branch people build from would get ledger
 * commits on top of their code (`main`), and `HEAD` or a full ref name makes git create an odd
 * ref (`refs/heads/HEAD`). `taken` names branches of the repository known to be in use, each
 * with why (its default branch, the branch this run is on).
 */
function checkLedgerBranch(branch, taken = []) {
    const refuse = (why) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `'${branch}' cannot hold the ledger: ${why}`, {
            input: 'ledger-branch',
            valid: 'a branch used for nothing else, e.g. release-ledger (the default)',
        });
    };
    if (branch === 'HEAD' || branch.endsWith('/HEAD'))
        refuse('HEAD names a commit, not a branch');
    if (branch.startsWith('refs/'))
        refuse('give the branch name without refs/heads/');
    if (branch === 'main' || branch === 'master') {
        refuse(`${branch} is a code branch; ledger commits would land on top of the code`);
    }
    const clash = taken.find((t) => t.branch === branch);
    if (clash)
        refuse(`it is ${clash.why}; ledger commits would land on top of the code`);
    return branch;
}


/***/ })

};
