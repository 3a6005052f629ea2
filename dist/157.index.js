export const id = 157;
export const ids = [157,964];
export const modules = {

/***/ 48964:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  requireTrust: () => (/* binding */ requireTrust),
  trustFrom: () => (/* binding */ trustFrom),
  verify: () => (/* binding */ verify),
  verifyImage: () => (/* binding */ verifyImage),
  verifyImageWithRecord: () => (/* binding */ verifyImageWithRecord)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/release/record.ts
var record = __webpack_require__(66776);
// EXTERNAL MODULE: ./src/sign/bundle.ts
var sign_bundle = __webpack_require__(5385);
// EXTERNAL MODULE: ./src/sign/bundle-signer.ts
var bundle_signer = __webpack_require__(85604);
// EXTERNAL MODULE: ./src/sign/cosign.ts
var cosign = __webpack_require__(7126);
// EXTERNAL MODULE: ./src/sign/keyless.ts
var keyless = __webpack_require__(52891);
// EXTERNAL MODULE: ./src/sign/sigstore-instance.ts
var sigstore_instance = __webpack_require__(2687);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/dist/index.js
var tuf_dist = __webpack_require__(84423);
// EXTERNAL MODULE: ./node_modules/@sigstore/tuf/seeds.json
var seeds = __webpack_require__(8032);
;// CONCATENATED MODULE: ./src/sign/trust/tuf-repo.github.com-root.json
const tuf_repo_github_com_root_namespaceObject = /*#__PURE__*/JSON.parse('{"signatures":[{"keyid":"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","sig":""},{"keyid":"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","sig":""},{"keyid":"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","sig":""},{"keyid":"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","sig":"3046022100ca341d3ba2ef7657d69c2825729959681f55aec497b612e81a547e2abb616b49022100cd605b412a3d991f92e0818e07e60383bbd23904723eec221d6e39fdfeae3104"},{"keyid":"5e01c9a0b2641a8965a4a74e7df0bc7b2d8278a2c3ca0cf7a3f2f783d3c69800","sig":"3046022100d0f70effe60d6a18319e2890088cd01d45c654ee6d2ce1d5c3cdcf2dc7f637570221008f947a2d7334d948f1c4794b0a465f1dfb99a578dd8d1f4563cee0581f457db2"},{"keyid":"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44","sig":"304502201ae931db1c48020fb37af54d446ac856306f619dfc3f93ddcff70d2880e443dc022100992b70451aa74805adef24e85ec352e598812267f623979bd4ce719b66b62d22"},{"keyid":"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","sig":"3045022023bba8e14c177609f43873aa0087ef983ddd2bad9a0a832c0cf279e1be8798f2022100facfaecc1d7ee793042eaaa6970fb9ca700c3bdbf4ee43ed0f8d0fc3aef96563"},{"keyid":"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","sig":"3046022100d2f6cceb05d135ce6a6ce7fe1dc76c24508154ad71c433028e64ca95ba716ffb022100f0592d60eb67508dd5f9cc593a4cca33bbaf94882c3d74a560fda845a456c6cc"},{"keyid":"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","sig":"30450221009af2f0c534ed92de909a3b727f7101319c18e10623de8f48a0eba980d3d54d830220095842b16c58567c71f9dfa0b54e79daca1b2fecf3cb2ea4ee6d8393bdf93294"}],"signed":{"_type":"root","consistent_snapshot":true,"expires":"2025-04-11T14:36:57Z","keys":{"4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENki7aZVips5SgRzCd/Om0CGzQKY/\\nnv84giqVDmdwb2ys82Z6soFLasvYYEEQcwqaC170n9gr93wHUgPc796uJA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@ashtom"},"539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElD0o2sOZN9n3RKQ7PtMLAoXj+2Ai\\nn4PKT/pfnzDlNLrD3VTQwCc4sR4t+OLu4KQ+qk+kXkR9YuBsu3bdJZ1OWw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@nerdneha"},"54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEimKcdST+ORD+g0aGEFDOVZDAaIYg\\nIgesNKiIe2L7MUsYx5UHhzQ08quvew13eYSCNJnfwooFZu7cdTu8AwqFjQ==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@alexiswales"},"88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBagkskNOpOTbetTX5CdnvMy+LiWn\\nonRrNrqAHL4WgiebH7Uig7GLhC3bkeA/qgb926/vr9qhOPG9Buj2HatrPw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@gregose"},"8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7IEoVNwrprchXGhT5sAhSax7SOd3\\n8duuISghCzfmHdKJWSbV2wJRamRiUVRtmA83K/qm5cT20WXMCT5QeM/D3A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@trevrosen"},"a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC2wJ3xscyXxBLybJ9FVjwkyQMe53\\nRHUz77AjMO8MzVaT8xw6ZvJqdNZiytYtigWULlINxw6frNsWJKb/f7lC8A==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@kommendorkapten"},"d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDdORwcruW3gqAgaLjH/nNdGMB4kQ\\nAvA+wD6DyO4P/wR8ee2ce83NZHq1ZADKhve0rlYKaKy3CqyQ5SmlZ36Zhw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@krukow"},"eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENynVdQnM9h7xU71G7PiJpQaDemub\\nkbjsjYwLlPJTQVuxQO8WeIpJf8MEh5rf01t2dDIuCsZ5gRx+QvDv0UzfsA==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-keyowner":"@mph4"},"eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f":{"keytype":"ecdsa","keyval":{"public":"-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAENKNcNcX+d73lS1TRFb9Vnp8JvOoh\\nzYQ+in43iGenbG8RGo9L/6FJ2hoRbVU6xskvyuErcdPbCdI4GxrQ5i8hkw==\\n-----END PUBLIC KEY-----\\n"},"scheme":"ecdsa-sha2-nistp256","x-tuf-on-ci-online-uri":"azurekms://production-tuf-root.vault.azure.net/keys/Online-Key/aaf375fd8ed24acb949a5cc173700b05"}},"roles":{"root":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"snapshot":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":21,"x-tuf-on-ci-signing-period":7},"targets":{"keyids":["a10513a5ab61acd0c6b6fbe0504856ead18f3b17c4fabbe3fa848c79a5a187cf","4f4d1dd75f2d7f3860e3a068d7bed90dec5f0faafcbe1ace7fb7d95d29e07228","88737ccdac7b49cc237e9aaead81be2a40278b886a693d8149a19cf543f093d3","d6a89e23fb22801a0d1186bf1bdd007e228f65a8aa9964d24d06cb5fbb0ce91c","eb8eff37f93af2faaba519f341decec3cecd3eeafcace32966db9723842c8a62","8b498a80a1b7af188c10c9abdf6aade81d14faaffcde2abcd6063baa673ebd12","539dde44014c850fe6eeb8b299eb7dae2e1f4bf83454b949e98aa73542cdc65a","54809115b40137aac01af4b7ac2408c77ea0d58fa4dad48fc3196497d2a26f44"],"threshold":3},"timestamp":{"keyids":["eb9799b483affac9da87ef4c9ea467928415c961349e607e5e6e485679b07f8f"],"threshold":1,"x-tuf-on-ci-expiry-period":7,"x-tuf-on-ci-signing-period":6}},"spec_version":"1.0.31","version":3,"x-tuf-on-ci-expiry-period":240,"x-tuf-on-ci-signing-period":60}}');
;// CONCATENATED MODULE: ./src/sign/trust-root.ts
/**
 * Sigstore trust material (trusted_root.json: Fulcio CAs, transparency and CT logs, timestamp
 * authorities) from each instance's TUF repository, as cosign and gh get it: @sigstore/tuf
 * verifies the signed metadata chain from an embedded root before a target is believed.
 * Fetched metadata is cached; without network the last verified or the embedded trusted root
 * is used, and the log says which.
 */








const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot';
/** Under RUNNER_TOOL_CACHE in Actions (kept between jobs on self-hosted runners), else the user's cache. */
function trustCacheDir(env) {
    const base = env.GITHUB_ACTIONS === 'true' && env.RUNNER_TOOL_CACHE
        ? env.RUNNER_TOOL_CACHE
        : env.XDG_CACHE_HOME || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.cache');
    return (0,external_node_path_.join)(base, 'immutable-release', 'sigstore');
}
/** A trusted_root.json the user names (`trusted-root`, or SIGSTORE_TRUSTED_ROOT): nothing else is trusted. */
async function trustFromFile(path, input) {
    let json;
    try {
        json = JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
        // The protobuf reader accepts anything; the media type says what the file claims to be.
        const mediaType = json?.mediaType;
        if (typeof mediaType !== 'string' || !mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE)) {
            throw new Error(`its mediaType is ${JSON.stringify(mediaType)}, not ${TRUSTED_ROOT_MEDIA_TYPE}`);
        }
        dist.TrustedRoot.fromJSON(json);
    }
    catch (e) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `cannot read a trusted root from ${path}`, {
            input,
            valid: 'the path of a Sigstore trusted_root.json',
            cause: e,
        });
    }
    const tlogs = json.tlogs;
    return { name: path, trustedRoot: json, requireTlog: Array.isArray(tlogs) && tlogs.length > 0 };
}
/**
 * The instance's trusted root from its TUF repository; on a network failure the cached copy of
 * the last verified one, else the embedded one (public-good only: GitHub's trusted root is not
 * shipped). Metadata that arrives but does not verify is refused, never replaced by a fallback.
 */
async function trustFromTuf(instance, cacheDir, log) {
    const dir = (0,external_node_path_.join)(cacheDir, instance.name);
    const copy = (0,external_node_path_.join)(dir, 'trusted_root.json');
    await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'tuf'), { recursive: true });
    const requireTlog = instance.name === 'public-good';
    try {
        const root = await (0,tuf_dist.getTrustedRoot)({
            mirrorURL: instance.tufMirrorURL,
            rootPath: await firstTufRoot(instance, dir),
            cachePath: (0,external_node_path_.join)(dir, 'tuf'),
            retry: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
            timeout: 10_000,
        });
        const json = dist.TrustedRoot.toJSON(root);
        await (0,promises_.writeFile)(copy, JSON.stringify(json));
        log.info(`sigstore trust (${instance.name}): trusted_root.json from ${instance.tufMirrorURL}`);
        return { trust: { name: instance.name, trustedRoot: json, requireTlog }, source: 'tuf' };
    }
    catch (e) {
        if (!unreachable(e)) {
            throw new errors/* ReleaseError */.K2('VERIFY_FAILED', `the ${instance.name} TUF repository ${instance.tufMirrorURL} served metadata that does not verify: ${causes(e)}`, {
                hint: 'the TUF metadata was altered or rolled back on its way here; nothing from it was trusted',
                cause: e,
            });
        }
        const why = `cannot reach ${instance.tufMirrorURL} (${causes(e)})`;
        const cached = await (0,promises_.readFile)(copy, 'utf8').then((text) => JSON.parse(text), () => undefined);
        if (cached !== undefined) {
            log.warning(`sigstore trust (${instance.name}): ${why}; using the cached trusted root`);
            return { trust: { name: instance.name, trustedRoot: cached, requireTlog }, source: 'cache' };
        }
        const embedded = embeddedTrustedRoot(instance);
        if (embedded !== undefined) {
            log.warning(`sigstore trust (${instance.name}): ${why}; using the embedded trusted root`);
            return {
                trust: { name: instance.name, trustedRoot: embedded, requireTlog },
                source: 'embedded',
            };
        }
        log.warning(`sigstore trust (${instance.name}): ${why}, and no trusted root of it is cached: its signatures cannot be verified`);
        return {};
    }
}
/**
 * The first TUF root to trust: the test stand-in's, GitHub's (embedded from the GitHub CLI) or
 * public-good's (shipped in @sigstore/tuf). Written as a file because the client copies a file.
 */
async function firstTufRoot(instance, dir) {
    if (instance.tufRootPath)
        return instance.tufRootPath;
    const path = (0,external_node_path_.join)(dir, 'embedded-root.json');
    await (0,promises_.writeFile)(path, instance.name === 'github'
        ? JSON.stringify(tuf_repo_github_com_root_namespaceObject)
        : Buffer.from(seeds["https://tuf-repo-cdn.sigstore.dev"]["root.json"], 'base64'));
    return path;
}
/** Public-good's trusted_root.json as @sigstore/tuf ships it; GitHub's is not shipped anywhere. */
function embeddedTrustedRoot(instance) {
    if (instance.name !== 'public-good' || instance.tufRootPath)
        return undefined;
    const target = seeds["https://tuf-repo-cdn.sigstore.dev"].targets["trusted_root.json"];
    return JSON.parse(Buffer.from(target, 'base64').toString('utf8'));
}
const NETWORK_CODES = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_SOCKET',
]);
/**
 * A failure to get metadata (no route, refused, timed out, an HTTP error), as opposed to
 * metadata that arrived and failed verification. tuf-js does not export its error classes.
 */
function unreachable(e) {
    for (let cur = e, depth = 0; cur instanceof Error && depth < 8; depth++) {
        const name = cur.constructor.name;
        const code = cur.code;
        if (name === 'DownloadHTTPError' || name === 'TimeoutError' || name === 'AbortError')
            return true;
        if (typeof code === 'string' && NETWORK_CODES.has(code))
            return true;
        if (cur instanceof TypeError && cur.message === 'fetch failed')
            return true;
        cur = cur.cause;
    }
    return false;
}
function causes(e) {
    const parts = [];
    for (let cur = e, depth = 0; cur instanceof Error && depth < 8; depth++) {
        if (cur.message && !parts.includes(cur.message))
            parts.push(cur.message);
        cur = cur.cause;
    }
    return parts.join(': ') || String(e);
}

// EXTERNAL MODULE: ./src/sign/keys.ts
var keys = __webpack_require__(82821);
// EXTERNAL MODULE: ./src/sign/provenance.ts
var sign_provenance = __webpack_require__(40890);
// EXTERNAL MODULE: ./src/sign/referrer.ts
var referrer = __webpack_require__(61354);
// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(83758);
// EXTERNAL MODULE: ./src/commands/target.ts
var target = __webpack_require__(16465);
;// CONCATENATED MODULE: ./src/commands/verify.ts















const PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
async function trustFrom(config, ctx) {
    if (config.verifyKey)
        return { kind: 'key', key: await (0,keys/* loadPublicKey */.fg)(config.verifyKey, 'verify-key', ctx.cwd) };
    const policy = keylessPolicy(config, ctx);
    if (!policy)
        return undefined;
    return { kind: 'keyless', policy, roots: await keylessRoots(config, ctx) };
}
/**
 * The identity a keyless signature must carry: the inputs, else (in Actions, when a signature is
 * required) any workflow of this repository with GitHub's OIDC issuer, which is what a release
 * by this repository's own workflows carries.
 */
function keylessPolicy(config, ctx) {
    const inActions = ctx.env.GITHUB_ACTIONS === 'true';
    const issuer = config.certificateOidcIssuer ?? (inActions ? keyless.GITHUB_OIDC_ISSUER : undefined);
    if (config.certificateIdentity || config.certificateIdentityRegexp) {
        return {
            certificateIdentity: config.certificateIdentity,
            certificateIdentityRegexp: config.certificateIdentityRegexp,
            certificateOidcIssuer: issuer,
        };
    }
    const repository = ctx.env.GITHUB_REPOSITORY;
    const needed = config.command === 'verify' || config.requireSignature;
    if (!inActions || !repository || !needed)
        return undefined;
    const server = (ctx.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const regexp = `^${escapeRegExp(`${server}/${repository}/.github/workflows/`)}`;
    ctx.logger.info(`keyless policy from the GitHub context: identity /${regexp}/, issuer ${keyless.GITHUB_OIDC_ISSUER}`);
    return { certificateIdentityRegexp: regexp, certificateOidcIssuer: keyless.GITHUB_OIDC_ISSUER };
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/**
 * `trusted-root` alone when given; else public-good's and GitHub's trusted roots from their TUF
 * repositories (cached, or embedded when offline), so a bundle of either instance verifies.
 */
async function keylessRoots(config, ctx) {
    if (config.trustedRoot) {
        ctx.logger.info(`sigstore trust: ${config.trustedRoot.path} (${config.trustedRoot.input})`);
        return [
            await trustFromFile((0,external_node_path_.resolve)(ctx.cwd, config.trustedRoot.path), config.trustedRoot.input),
        ];
    }
    const cacheDir = trustCacheDir(ctx.env);
    const loaded = await Promise.all(['public-good', 'github'].map((name) => trustFromTuf((0,sigstore_instance/* instanceEndpoints */.UP)(name, ctx.env, (m) => ctx.logger.warning(m)), cacheDir, ctx.logger)));
    const roots = loaded.flatMap((l) => (l.trust ? [l.trust] : []));
    if (!roots.length) {
        throw new errors/* ReleaseError */.K2('VERIFY_FAILED', 'no Sigstore trusted root could be loaded', {
            hint: 'give trusted-root (a trusted_root.json) for an air-gapped run',
        });
    }
    return roots;
}
/** verify needs a trust; promotion gates may do without when `require-signature` is false. */
function requireTrust(trust, command) {
    if (trust)
        return trust;
    throw new errors/* UserError */.yo('INPUT_MISSING', `${command} needs to know what a valid signature is`, {
        input: 'verify-key',
        valid: 'verify-key (a public key PEM or file), or certificate-identity / certificate-identity-regexp with certificate-oidc-issuer',
    });
}
/** The digest to verify: the `digest` input, else the reference's digest or its tag resolved. */
async function resolveSubject(config, store, ctx) {
    const found = config.digest
        ? await store.headManifest(config.digest)
        : await (0,target/* resolveImage */.AT)(config, store, ctx).catch((e) => {
            throw new errors/* ReleaseError */.K2('VERIFY_FAILED', `nothing to verify: ${e.message}`, {
                cause: e,
            });
        });
    if (!found && !config.digest) {
        throw new errors/* UserError */.yo('INPUT_MISSING', 'names no image to verify', {
            input: 'digest',
            valid: 'a digest (sha256:…), or an image reference with a tag or digest',
        });
    }
    if (!found) {
        throw new errors/* ReleaseError */.K2('VERIFY_FAILED', `${(0,target/* describeTarget */.ff)(config)}: ${config.digest} does not exist`, {
            hint: 'check the image and digest; nothing to verify',
        });
    }
    return found;
}
async function verifyBundle(bundle, trust, digest, predicateType) {
    return trust.kind === 'key'
        ? (0,sign_bundle/* verifyKeyBundle */.ZX)(bundle, trust.key, digest, predicateType)
        : (await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 52891))).verifyKeylessBundle(bundle, trust.policy, trust.roots, {
            subjectDigest: digest,
            predicateType,
        });
}
/**
 * The release record that counts: one naming this digest and, with a trust, signed by it. A
 * re-run without a key may have added an unsigned record beside the signed one (and anyone who
 * can push can add more): those are skipped, never chosen because they came last.
 */
async function selectRecord(store, repository, digest, records, trust) {
    const all = await records;
    if (!all.length)
        fail('record', `no release record refers to ${digest}`);
    const problems = [];
    for (const candidate of all) {
        const wrong = (0,record/* checkRecord */.EQ)(candidate.blob, { digest });
        if (wrong.length) {
            problems.push(`${candidate.descriptor.digest}: ${wrong.join('; ')}`);
            continue;
        }
        const dirty = JSON.parse(candidate.blob.toString('utf8'))
            .source?.dirty;
        const named = {
            name: 'record',
            detail: `${candidate.descriptor.digest} names this digest` +
                (dirty === true ? ' (a dirty build: uncommitted changes, allow-dirty)' : ''),
        };
        if (!trust)
            return { record: candidate, checks: [named] };
        try {
            const material = await signatureMaterial(store, repository, candidate.descriptor.digest, trust, (0,referrer/* readAllReferrers */.IB)(store, candidate.descriptor.digest, [bundle_signer/* BUNDLE_MEDIA_TYPE */.N]));
            const signed = await verifySignatures(material, candidate.descriptor.digest, trust, 'record');
            return { record: candidate, checks: [named, ...signed] };
        }
        catch (e) {
            if (!(e instanceof errors/* ReleaseError */.K2 && e.code === 'VERIFY_FAILED'))
                throw e;
            problems.push(`${candidate.descriptor.digest}: ${e.message}`);
        }
    }
    const what = trust ? 'names this digest and is signed as required' : 'names this digest';
    fail('record', `none of ${all.length} records ${what}: ${problems.join('; ')}`);
}
function signatureMaterial(store, repository, digest, trust, referrers) {
    // The legacy lookup starts now, alongside the referrers; its failure is reported in order below.
    const legacy = trust.kind === 'key' ? (0,cosign/* verifyLegacyIfPresent */.Ft)(store, repository, digest, trust.key) : undefined;
    legacy?.catch(() => undefined);
    return referrers.then((all) => ({
        bundles: all.filter((r) => r.manifest.artifactType === bundle_signer/* BUNDLE_MEDIA_TYPE */.N &&
            r.manifest.annotations?.[PREDICATE_ANNOTATION] === sign_bundle/* COSIGN_SIGN_PREDICATE_TYPE */.Z4),
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
                await verifyBundle(JSON.parse(b.blob.toString('utf8')), trust, digest, sign_bundle/* COSIGN_SIGN_PREDICATE_TYPE */.Z4);
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
        fail(`${what}: signature`, `no signature of ${digest} found (neither a bundle referrer nor ${(0,cosign/* signatureTag */.bG)(digest)})`);
    return checks;
}
function fail(check, detail) {
    throw new errors/* ReleaseError */.K2('VERIFY_FAILED', `verify failed at '${check}': ${detail}`, {
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
    // Reads start at once and run side by side; a failed check waits for those still under way,
    // so that no request outlives the command (a re-run right after would race them).
    const started = [];
    const begin = (read) => {
        read.catch(() => undefined);
        started.push(read);
        return read;
    };
    try {
        return await checkImage(store, repository, subject, trust, begin);
    }
    catch (e) {
        await Promise.allSettled(started);
        throw e;
    }
}
async function checkImage(store, repository, subject, trust, begin) {
    const checks = [{ name: 'image', detail: `${repository}@${subject.digest} exists` }];
    // Everything that refers to the image, read once: bundles, provenance and the record.
    const referrers = begin((0,referrer/* readAllReferrers */.IB)(store, subject.digest, [bundle_signer/* BUNDLE_MEDIA_TYPE */.N, record/* RECORD_ARTIFACT_TYPE */.yq]));
    const material = trust && begin(signatureMaterial(store, repository, subject.digest, trust, referrers));
    // Every record naming this digest; which one counts is decided below (selectRecord).
    const records = referrers.then((all) => all.filter((r) => r.manifest.artifactType === record/* RECORD_ARTIFACT_TYPE */.yq));
    const chosen = begin(selectRecord(store, repository, subject.digest, records, trust));
    if (trust) {
        checks.push(...(await verifySignatures((await material), subject.digest, trust, 'image')));
        if ((0,media_types/* isIndexType */.$U)(subject.mediaType)) {
            const index = JSON.parse((await store.getManifest(subject.digest)).bytes.toString('utf8'));
            const children = index.manifests.map((child) => begin(signatureMaterial(store, repository, child.digest, trust, begin((0,referrer/* readAllReferrers */.IB)(store, child.digest, [bundle_signer/* BUNDLE_MEDIA_TYPE */.N])))));
            for (const [i, child] of index.manifests.entries()) {
                const name = [child.platform?.os, child.platform?.architecture, child.platform?.variant]
                    .filter(Boolean)
                    .join('/');
                checks.push(...(await verifySignatures(await children[i], child.digest, trust, `platform ${name || child.digest}`)));
            }
        }
    }
    const { record: found, checks: recordChecks } = await chosen;
    checks.push(...recordChecks);
    if (!trust)
        return { checks, record: found };
    const provenance = (await referrers).filter((r) => r.manifest.artifactType === bundle_signer/* BUNDLE_MEDIA_TYPE */.N &&
        r.manifest.annotations?.[PREDICATE_ANNOTATION] === sign_provenance/* SLSA_PROVENANCE_V1 */.us);
    if (!provenance.length)
        fail('provenance', `no SLSA provenance refers to ${subject.digest}`);
    const errors = [];
    let verified;
    for (const p of provenance) {
        try {
            const statement = await verifyBundle(JSON.parse(p.blob.toString('utf8')), trust, subject.digest, sign_provenance/* SLSA_PROVENANCE_V1 */.us);
            const missing = (0,sign_provenance/* checkProvenance */.ch)(statement, subject.digest);
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
    const store = await (0,target/* openTarget */.Ap)(config, ctx);
    const subject = await resolveSubject(config, store, ctx);
    const repository = (0,target/* describeTarget */.ff)(config);
    const checks = await verifyImage(store, repository, subject, trust);
    for (const c of checks)
        ctx.logger.info(`ok  ${c.name}: ${c.detail}`);
    return {
        outputs: {
            digest: subject.digest,
            image: (0,target/* imageReference */.rA)(config, subject.digest),
            verified: 'true',
        },
        summary: [
            `### Verified \`${(0,markdown/* cell */.Hn)(repository)}@${subject.digest}\``,
            '',
            '| check | result |',
            '|---|---|',
            ...checks.map((c) => `| ${(0,markdown/* cell */.Hn)(c.name)} | ${(0,markdown/* cell */.Hn)(c.detail)} |`),
            '',
        ].join('\n'),
    };
}


/***/ }),

/***/ 80807:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ positiveInteger),
/* harmony export */   I: () => (/* binding */ eventFacts)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

function eventFacts(env) {
    const path = env.GITHUB_EVENT_PATH;
    if (!path)
        return {};
    let payload;
    try {
        payload = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch {
        return {};
    }
    const event = objectOr(payload);
    const pr = objectOr(event.pull_request);
    const repository = objectOr(event.repository);
    const head = objectOr(pr.head).sha;
    const facts = {};
    if (typeof head === 'string' && head)
        facts.pullRequestHead = head;
    const number = positiveInteger(pr.number) ?? positiveInteger(event.number);
    if (number !== undefined)
        facts.number = number;
    if (typeof repository.default_branch === 'string' && repository.default_branch)
        facts.defaultBranch = repository.default_branch;
    if (typeof repository.visibility === 'string')
        facts.visibility = repository.visibility;
    else if (typeof repository.private === 'boolean')
        facts.visibility = repository.private ? 'private' : 'public';
    return facts;
}
function objectOr(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value
        : {};
}
/** A whole number above zero that JSON can hold exactly, else undefined. */
function positiveInteger(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}


/***/ }),

/***/ 83758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hn: () => (/* binding */ cell),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   nf: () => (/* binding */ link)
/* harmony export */ });
/** Markdown for user data in job summaries and pull request comments. */
/** A table cell: user text must not break out of its cell or into HTML. */
function cell(text) {
    return text
        .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
        .replace(/\|/g, '\\|')
        .replace(/\n/g, ' ');
}
/** A code span that holds any text: the fence is longer than any run of backticks inside. */
function code(text) {
    const flat = text.replace(/\r?\n/g, ' ');
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
    // Inside a table a pipe still ends the cell, even in a code span.
    return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}
/** A link whose text is user data and whose target is one of ours (http(s) only). */
function link(text, url) {
    if (!/^https?:\/\//.test(url))
        return cell(text);
    return `[${cell(text).replace(/[[\]]/g, '\\$&')}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
/** Sizes as people read them: 1023 B, 1.50 KiB, 12.3 MiB, 1.02 GiB. */



/***/ }),

/***/ 22810:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tm: () => (/* binding */ runAttempt),
/* harmony export */   Vd: () => (/* binding */ serverUrl),
/* harmony export */   Vp: () => (/* binding */ runUrl),
/* harmony export */   _M: () => (/* binding */ repositoryOf)
/* harmony export */ });
/**
 * The web address of this workflow run's attempt, from the runner's variables alone:
 * `<server>/<owner>/<repo>/actions/runs/<id>/attempts/<n>`. Provenance, the ledger, deployments
 * and summaries all name the same attempt: a re-run of a promote is another event than the first
 * try, and `actions/attest-build-provenance` records the same form. Undefined outside Actions or
 * when the variables are not what GitHub sets (the address is put into links and records).
 */
function runUrl(env) {
    const id = env.GITHUB_RUN_ID;
    const repository = repositoryOf(env);
    if (!id || !/^\d+$/.test(id) || !repository)
        return undefined;
    return `${serverUrl(env)}/${repository}/actions/runs/${id}/attempts/${runAttempt(env)}`;
}
/** GITHUB_RUN_ATTEMPT, 1 when the runner does not set it (older runners) or sets no number. */
function runAttempt(env) {
    const n = env.GITHUB_RUN_ATTEMPT;
    return n && /^\d+$/.test(n) ? Number(n) : 1;
}
/** GITHUB_REPOSITORY when it is `owner/name` as GitHub sets it; it goes into links. */
function repositoryOf(env) {
    const repository = env.GITHUB_REPOSITORY;
    return repository && /^[\w.-]+\/[\w.-]+$/.test(repository) ? repository : undefined;
}
/** GITHUB_SERVER_URL without a trailing slash; github.com outside Actions. */
function serverUrl(env) {
    return (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
}


/***/ })

};
