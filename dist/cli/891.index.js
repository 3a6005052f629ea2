export const id = 891;
export const ids = [891];
export const modules = {

/***/ 2891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_FULCIO_URL: () => (/* binding */ DEFAULT_FULCIO_URL),
/* harmony export */   DEFAULT_REKOR_URL: () => (/* binding */ DEFAULT_REKOR_URL),
/* harmony export */   GITHUB_OIDC_ISSUER: () => (/* binding */ GITHUB_OIDC_ISSUER),
/* harmony export */   assertIdTokenPermission: () => (/* binding */ assertIdTokenPermission),
/* harmony export */   githubIdToken: () => (/* binding */ githubIdToken),
/* harmony export */   keylessBundleSigner: () => (/* binding */ keylessBundleSigner),
/* harmony export */   verifyKeylessBundle: () => (/* binding */ verifyKeylessBundle)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1040);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3917);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_sigstore_core__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5179);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4187);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _dsse_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4218);
/**
 * Keyless signing: an ephemeral key certified by Fulcio for the workflow's OIDC identity, each
 * signature witnessed by Rekor (and optionally an RFC 3161 timestamp authority). The bundle alone
 * proves who signed; there is no key to keep, so keyless signers only produce bundles.
 */







const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';
const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
const ID_TOKEN_HINT = 'add `permissions: id-token: write` to the job (and to the calling workflow for reusable workflows)';
const OUTSIDE_ACTIONS_HINT = 'outside GitHub Actions, set SIGSTORE_ID_TOKEN to an OIDC identity token whose audience is sigstore';
// Fulcio's issuer extensions: v2 holds a DER UTF8String, v1 (legacy) the raw bytes.
const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
/**
 * Fails before any registry write when no OIDC token can be had, so a job without
 * `id-token: write` stops at once instead of after pushing an unsigned image.
 */
function assertIdTokenPermission(env) {
    const missing = missingPermission(env);
    if (missing)
        throw missing;
}
function missingPermission(env) {
    // A token given directly wins everywhere: the user chose it over the runner's.
    if (env.SIGSTORE_ID_TOKEN)
        return undefined;
    if (env.GITHUB_ACTIONS === 'true') {
        if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
            return undefined;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('PERMISSION_MISSING', 'is true, but this job may not request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)', { input: 'keyless', hint: ID_TOKEN_HINT });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('PERMISSION_MISSING', 'is true, but no OIDC token is available', {
        input: 'keyless',
        hint: OUTSIDE_ACTIONS_HINT,
    });
}
/**
 * The OIDC token Fulcio binds the certificate to: SIGSTORE_ID_TOKEN when given, else one minted
 * by the Actions runtime for `audience`. Every credential passes through `onSecret` before it can
 * reach an error message or a log.
 */
async function githubIdToken(env, onSecret, audience = 'sigstore') {
    if (env.SIGSTORE_ID_TOKEN) {
        const token = env.SIGSTORE_ID_TOKEN.trim();
        onSecret(token);
        decodeJwtClaims(token, 'SIGSTORE_ID_TOKEN');
        return token;
    }
    const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!requestUrl || !requestToken) {
        throw missingPermission(env) ?? new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('INTERNAL', 'no OIDC token source');
    }
    onSecret(requestToken);
    let url;
    try {
        url = new URL(requestUrl);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL', {
            cause: e,
        });
    }
    url.searchParams.set('audience', audience);
    let response;
    let lastFailure = '';
    // The token service is occasionally slow to answer right after a job starts; retry briefly.
    for (let attempt = 1; attempt <= 3; attempt++) {
        try {
            response = await fetch(url, {
                headers: { Accept: 'application/json', Authorization: `Bearer ${requestToken}` },
                signal: AbortSignal.timeout(30_000),
            });
            if (response.ok || response.status < 500)
                break;
            lastFailure = `HTTP ${response.status} ${response.statusText}`.trim();
        }
        catch (e) {
            response = undefined;
            lastFailure = e instanceof Error ? e.message : String(e);
        }
        if (attempt < 3)
            await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
    if (response === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', `could not reach the Actions OIDC token endpoint ${url.origin}: ${lastFailure}`);
    }
    if (!response.ok) {
        const permission = response.status === 401 || response.status === 403;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2(permission ? 'PERMISSION_MISSING' : 'SIGNING_FAILED', `the Actions OIDC token endpoint answered HTTP ${response.status} ${response.statusText}`.trim(), { hint: permission ? ID_TOKEN_HINT : 'retry the job; the token service may be degraded' });
    }
    let value;
    try {
        value = (await response.json()).value;
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'the Actions OIDC token endpoint did not answer JSON', {
            cause: e,
        });
    }
    if (typeof value !== 'string' || value === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'the Actions OIDC token endpoint answered without a token');
    }
    onSecret(value);
    decodeJwtClaims(value, 'the Actions OIDC token');
    return value;
}
/** The claims of a JWT, unverified: Fulcio verifies the signature, we only need to read them. */
function decodeJwtClaims(token, source) {
    const parts = token.split('.');
    let claims;
    if (parts.length === 3) {
        try {
            claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        }
        catch {
            claims = undefined;
        }
    }
    // Checked here because @sigstore/sign quotes the whole token in its parse error.
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', `${source} is not a JWT`, {
            hint: 'pass an OIDC identity token (header.payload.signature), not an access token',
        });
    }
    const c = claims;
    if (typeof c.iss !== 'string' || (typeof c.sub !== 'string' && typeof c.email !== 'string')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', `${source} has no 'iss' and 'sub' claims`);
    }
    return c;
}
function keylessBundleSigner(options) {
    const fetchOptions = { timeout: options.timeoutMs ?? 30_000, retry: options.retries ?? 2 };
    let token = '';
    const signer = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .FulcioSigner */ .$o({
        fulcioBaseURL: trimSlash(options.fulcioURL ?? DEFAULT_FULCIO_URL),
        identityProvider: {
            getToken: async () => {
                token = await options.identityToken();
                decodeJwtClaims(token, 'the OIDC token');
                return token;
            },
        },
        ...fetchOptions,
    });
    const witnesses = [
        new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .RekorWitness */ .fU({
            rekorBaseURL: trimSlash(options.rekorURL ?? DEFAULT_REKOR_URL),
            entryType: 'dsse',
            // A retried upload whose first attempt landed answers 409; take the existing entry.
            fetchOnConflict: true,
            ...fetchOptions,
        }),
    ];
    if (options.tsaServerURL) {
        witnesses.push(new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .TSAWitness */ .gs({ tsaBaseURL: trimSlash(options.tsaServerURL), ...fetchOptions }));
    }
    const builder = new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .DSSEBundleBuilder */ .VV({ signer, witnesses });
    let identity;
    let predicted;
    return {
        get identity() {
            const known = identity ?? predicted;
            if (known === undefined) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('INTERNAL', 'the keyless identity is known only after the first signature or resolveIdentity()');
            }
            return known;
        },
        async resolveIdentity() {
            if (identity)
                return identity;
            predicted = identityFromClaims(decodeJwtClaims(await options.identityToken(), 'the OIDC token'));
            return predicted;
        },
        async signDsse(payloadType, payload) {
            let bundle;
            try {
                bundle = await builder.create({ data: payload, type: payloadType });
            }
            catch (e) {
                // Our own errors (a missing permission from identityToken) arrive wrapped by @sigstore/sign.
                const ours = releaseErrorIn(e);
                if (ours)
                    throw ours;
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('SIGNING_FAILED', 'keyless signing failed', {
                    hint: 'check that Fulcio and Rekor are reachable and accept the OIDC token',
                    cause: scrubbed(e, token),
                });
            }
            identity = identityOf(certificateOf(bundle));
            return (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleToJSON)(bundle);
        },
    };
}
/**
 * Verifies a keyless DSSE bundle and returns its in-toto statement. `trustedRoot` is Sigstore's
 * trusted_root.json (in production from the Sigstore TUF repository, e.g. via @sigstore/tuf):
 * the Fulcio CAs, Rekor and CT log keys and TSAs that this function trusts and nothing else.
 */
async function verifyKeylessBundle(bundle, policy, trustedRoot, expected) {
    // Any GitHub user can get a Fulcio certificate; without an identity and issuer, a signature
    // proves nothing about who made it.
    if (policy.certificateIdentity === undefined && policy.certificateIdentityRegexp === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('INPUT_MISSING', 'is required to verify a keyless signature', {
            input: 'certificate-identity',
            valid: 'certificate-identity or certificate-identity-regexp',
        });
    }
    if (policy.certificateOidcIssuer === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('INPUT_MISSING', 'is required to verify a keyless signature', {
            input: 'certificate-oidc-issuer',
            valid: `the issuer URL, e.g. ${GITHUB_OIDC_ISSUER}`,
        });
    }
    let parsed;
    try {
        parsed = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleFromJSON)(bundle);
    }
    catch (e) {
        throw verifyFailed('bundle', `not a valid Sigstore bundle: ${messageOf(e)}`, e);
    }
    if (parsed.content.$case !== 'dsseEnvelope') {
        throw verifyFailed('bundle', 'holds a message signature, not a DSSE envelope');
    }
    let verifier;
    try {
        verifier = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .Verifier */ .BL((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .toTrustMaterial */ .jO)(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__.TrustedRoot.fromJSON(trustedRoot)));
    }
    catch (e) {
        throw verifyFailed('trusted root', `not a valid Sigstore trusted root: ${messageOf(e)}`, e);
    }
    let signer;
    try {
        signer = verifier.verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .toSignedEntity */ .DC)(parsed));
    }
    catch (e) {
        const code = e.code;
        throw verifyFailed(checkName(typeof code === 'string' ? code : ''), messageOf(e), e);
    }
    const san = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    if (policy.certificateIdentity !== undefined && san !== policy.certificateIdentity) {
        throw verifyFailed('certificate identity', `expected ${policy.certificateIdentity}, the certificate is for ${san ?? 'no identity'}`);
    }
    if (policy.certificateIdentityRegexp !== undefined &&
        (san === undefined || !new RegExp(policy.certificateIdentityRegexp).test(san))) {
        throw verifyFailed('certificate identity', `${san ?? 'no identity'} does not match /${policy.certificateIdentityRegexp}/`);
    }
    if (issuer !== policy.certificateOidcIssuer) {
        throw verifyFailed('certificate OIDC issuer', `expected ${policy.certificateOidcIssuer}, the certificate names ${issuer ?? 'no issuer'}`);
    }
    const envelope = parsed.content.dsseEnvelope;
    if (envelope.payloadType !== _dsse_js__WEBPACK_IMPORTED_MODULE_6__/* .IN_TOTO_PAYLOAD_TYPE */ .T) {
        throw verifyFailed('payload type', `${envelope.payloadType}, expected ${_dsse_js__WEBPACK_IMPORTED_MODULE_6__/* .IN_TOTO_PAYLOAD_TYPE */ .T}`);
    }
    checkStatement(envelope.payload, expected);
    return envelope.payload;
}
function checkStatement(payload, expected) {
    let statement;
    try {
        statement = JSON.parse(payload.toString('utf8'));
    }
    catch (e) {
        throw verifyFailed('statement', 'the payload is not JSON', e);
    }
    if (statement.predicateType !== expected.predicateType) {
        throw verifyFailed('predicate type', `${String(statement.predicateType)}, expected ${expected.predicateType}`);
    }
    const colon = expected.subjectDigest.indexOf(':');
    const algorithm = expected.subjectDigest.slice(0, colon);
    const hex = expected.subjectDigest.slice(colon + 1);
    const subjects = Array.isArray(statement.subject) ? statement.subject : [];
    const found = subjects.some((s) => {
        const digest = s?.digest;
        return typeof digest?.[algorithm] === 'string' && digest[algorithm] === hex;
    });
    if (colon <= 0 || !found) {
        throw verifyFailed('subject digest', `no subject of the statement has ${expected.subjectDigest}`);
    }
}
/** What each @sigstore/verify error code was checking, in the words a user would look for. */
function checkName(code) {
    if (code.startsWith('TLOG'))
        return 'transparency log';
    if (code === 'CERTIFICATE_ERROR')
        return 'certificate chain';
    if (code === 'PUBLIC_KEY_ERROR')
        return 'public key';
    if (code === 'SIGNATURE_ERROR')
        return 'signature';
    if (code === 'TIMESTAMP_ERROR')
        return 'timestamp';
    return 'bundle';
}
function verifyFailed(check, detail, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('VERIFY_FAILED', `keyless bundle: ${check} check failed: ${detail}`, {
        cause,
        hint: check.startsWith('certificate') && check !== 'certificate chain'
            ? 'the bundle was signed by another workflow or issuer; check certificate-identity and certificate-oidc-issuer'
            : 'the bundle or the signed statement was altered, or was not made for this artifact',
    });
}
function certificateOf(bundle) {
    const content = bundle.verificationMaterial.content;
    const raw = content.$case === 'certificate'
        ? content.certificate.rawBytes
        : content.$case === 'x509CertificateChain'
            ? content.x509CertificateChain.certificates[0]?.rawBytes
            : undefined;
    if (raw === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('INTERNAL', 'the keyless bundle carries no signing certificate');
    }
    return _sigstore_core__WEBPACK_IMPORTED_MODULE_1__.X509Certificate.parse(Buffer.from(raw));
}
function identityOf(cert) {
    const v2 = cert.extension(OID_FULCIO_ISSUER_V2);
    const issuer = v2
        ? v2.valueObj.subs?.[0]?.value.toString('utf8')
        : cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString('utf8');
    return { kind: 'keyless', subject: cert.subjectAltName ?? '', issuer: issuer ?? '' };
}
/**
 * The SAN Fulcio would certify: for GitHub Actions the job's workflow ref as a URL (the reusable
 * workflow's, not the caller's), for email-based issuers the verified email, else the subject.
 * Issuers with other rules (GitLab, Buildkite, ...) are only known from the certificate.
 */
function identityFromClaims(claims) {
    const issuer = String(claims.iss);
    const subject = issuer === GITHUB_OIDC_ISSUER && typeof claims.job_workflow_ref === 'string'
        ? `https://github.com/${claims.job_workflow_ref}`
        : typeof claims.email === 'string'
            ? claims.email
            : String(claims.sub);
    return { kind: 'keyless', subject, issuer };
}
/** The cause chain as one error with the token cut out: messages reach logs via describeError. */
function scrubbed(e, secret) {
    const parts = [];
    let cur = e;
    for (let depth = 0; cur !== undefined && cur !== null && depth < 6; depth++) {
        parts.push(messageOf(cur));
        cur = cur instanceof Error ? cur.cause : undefined;
    }
    const text = parts.join(': ');
    return new Error(secret ? text.split(secret).join('***') : text);
}
function releaseErrorIn(e) {
    let cur = e;
    for (let depth = 0; cur instanceof Error && depth < 6; depth++) {
        if (cur instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2)
            return cur;
        cur = cur.cause;
    }
    return undefined;
}
function messageOf(e) {
    return e instanceof Error ? e.message : String(e);
}
function trimSlash(url) {
    return url.replace(/\/+$/, '');
}


/***/ })

};
