export const id = 419;
export const ids = [419];
export const modules = {

/***/ 66776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EQ: () => (/* binding */ checkRecord),
/* harmony export */   OW: () => (/* binding */ sameRelease),
/* harmony export */   Om: () => (/* binding */ serializeRecord),
/* harmony export */   kA: () => (/* binding */ buildRecord),
/* harmony export */   yq: () => (/* binding */ RECORD_ARTIFACT_TYPE)
/* harmony export */ });
/* unused harmony export RECORD_SCHEMA_VERSION */
/* harmony import */ var _run_url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22810);
/* harmony import */ var _sign_provenance_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40890);


const RECORD_ARTIFACT_TYPE = 'application/vnd.immutable-release.record.v1+json';
const RECORD_SCHEMA_VERSION = 1;
/**
 * Whole seconds, UTC: the form of the image's `org.opencontainers.image.created`, so the two
 * agree. Not imported from builders/native, which would drag the registry client in.
 */
function isoSeconds(epoch) {
    return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function platformName(p) {
    return typeof p === 'string' ? p : [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
function ciFacts(env) {
    const runUrl = (0,_run_url_js__WEBPACK_IMPORTED_MODULE_1__/* .runUrl */ .Vp)(env);
    if (!runUrl || !env.GITHUB_RUN_ID)
        return null;
    return {
        workflow: env.GITHUB_WORKFLOW_REF || env.GITHUB_WORKFLOW || '',
        runId: env.GITHUB_RUN_ID,
        runAttempt: (0,_run_url_js__WEBPACK_IMPORTED_MODULE_1__/* .runAttempt */ .Tm)(env),
        runUrl,
        actor: env.GITHUB_ACTOR || null,
        event: env.GITHUB_EVENT_NAME || null,
    };
}
function buildRecord(input) {
    return {
        schemaVersion: RECORD_SCHEMA_VERSION,
        image: {
            repository: input.repository,
            digest: input.digest,
            mediaType: input.mediaType,
            platforms: input.platforms.map((p) => ({
                platform: platformName(p.platform),
                digest: p.digest,
            })),
            size: input.size,
        },
        tags: [...input.tags],
        version: input.version ?? null,
        source: {
            repository: input.source.sourceUrl ?? null,
            commit: input.source.commit,
            ref: input.source.ref ?? null,
            tree: input.source.tree,
            ...(input.source.dirty ? { dirty: true } : {}),
            commitTime: isoSeconds(input.source.commitTime),
        },
        build: {
            builder: input.builder,
            base: input.base ? { name: input.base.name, digest: input.base.digest } : null,
            sourceDateEpoch: input.sourceDateEpoch,
            reproducible: input.reproducible ?? null,
            ...(input.caveat ? { caveat: input.caveat } : {}),
        },
        ci: ciFacts(input.env),
        signature: {
            formats: [...input.signature.formats],
            identity: input.signature.identity,
            references: [...input.signature.references],
        },
        provenance: input.provenance
            ? {
                predicateType: input.provenance.predicateType ?? _sign_provenance_js__WEBPACK_IMPORTED_MODULE_0__/* .SLSA_PROVENANCE_V1 */ .us,
                digest: input.provenance.digest,
            }
            : null,
        ...(input.sbom
            ? { sbom: { mediaType: input.sbom.mediaType, digests: [...input.sbom.digests] } }
            : {}),
        ...(input.changes ? { changes: changesJson(input.changes) } : {}),
        // The commit time, never the wall clock: the record is derived from the release's facts
        // alone, so writing it again (a repair, a re-run of the same attempt, the CLI) gives the
        // same bytes and the same referrer digest instead of a second, conflicting record.
        created: isoSeconds(input.source.commitTime),
    };
}
/** In the schema's key order, with only its fields. */
function changesJson(c) {
    return {
        since: c.since,
        commits: c.commits.map((e) => ({
            commit: e.commit,
            subject: e.subject,
            author: e.author,
            ...(e.pullRequest ? { pullRequest: e.pullRequest } : {}),
        })),
        more: c.more,
        ...(c.note ? { note: c.note } : {}),
    };
}
function identityJson(id) {
    if (!id)
        return null;
    return id.kind === 'key'
        ? { kind: 'key', keyId: id.keyId }
        : { kind: 'keyless', subject: id.subject, issuer: id.issuer };
}
/**
 * Compact JSON in the schema's key order whatever order the object was built or parsed in, with
 * only the schema's fields: the same record is always the same bytes, hence the same digest.
 */
function serializeRecord(r) {
    const ordered = {
        schemaVersion: r.schemaVersion,
        image: {
            repository: r.image.repository,
            digest: r.image.digest,
            mediaType: r.image.mediaType,
            platforms: r.image.platforms.map((p) => ({ platform: p.platform, digest: p.digest })),
            size: r.image.size,
        },
        tags: r.tags,
        version: r.version ?? null,
        source: {
            repository: r.source.repository,
            commit: r.source.commit,
            ref: r.source.ref,
            tree: r.source.tree,
            // Absent rather than false, so clean records keep the bytes (and digests) they always had.
            ...(r.source.dirty ? { dirty: true } : {}),
            commitTime: r.source.commitTime,
        },
        build: {
            builder: r.build.builder,
            base: r.build.base ? { name: r.build.base.name, digest: r.build.base.digest } : null,
            sourceDateEpoch: r.build.sourceDateEpoch,
            reproducible: r.build.reproducible,
            ...(r.build.caveat ? { caveat: r.build.caveat } : {}),
        },
        ci: r.ci
            ? {
                workflow: r.ci.workflow,
                runId: r.ci.runId,
                runAttempt: r.ci.runAttempt,
                runUrl: r.ci.runUrl,
                actor: r.ci.actor,
                event: r.ci.event,
            }
            : null,
        signature: {
            formats: r.signature.formats,
            identity: identityJson(r.signature.identity),
            references: r.signature.references,
        },
        provenance: r.provenance
            ? { predicateType: r.provenance.predicateType, digest: r.provenance.digest }
            : null,
        // Absent rather than null, so records written without one keep their bytes.
        ...(r.sbom ? { sbom: { mediaType: r.sbom.mediaType, digests: r.sbom.digests } } : {}),
        ...(r.changes ? { changes: changesJson(r.changes) } : {}),
        created: r.created,
    };
    return Buffer.from(JSON.stringify(ordered), 'utf8');
}
/**
 * Whether `found` (a record's bytes) describes the same release as `wanted`: image, commit,
 * tree, dirtiness and version; with `sameSigner`, also the signer's identity. Run facts (`ci`),
 * tags and signature references may differ between runs of one release.
 */
function sameRelease(wanted, found, sameSigner) {
    let r;
    try {
        r = JSON.parse(found.toString('utf8'));
    }
    catch {
        return false;
    }
    if (!isObject(r) ||
        checkRecord(r, { digest: wanted.image.digest, commit: wanted.source.commit }).length)
        return false;
    const same = r.source?.tree === wanted.source.tree &&
        (r.source?.dirty === true) === (wanted.source.dirty === true) &&
        (r.version ?? null) === wanted.version;
    if (!same || !sameSigner)
        return same;
    const a = identityJson(r.signature?.identity ?? null);
    const b = identityJson(wanted.signature.identity);
    return a !== null && JSON.stringify(a) === JSON.stringify(b);
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * What is wrong with a record read back from a registry or the ledger, [] when nothing: the v1
 * shape, and that it describes the expected digest (and commit, when given). Takes the parsed
 * JSON or its bytes.
 */
function checkRecord(record, expected) {
    let r = record;
    if (typeof r === 'string' || r instanceof Uint8Array) {
        try {
            r = JSON.parse(Buffer.from(r).toString('utf8'));
        }
        catch {
            return ['record is not JSON'];
        }
    }
    if (!isObject(r))
        return ['record is not a JSON object'];
    const problems = [];
    if (r.schemaVersion !== RECORD_SCHEMA_VERSION) {
        problems.push(`schemaVersion is ${JSON.stringify(r.schemaVersion)}, expected ${RECORD_SCHEMA_VERSION}`);
    }
    for (const key of ['image', 'source', 'build', 'signature']) {
        if (!isObject(r[key]))
            problems.push(`${key} is missing`);
    }
    if (!Array.isArray(r.tags))
        problems.push('tags is missing');
    if (typeof r.created !== 'string')
        problems.push('created is missing');
    for (const key of ['ci', 'provenance']) {
        if (r[key] !== null && !isObject(r[key]))
            problems.push(`${key} is neither an object nor null`);
    }
    const digest = isObject(r.image) ? r.image.digest : undefined;
    if (typeof digest !== 'string') {
        problems.push('image.digest is missing');
    }
    else if (digest !== expected.digest) {
        problems.push(`image.digest is ${digest}, expected ${expected.digest}`);
    }
    if (expected.commit !== undefined) {
        const commit = isObject(r.source) ? r.source.commit : undefined;
        if (commit !== expected.commit) {
            problems.push(`source.commit is ${JSON.stringify(commit)}, expected ${expected.commit}`);
        }
    }
    return problems;
}


/***/ }),

/***/ 85604:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ BUNDLE_MEDIA_TYPE)
/* harmony export */ });
const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';


/***/ }),

/***/ 5385:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z4: () => (/* binding */ COSIGN_SIGN_PREDICATE_TYPE),
/* harmony export */   ZX: () => (/* binding */ verifyKeyBundle),
/* harmony export */   ax: () => (/* binding */ keyBundleSigner),
/* harmony export */   cK: () => (/* binding */ putBundle),
/* harmony export */   l6: () => (/* binding */ imageSignatureStatement)
/* harmony export */ });
/* unused harmony export STATEMENT_TYPE */
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(54187);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _bundle_signer_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(85604);
/* harmony import */ var _dsse_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(68980);
/* harmony import */ var _referrer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61354);






const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** What cosign v3 puts in the statement it signs for `cosign sign` (reference §4.5). */
const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';
/**
 * Signs DSSE envelopes with a key into Sigstore bundles v0.3, as `cosign sign --key` v3 does:
 * no transparency log entry and no timestamp, so the key alone vouches for the signature.
 */
function keyBundleSigner(signer) {
    return {
        identity: { kind: 'key', keyId: signer.keyId },
        keySigner: signer,
        async signDsse(payloadType, payload) {
            const sig = await signer.sign((0,_dsse_js__WEBPACK_IMPORTED_MODULE_4__/* .pae */ .Z)(payloadType, payload));
            // Proto-JSON field names and order, as @sigstore/bundle's bundleToJSON writes them.
            return {
                mediaType: _bundle_signer_js__WEBPACK_IMPORTED_MODULE_5__/* .BUNDLE_MEDIA_TYPE */ .N,
                verificationMaterial: {
                    // The hint is unsigned: verifiers use the key they were given, never one the hint picks.
                    publicKey: { hint: signer.keyId },
                    tlogEntries: [],
                    timestampVerificationData: { rfc3161Timestamps: [] },
                },
                dsseEnvelope: {
                    payload: payload.toString('base64'),
                    payloadType,
                    // keyid stays empty, as cosign writes it (reference §6.3).
                    signatures: [{ sig: sig.toString('base64'), keyid: '' }],
                },
            };
        },
    };
}
function sha256Hex(digest) {
    const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
    if (!m?.[1])
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ReleaseError */ .K2('DIGEST_INVALID', `'${digest}' is not a sha256 digest`);
    return m[1];
}
/** The in-toto statement cosign v3 signs for an image: the subject has a digest and no name. */
function imageSignatureStatement(digest) {
    return Buffer.from(JSON.stringify({
        _type: STATEMENT_TYPE,
        subject: [{ digest: { sha256: sha256Hex(digest) } }],
        predicateType: COSIGN_SIGN_PREDICATE_TYPE,
        predicate: {},
    }));
}
/**
 * Stores a bundle as an OCI 1.1 referrer of `subject`, laid out as cosign v3 stores it.
 * `created` comes from the caller (the commit time) so a re-run writes the same manifest bytes.
 */
async function putBundle(store, subject, bundle, predicateType, created) {
    return (0,_referrer_js__WEBPACK_IMPORTED_MODULE_3__/* .putReferrer */ .j5)(store, subject, {
        artifactType: _bundle_signer_js__WEBPACK_IMPORTED_MODULE_5__/* .BUNDLE_MEDIA_TYPE */ .N,
        blob: Buffer.from(JSON.stringify(bundle)),
        blobMediaType: _bundle_signer_js__WEBPACK_IMPORTED_MODULE_5__/* .BUNDLE_MEDIA_TYPE */ .N,
        // Sorted, as Go's encoding/json writes cosign's annotation map.
        annotations: {
            'dev.sigstore.bundle.content': 'messageSignature' in bundle ? 'message-signature' : 'dsse-envelope',
            'dev.sigstore.bundle.predicateType': predicateType,
            'org.opencontainers.image.created': created,
        },
    });
}
function fail(message, cause) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ReleaseError */ .K2('VERIFY_FAILED', message, cause === undefined ? {} : { cause });
}
/** Trust in exactly one key: whatever the bundle's hint says, this key is the one checked. */
function keyTrust(publicKey) {
    return {
        certificateAuthorities: [],
        timestampAuthorities: [],
        tlogs: [],
        ctlogs: [],
        publicKey: () => ({ publicKey, validFor: () => true }),
    };
}
/**
 * Verifies a key-signed bundle with @sigstore/verify, then checks the statement it carries names
 * `expectedSubjectDigest` with `expectedPredicateType`. Returns the verified statement bytes.
 */
async function verifyKeyBundle(bundle, publicKey, expectedSubjectDigest, expectedPredicateType) {
    const expectedHex = sha256Hex(expectedSubjectDigest);
    let parsed;
    try {
        parsed = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleFromJSON)(bundle);
    }
    catch (e) {
        fail(`not a valid Sigstore bundle: ${e.message}`, e);
    }
    if (parsed.content.$case !== 'dsseEnvelope') {
        fail('the bundle holds a message signature, not a DSSE envelope');
    }
    if (parsed.verificationMaterial.content.$case !== 'publicKey') {
        fail('the bundle is keyless (it carries a certificate), not signed with a key');
    }
    const envelope = parsed.content.dsseEnvelope;
    if (envelope.payloadType !== _dsse_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_PAYLOAD_TYPE */ .T) {
        fail(`the envelope's payload type is ${envelope.payloadType}, not ${_dsse_js__WEBPACK_IMPORTED_MODULE_4__/* .IN_TOTO_PAYLOAD_TYPE */ .T}`);
    }
    const entity = (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_1__/* .toSignedEntity */ .DC)(parsed);
    try {
        // Key-based verification has no trusted root to check log entries or timestamps against
        // (cosign --key --insecure-ignore-tlog): they are dropped, and thresholds are zero, so the
        // signature over the envelope's PAE is what is checked.
        new _sigstore_verify__WEBPACK_IMPORTED_MODULE_1__/* .Verifier */ .BL(keyTrust(publicKey), {
            tlogThreshold: 0,
            ctlogThreshold: 0,
            timestampThreshold: 0,
        }).verify({ ...entity, tlogEntries: [], timestamps: [] });
    }
    catch (e) {
        fail(`the bundle's signature does not verify with the key: ${e.message}`, e);
    }
    // Parse the very bytes whose signature was checked (DSSE: never re-read the envelope).
    const payload = Buffer.from(envelope.payload);
    let statement;
    try {
        statement = JSON.parse(payload.toString('utf8'));
    }
    catch (e) {
        fail('the signed statement is not JSON', e);
    }
    if (statement._type !== STATEMENT_TYPE) {
        fail(`the signed statement's _type is ${JSON.stringify(statement._type)}, not ${STATEMENT_TYPE}`);
    }
    if (statement.predicateType !== expectedPredicateType) {
        fail(`the signed statement's predicateType is ${JSON.stringify(statement.predicateType)}, not ${expectedPredicateType}`);
    }
    const subjects = Array.isArray(statement.subject) ? statement.subject : [];
    const digests = subjects.map((s) => {
        const d = s?.digest?.sha256;
        return typeof d === 'string' ? d : undefined;
    });
    if (!digests.includes(expectedHex)) {
        const named = digests.filter((d) => d !== undefined).map((d) => `sha256:${d}`);
        fail(`the signed statement names ${named.length ? named.join(', ') : 'no sha256 subject'}, not ${expectedSubjectDigest}`);
    }
    return payload;
}


/***/ }),

/***/ 7126:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ft: () => (/* binding */ verifyLegacyIfPresent),
/* harmony export */   bG: () => (/* binding */ signatureTag),
/* harmony export */   cH: () => (/* binding */ appendLegacySignature)
/* harmony export */ });
/* unused harmony exports SIMPLE_SIGNING_MEDIA_TYPE, SIGNATURE_ANNOTATION, SIMPLE_SIGNING_TYPE, dockerReference, simpleSigningPayload, parseSimpleSigning, verifyLegacy */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _oci_blob_source_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(26430);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(68825);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(29217);
/* harmony import */ var _oci_referrers_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(50961);
/* harmony import */ var _signer_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(92227);







// cosign's legacy ("tag-based") signature format: reference §4.1, §4.2, §4.4.
const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
const SIMPLE_SIGNING_TYPE = 'cosign container image signature';
// ggcr's empty.Image has the zero time; cosign's signature images inherit it, and a fixed value
// keeps the config identical across runs.
const ZERO_TIME = '0001-01-01T00:00:00Z';
/**
 * ggcr's `Repository.Name()`: registry and repository without tag. Docker Hub is written
 * `index.docker.io`, because that is the name cosign puts in payloads and containers/image
 * compares `docker-reference` against.
 */
function dockerReference(repository) {
    const slash = repository.indexOf('/');
    const first = slash < 0 ? '' : repository.slice(0, slash);
    const isHost = slash >= 0 &&
        (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
    if (isHost && !['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(first)) {
        return repository;
    }
    const path = isHost ? repository.slice(slash + 1) : repository;
    return `index.docker.io/${path.includes('/') ? path : `library/${path}`}`;
}
/**
 * The simple-signing payload, byte for byte as cosign writes it: compact, lower-case keys,
 * `optional` present as null (containers/image rejects a payload without it).
 */
function simpleSigningPayload(repository, digest) {
    // Built as a string rather than JSON.stringify of an object so the key order is fixed by
    // this line, not by how the object happened to be assembled.
    return Buffer.from(`{"critical":{"identity":{"docker-reference":${JSON.stringify(dockerReference(repository))}},` +
        `"image":{"docker-manifest-digest":${JSON.stringify(digest)}},` +
        `"type":${JSON.stringify(SIMPLE_SIGNING_TYPE)}},"optional":null}`);
}
function signatureTag(digest) {
    if (!/^[a-z0-9]+:[a-f0-9]+$/.test(digest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('DIGEST_INVALID', `'${digest}' is not a digest to sign`);
    }
    return `${digest.replace(':', '-')}.sig`;
}
/** The config ggcr derives for a signature image: one diff_id and one history entry per layer. */
function signatureConfig(layers) {
    return Buffer.from(JSON.stringify({
        architecture: '',
        created: ZERO_TIME,
        history: layers.map(() => ({ created: ZERO_TIME })),
        os: '',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
        config: {},
    }));
}
function isNotFound(e) {
    return e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2 && e.code === 'NOT_FOUND';
}
async function readSignatureManifest(store, tag) {
    let fetched;
    try {
        fetched = await store.getManifest(tag);
    }
    catch (e) {
        if (isNotFound(e))
            return undefined;
        throw e;
    }
    let manifest;
    try {
        manifest = JSON.parse(fetched.bytes.toString('utf8'));
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('MANIFEST_INVALID', `${tag} in ${store.description} is not JSON`, {
            cause: e,
        });
    }
    if (!manifest || !Array.isArray(manifest.layers)) {
        // Refuse rather than overwrite: whatever is there may hold signatures we must not drop.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('MANIFEST_INVALID', `${tag} in ${store.description} is not an image manifest with layers`, { hint: 'the signature tag holds something else; move it away before signing' });
    }
    return { manifest, digest: fetched.digest };
}
/**
 * Whether a layer holds a signature of `payload` by this key. A layer with the payload's digest
 * holds these very bytes, so nothing is fetched: re-checks in a race stay one manifest read.
 */
function alreadySigned(layers, payload, publicKey) {
    const digest = (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256 */ .sc)(payload);
    for (const layer of layers) {
        if (layer.digest !== digest)
            continue;
        const sig = layer.annotations?.[SIGNATURE_ANNOTATION];
        if (!sig)
            continue;
        // ECDSA signatures are randomised: the same key signing the same payload gives new bytes,
        // so a duplicate is recognised by verifying, not by comparing signatures.
        if ((0,_signer_js__WEBPACK_IMPORTED_MODULE_6__/* .verifySignature */ .Od)(publicKey, payload, Buffer.from(sig, 'base64')))
            return true;
    }
    return false;
}
/**
 * Adds a signature of `subject` to the `.sig` tag, keeping every signature already there (other
 * keys, keyless ones, foreign tools'), also those other processes add meanwhile (see
 * appendConfirmed). Signing twice with the same key is a no-op.
 */
async function appendLegacySignature(store, repository, subject, signer) {
    const tag = signatureTag(subject.digest);
    const payload = simpleSigningPayload(repository, subject.digest);
    const payloadBlob = (0,_oci_blob_source_js__WEBPACK_IMPORTED_MODULE_2__/* .bufferSource */ .k)(payload);
    const publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(signer.publicKeyPem);
    let signature;
    let manifestDigest = '';
    const { wrote } = await (0,_oci_referrers_js__WEBPACK_IMPORTED_MODULE_5__/* .appendConfirmed */ .qr)({
        what: `signature tag ${tag}`,
        read: async () => {
            const existing = await readSignatureManifest(store, tag);
            manifestDigest = existing?.digest ?? '';
            return { digest: existing?.digest ?? null, value: existing };
        },
        has: (existing) => !!existing && alreadySigned(existing.manifest.layers, payload, publicKey),
        write: async (existing, expect) => {
            // One signature, however often it has to be re-applied: the payload does not change.
            signature ??= await signer.sign(payload);
            await store.putBlob(payloadBlob);
            const allLayers = [
                ...(existing?.manifest.layers ?? []),
                {
                    mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
                    digest: payloadBlob.digest,
                    size: payloadBlob.size,
                    annotations: { [SIGNATURE_ANNOTATION]: signature.toString('base64') },
                },
            ];
            const config = (0,_oci_blob_source_js__WEBPACK_IMPORTED_MODULE_2__/* .bufferSource */ .k)(signatureConfig(allLayers));
            await store.putBlob(config);
            const manifest = {
                schemaVersion: 2,
                // containers/image rejects a `.sig` manifest of any other type (reference §4.1).
                mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .MediaType */ .zu.OciManifest,
                config: { mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .MediaType */ .zu.OciConfig, digest: config.digest, size: config.size },
                layers: allLayers,
                ...(existing?.manifest.annotations ? { annotations: existing.manifest.annotations } : {}),
            };
            const bytes = Buffer.from(JSON.stringify(manifest));
            await store.putManifest(bytes, _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .MediaType */ .zu.OciManifest, tag, { expect });
        },
    });
    return { tag, manifestDigest, added: wrote };
}
const hasExactly = (value, keys) => typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === keys.length &&
    keys.every((k) => Object.hasOwn(value, k));
const invalid = (message) => new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('SIGNATURE_INVALID', message);
/**
 * The signed digest of a simple-signing payload, checked as strictly as containers/image does
 * (exact key sets, `optional` present), so that what passes here passes there too.
 */
function parseSimpleSigning(payload) {
    let doc;
    try {
        doc = JSON.parse(payload.toString('utf8'));
    }
    catch {
        throw invalid('signature payload is not JSON');
    }
    if (!hasExactly(doc, ['critical', 'optional'])) {
        throw invalid('signature payload must hold exactly "critical" and "optional"');
    }
    const { critical, optional } = doc;
    if (optional !== null && (typeof optional !== 'object' || Array.isArray(optional))) {
        throw invalid('signature payload "optional" is neither null nor an object');
    }
    if (!hasExactly(critical, ['identity', 'image', 'type'])) {
        throw invalid('signature payload "critical" must hold exactly identity, image and type');
    }
    if (critical.type !== SIMPLE_SIGNING_TYPE) {
        throw invalid(`signature payload type is ${JSON.stringify(critical.type)}`);
    }
    const { image, identity } = critical;
    if (!hasExactly(image, ['docker-manifest-digest']) ||
        typeof image['docker-manifest-digest'] !== 'string') {
        throw invalid('signature payload "critical.image" must hold exactly docker-manifest-digest');
    }
    if (!hasExactly(identity, ['docker-reference']) ||
        typeof identity['docker-reference'] !== 'string') {
        throw invalid('signature payload "critical.identity" must hold exactly docker-reference');
    }
    return { digest: image['docker-manifest-digest'], reference: identity['docker-reference'] };
}
/**
 * What `cosign verify --key --insecure-ignore-tlog` checks of the `.sig` tag (reference §4.4):
 * at least one layer whose signature verifies with the key and whose payload names `digest`.
 */
async function verifyLegacy(store, repository, digest, publicKey) {
    const r = await verifyLegacyIfPresent(store, repository, digest, publicKey);
    if (!r) {
        throw new ReleaseError('VERIFY_FAILED', `legacy signatures of ${repository}@${digest}: no signature tag ${signatureTag(digest)}`, {
            hint: 'the image was not signed in the legacy format, or the tag was deleted',
        });
    }
    return r;
}
/** As verifyLegacy, but undefined when there is no signature tag (one GET instead of listing tags). */
async function verifyLegacyIfPresent(store, repository, digest, publicKey) {
    const tag = signatureTag(digest);
    const what = `legacy signatures of ${repository}@${digest}`;
    const found = await readSignatureManifest(store, tag).catch((e) => {
        // A registry that cannot be reached is the world failing, not a failed verification.
        if (!(e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2 && e.code === 'MANIFEST_INVALID'))
            throw e;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('VERIFY_FAILED', `${what}: ${e.message}`, { cause: e });
    });
    if (!found)
        return undefined;
    if (found.manifest.layers.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('VERIFY_FAILED', `${what}: no signature tag ${tag}`, {
            hint: 'the image was not signed in the legacy format, or the tag was deleted',
        });
    }
    const layers = found.manifest.layers;
    const failures = [];
    let badSignatures = 0;
    let verified = 0;
    const payloads = await Promise.all(layers.map((l) => store.readBlob(l).catch((e) => e)));
    for (const [i, layer] of layers.entries()) {
        const fail = (why) => {
            failures.push(`layer ${i + 1}: ${why}`);
        };
        const sig = layer.annotations?.[SIGNATURE_ANNOTATION];
        if (!sig) {
            fail(`no ${SIGNATURE_ANNOTATION} annotation`);
            continue;
        }
        const payload = payloads[i];
        if (payload instanceof Error) {
            fail(`payload ${layer.digest} unreadable: ${payload.message}`);
            continue;
        }
        // Verify before parsing, so nothing unauthenticated is interpreted.
        if (!(0,_signer_js__WEBPACK_IMPORTED_MODULE_6__/* .verifySignature */ .Od)(publicKey, payload, Buffer.from(sig, 'base64'))) {
            badSignatures++;
            fail('signature does not verify with the key');
            continue;
        }
        let signed;
        try {
            signed = parseSimpleSigning(payload);
        }
        catch (e) {
            fail(e.message);
            continue;
        }
        if (signed.digest !== digest) {
            fail(`signature payload names ${signed.digest} not ${digest}`);
            continue;
        }
        verified++;
    }
    if (verified === 0) {
        const message = badSignatures === layers.length
            ? `no legacy signature verifies with the key (${layers.length} checked)`
            : `no legacy signature verifies: ${failures.join('; ')}`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('VERIFY_FAILED', `${what}: ${message}`, {
            hint: 'sign the image with the matching key, or pass the public key it was signed with',
        });
    }
    return { verified, total: layers.length };
}


/***/ }),

/***/ 68980:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   Z: () => (/* binding */ pae)
/* harmony export */ });
/** DSSE v1 (secure-systems-lab/dsse protocol.md): what Sigstore bundles sign for attestations. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The pre-authentication encoding: what DSSE signs, so the type cannot be swapped under a signature. */
function pae(payloadType, payload) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `),
        type,
        Buffer.from(` ${payload.length} `),
        payload,
    ]);
}


/***/ }),

/***/ 52891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GITHUB_OIDC_ISSUER: () => (/* binding */ GITHUB_OIDC_ISSUER),
/* harmony export */   assertIdTokenPermission: () => (/* binding */ assertIdTokenPermission),
/* harmony export */   githubIdToken: () => (/* binding */ githubIdToken),
/* harmony export */   keylessBundleSigner: () => (/* binding */ keylessBundleSigner),
/* harmony export */   verifyKeylessBundle: () => (/* binding */ verifyKeylessBundle)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83917);
/* harmony import */ var _sigstore_core__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_sigstore_core__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(19654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(15179);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(54187);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _dsse_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(68980);
/**
 * Keyless signing: an ephemeral key certified by Fulcio for the workflow's OIDC identity, each
 * signature witnessed by Rekor (public-good) and/or an RFC 3161 timestamp authority (GitHub's
 * instance has no public log). The bundle alone proves who signed; there is no key to keep, so
 * keyless signers only produce bundles.
 */







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
        fulcioBaseURL: trimSlash(options.fulcioURL),
        identityProvider: {
            getToken: async () => {
                token = await options.identityToken();
                decodeJwtClaims(token, 'the OIDC token');
                return token;
            },
        },
        ...fetchOptions,
    });
    // A certificate lives ten minutes: without a log entry or a timestamp, no one could tell later
    // that the signature was made while it was valid.
    if (!options.rekorURL && !options.tsaServerURL) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ReleaseError */ .K2('INTERNAL', 'keyless signing needs a transparency log or a TSA');
    }
    const witnesses = [];
    if (options.rekorURL) {
        witnesses.push(new _sigstore_sign__WEBPACK_IMPORTED_MODULE_3__/* .RekorWitness */ .fU({
            rekorBaseURL: trimSlash(options.rekorURL),
            entryType: 'dsse',
            // A retried upload whose first attempt landed answers 409; take the existing entry.
            fetchOnConflict: true,
            ...fetchOptions,
        }));
    }
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
                    hint: 'check that Fulcio and Rekor or the TSA are reachable and accept the OIDC token',
                    cause: scrubbed(e, token),
                });
            }
            identity = identityOf(certificateOf(bundle));
            return (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleToJSON)(bundle);
        },
    };
}
/**
 * Verifies a keyless DSSE bundle and returns its in-toto statement. `roots` are Sigstore
 * trusted_root.json sets (from TUF, see trust-root.ts): the Fulcio CAs, log keys and TSAs that
 * this function trusts and nothing else. The bundle is checked against the set whose CA issued
 * its certificate; its timestamp (Rekor's integrated time or RFC 3161) must fall within the
 * certificate's validity.
 */
async function verifyKeylessBundle(bundle, policy, roots, expected) {
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
    const signer = verifyWithRoots(parsed, roots);
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
/** The first set whose CA issued the certificate decides; the others cannot vouch for it. */
function verifyWithRoots(bundle, roots) {
    if (bundle.verificationMaterial.content.$case === 'publicKey') {
        throw verifyFailed('bundle', 'it is signed with a key, not keyless: verify it with verify-key');
    }
    const leaf = certificateOf(bundle);
    const sets = roots.map((r) => {
        try {
            return { set: r, material: (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .toTrustMaterial */ .jO)(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_2__.TrustedRoot.fromJSON(r.trustedRoot)) };
        }
        catch (e) {
            throw verifyFailed('trusted root', `${r.name} is not a valid Sigstore trusted root: ${messageOf(e)}`, e);
        }
    });
    const issuers = sets.filter(({ material }) => material.certificateAuthorities.some((ca) => {
        const issuing = ca.certChain[0];
        try {
            return issuing !== undefined && leaf.verify(issuing);
        }
        catch {
            return false; // a key of another algorithm: not this CA
        }
    }));
    if (!issuers.length) {
        const names = roots.map((r) => r.name).join(', ') || 'none loaded';
        throw verifyFailed('certificate chain', `no CA of the trusted roots (${names}) issued the signing certificate`);
    }
    let first;
    for (const { set, material } of issuers) {
        try {
            return new _sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .Verifier */ .BL(material, {
                tlogThreshold: set.requireTlog ? 1 : 0,
                ctlogThreshold: material.ctlogs.length ? 1 : 0,
                timestampThreshold: 1,
            }).verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_4__/* .toSignedEntity */ .DC)(bundle));
        }
        catch (e) {
            first ??= e;
        }
    }
    const code = first.code;
    const names = issuers.map((c) => c.set.name).join(', ');
    throw verifyFailed(checkName(typeof code === 'string' ? code : ''), `${causeChain(first)} (trusted roots tried: ${names})`, first);
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
/** @sigstore/verify puts the reason (an expired certificate, say) in the cause. */
function causeChain(e) {
    const parts = [];
    for (let cur = e, depth = 0; cur !== undefined && cur !== null && depth < 4; depth++) {
        parts.push(messageOf(cur));
        cur = cur instanceof Error ? cur.cause : undefined;
    }
    return parts.join(': ');
}
function messageOf(e) {
    return e instanceof Error ? e.message : String(e);
}
function trimSlash(url) {
    return url.replace(/\/+$/, '');
}


/***/ }),

/***/ 82821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TZ: () => (/* binding */ generateKeyPair),
/* harmony export */   fg: () => (/* binding */ loadPublicKey),
/* harmony export */   fm: () => (/* binding */ loadSigningKey)
/* harmony export */ });
/* unused harmony exports SIGSTORE_KEY_LABEL, COSIGN_KEY_LABEL, ACCEPTED_SCRYPT_N, GENERATED_SCRYPT */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var tweetnacl__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(80668);
/* harmony import */ var tweetnacl__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(tweetnacl__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/**
 * Reading and writing signing keys in the formats cosign uses: its scrypt + NaCl secretbox
 * encrypted PEM (`cosign.key`), plain and encrypted PKCS#8, SEC1 and PKCS#1 PEM, and SPKI public
 * keys (`cosign.pub`).
 *
 * Nothing here may put key material or a passphrase into an error: messages name the input, the
 * PEM label and, for files, the path. Errors thrown by node:crypto are never kept as causes, since
 * describeError prints the whole chain and OpenSSL messages are not ours to vet.
 */






const SIGSTORE_KEY_LABEL = 'ENCRYPTED SIGSTORE PRIVATE KEY';
const COSIGN_KEY_LABEL = 'ENCRYPTED COSIGN PRIVATE KEY';
const COSIGN_LABELS = new Set([SIGSTORE_KEY_LABEL, COSIGN_KEY_LABEL]);
/** Labels node:crypto parses itself; `ENCRYPTED PRIVATE KEY` takes the passphrase. */
const PLAIN_LABELS = new Set([
    'PRIVATE KEY',
    'EC PRIVATE KEY',
    'RSA PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
]);
const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
/**
 * go-tuf (cosign up to v2.1) accepts only N=32768; go-securesystemslib (cosign v2.2 on) accepts
 * these three. Anything else is refused, as cosign does, because N is a denial-of-service knob.
 */
const ACCEPTED_SCRYPT_N = [32768, 65536, 131072];
/** The one setting every cosign version reads. */
const GENERATED_SCRYPT = { N: 32768, r: 8, p: 1 };
/** 128 * N * r bytes: 128 MiB at N=131072; Node's 32 MiB default refuses even N=32768. */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const SECRETBOX_KEY_BYTES = 32;
const SALT_BYTES = 32;
const VALID_SIGNING_KEY = 'PEM text or the path of a file holding it: cosign.key (ENCRYPTED SIGSTORE PRIVATE KEY or ' +
    'ENCRYPTED COSIGN PRIVATE KEY), or PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, ' +
    'ENCRYPTED PRIVATE KEY';
const VALID_PUBLIC_KEY = 'PEM text or the path of a file holding it: PUBLIC KEY (cosign.pub) or RSA PUBLIC KEY';
const PASSPHRASE_INPUT = 'signing-key-passphrase';
const PASSPHRASE_HINT = 'cosign generate-key-pair took it from COSIGN_PASSWORD or its prompt; pass the same value';
// ---------------------------------------------------------------------------------------------
// Public API
/**
 * The private key in `value` (PEM text, base64 of PEM text, or a file path), decrypted with
 * `passphrase` when it is encrypted. `cwd` anchors a relative path.
 */
async function loadSigningKey(value, passphrase, input = 'signing-key', cwd) {
    const { pem, where } = await readPemSource(value, input, VALID_SIGNING_KEY, cwd);
    const blocks = parsePem(pem);
    const candidates = blocks.filter((b) => COSIGN_LABELS.has(b.label) || PLAIN_LABELS.has(b.label));
    if (candidates.length === 0) {
        const labels = blocks.map((b) => b.label);
        const why = labels.some((l) => PUBLIC_LABELS.has(l) || l === 'CERTIFICATE')
            ? `holds a public key or certificate, not a private key`
            : labels.length > 0
                ? `holds no private key (found ${describeLabels(labels)})`
                : 'holds no PEM block (-----BEGIN ...-----)';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} ${why}`, { input, valid: VALID_SIGNING_KEY });
    }
    if (candidates.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} holds ${candidates.length} private keys (${describeLabels(candidates.map((c) => c.label))}); give exactly one`, { input, valid: VALID_SIGNING_KEY });
    }
    const block = candidates[0];
    const key = COSIGN_LABELS.has(block.label)
        ? await decryptCosignKey(block, passphrase, input, where)
        : parsePlainPrivateKey(block, passphrase, input, where);
    checkSigningKeyType(key, input, where);
    return key;
}
/** The public key in `value` (PEM text, base64 of PEM text, or a file path). */
async function loadPublicKey(value, input = 'verify-key', cwd) {
    const { pem, where } = await readPemSource(value, input, VALID_PUBLIC_KEY, cwd);
    const blocks = parsePem(pem);
    const publics = blocks.filter((b) => PUBLIC_LABELS.has(b.label));
    if (publics.length === 0) {
        const labels = blocks.map((b) => b.label);
        const why = labels.some((l) => COSIGN_LABELS.has(l) || PLAIN_LABELS.has(l))
            ? 'holds a private key; give the public key instead (cosign.pub)'
            : labels.length > 0
                ? `holds no public key (found ${describeLabels(labels)})`
                : 'holds no PEM block (-----BEGIN PUBLIC KEY-----)';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} ${why}`, { input, valid: VALID_PUBLIC_KEY });
    }
    if (publics.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} holds ${publics.length} public keys; give exactly one`, { input, valid: VALID_PUBLIC_KEY });
    }
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: publics[0].text, format: 'pem' });
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${publics[0].label} block is malformed`, {
            input,
            valid: VALID_PUBLIC_KEY,
        });
    }
}
/**
 * A new ECDSA P-256 key pair in cosign's files: the private key as cosign generate-key-pair writes
 * it (ENCRYPTED SIGSTORE PRIVATE KEY, scrypt N=32768 r=8 p=1 so every cosign version reads it),
 * the public key as SPKI PEM.
 */
async function generateKeyPair(passphrase) {
    const { privateKey, publicKey } = await (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_crypto__WEBPACK_IMPORTED_MODULE_0__.generateKeyPair)('ec', {
        namedCurve: 'P-256',
    });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const salt = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(SALT_BYTES);
    const nonce = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)((tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox).nonceLength);
    const boxKey = await deriveKey(passphrase, salt, GENERATED_SCRYPT);
    let sealed;
    try {
        sealed = tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox(pkcs8, nonce, boxKey);
    }
    finally {
        boxKey.fill(0);
        pkcs8.fill(0);
    }
    // Field order as go-securesystemslib's encrypted.Encrypt marshals it.
    const envelope = JSON.stringify({
        kdf: {
            name: 'scrypt',
            params: { N: GENERATED_SCRYPT.N, r: GENERATED_SCRYPT.r, p: GENERATED_SCRYPT.p },
            salt: salt.toString('base64'),
        },
        cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
        ciphertext: Buffer.from(sealed).toString('base64'),
    });
    return {
        privateKeyPem: encodePem(SIGSTORE_KEY_LABEL, Buffer.from(envelope, 'utf8')),
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
}
// ---------------------------------------------------------------------------------------------
// Reading the value
/**
 * PEM text as given, base64-wrapped PEM (a common way to store it as one secret line), or a file.
 * `where` names the source for messages: the input for inline text, the path for a file.
 */
async function readPemSource(value, input, valid, cwd) {
    const trimmed = value.trim();
    if (trimmed === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('INPUT_MISSING', 'is empty', { input, valid });
    }
    if (trimmed.includes('-----BEGIN'))
        return { pem: trimmed, where: 'the PEM text' };
    if (/^LS0tLS1CRUdJTi[A-Za-z0-9+/=\s]*$/.test(trimmed)) {
        return { pem: Buffer.from(trimmed, 'base64').toString('utf8'), where: 'the base64 PEM text' };
    }
    // A value that cannot be a path may be key material pasted without its armour: never echo it.
    if (!looksLikePath(trimmed)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', 'is neither PEM text (no -----BEGIN line) nor a file path (the value is not shown: it may be key material)', { input, valid });
    }
    const path = cwd ? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd, trimmed) : trimmed;
    try {
        return { pem: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8'), where: `file '${trimmed}'` };
    }
    catch (e) {
        const code = e.code;
        const why = code === 'ENOENT'
            ? 'does not exist'
            : code === 'EISDIR'
                ? 'is a directory'
                : code === 'EACCES' || code === 'EPERM'
                    ? 'cannot be read (permission denied)'
                    : `cannot be read (${code ?? 'unknown error'})`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `file '${trimmed}' ${why}`, {
            input,
            valid,
            hint: 'paths are relative to the working directory; give PEM text to pass the key itself',
        });
    }
}
/** One line, not too long, and not a run of base64 that long: a path, not a pasted secret. */
function looksLikePath(value) {
    if (/[\r\n]/.test(value) || value.length > 1024)
        return false;
    return !/^[A-Za-z0-9+/=]{60,}$/.test(value);
}
/**
 * Every armoured block in `text`. Each block is re-wrapped into canonical PEM, so keys pasted with
 * CRLF line ends or flattened onto one line (as some secret stores do) still parse.
 */
function parsePem(text) {
    const blocks = [];
    for (const match of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
        const label = match[1];
        const lines = match[2]
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '');
        // RFC 1421 headers (Proc-Type, DEK-Info of legacy OpenSSL encryption) come before the base64.
        const headers = [];
        while (lines.length > 0 && /^[A-Za-z-]+:/.test(lines[0]))
            headers.push(lines.shift() ?? '');
        const body = lines.join('').replace(/\s+/g, '');
        const text = [
            `-----BEGIN ${label}-----`,
            ...(headers.length > 0 ? [...headers, ''] : []),
            ...(body.match(/.{1,64}/g) ?? []),
            `-----END ${label}-----`,
            '',
        ].join('\n');
        blocks.push({ label, text, body });
    }
    return blocks;
}
function describeLabels(labels) {
    return [...new Set(labels)].join(', ');
}
function encodePem(label, der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
async function decryptCosignKey(block, passphrase, input, where) {
    const envelope = parseEnvelope(block, input, where);
    const { N, r, p } = envelope;
    if (!ACCEPTED_SCRYPT_N.includes(N) || r !== 8 || p !== 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} uses scrypt parameters N=${N}, r=${r}, p=${p}, which cosign refuses`, {
            input,
            valid: `scrypt N of ${ACCEPTED_SCRYPT_N.join(', ')} with r=8 and p=1`,
            hint: 'generate the key again with cosign generate-key-pair or immutable-release generate-key',
        });
    }
    const boxKey = await deriveKey(passphrase ?? '', envelope.salt, { N, r, p });
    let plain;
    try {
        plain = tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox.open(envelope.ciphertext, envelope.nonce, boxKey);
    }
    finally {
        boxKey.fill(0);
    }
    if (plain === null) {
        const message = passphrase
            ? `does not decrypt ${describeWhere(where, input)}: wrong passphrase, or the key is corrupted`
            : `is empty, and ${describeWhere(where, input)} is encrypted with a passphrase`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', message, {
            input: PASSPHRASE_INPUT,
            valid: `the passphrase ${input} was encrypted with`,
            hint: PASSPHRASE_HINT,
        });
    }
    const der = Buffer.from(plain);
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: der, format: 'der', type: 'pkcs8' });
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} decrypts, but not to a PKCS#8 private key (cosign refuses such a key too)`, {
            input,
            valid: VALID_SIGNING_KEY,
            hint: 'import the plain key with cosign import-key-pair, which re-encrypts it as PKCS#8',
        });
    }
    finally {
        der.fill(0);
        plain.fill(0);
    }
}
function parseEnvelope(block, input, where) {
    const malformed = (what) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} block is malformed (${what})`, {
            input,
            valid: VALID_SIGNING_KEY,
        });
    };
    let json;
    try {
        json = JSON.parse(Buffer.from(block.body, 'base64').toString('utf8'));
    }
    catch {
        return malformed('its content is not the JSON cosign writes');
    }
    const record = (value) => value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value
        : {};
    const root = record(json);
    const kdf = record(root.kdf);
    const params = record(kdf.params);
    const cipher = record(root.cipher);
    if (kdf.name !== 'scrypt')
        return malformed(`key derivation is not scrypt`);
    if (cipher.name !== 'nacl/secretbox')
        return malformed('cipher is not nacl/secretbox');
    const int = (name) => {
        const value = params[name];
        return typeof value === 'number' && Number.isSafeInteger(value)
            ? value
            : malformed(`scrypt ${name} is not a number`);
    };
    const bytes = (value, name) => typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value)
        ? Buffer.from(value, 'base64')
        : malformed(`${name} is not base64`);
    const salt = bytes(kdf.salt, 'salt');
    const nonce = bytes(cipher.nonce, 'nonce');
    const ciphertext = bytes(root.ciphertext, 'ciphertext');
    if (salt.length === 0)
        malformed('salt is empty');
    if (nonce.length !== (tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox).nonceLength)
        malformed(`nonce is not 24 bytes`);
    if (ciphertext.length <= (tweetnacl__WEBPACK_IMPORTED_MODULE_4___default().secretbox).overheadLength)
        malformed('ciphertext is too short');
    return { N: int('N'), r: int('r'), p: int('p'), salt, nonce, ciphertext };
}
/** scrypt(passphrase, salt, N, r, p) → the 32-byte secretbox key, off the event loop. */
async function deriveKey(passphrase, salt, params) {
    const derive = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_crypto__WEBPACK_IMPORTED_MODULE_0__.scrypt);
    return derive(Buffer.from(passphrase, 'utf8'), salt, SECRETBOX_KEY_BYTES, {
        N: params.N,
        r: params.r,
        p: params.p,
        maxmem: SCRYPT_MAXMEM,
    });
}
// ---------------------------------------------------------------------------------------------
// Plain PEM private keys
function parsePlainPrivateKey(block, passphrase, input, where) {
    const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text);
    try {
        // An empty passphrase is a real one (cosign allows it), so it is passed, never dropped.
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: block.text, format: 'pem', passphrase: passphrase ?? '' });
    }
    catch (e) {
        const code = e.code;
        if (encrypted && isDecryptFailure(code)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', passphrase
                ? `does not decrypt ${describeWhere(where, input)}: wrong passphrase, or the key is corrupted`
                : `is empty, and ${describeWhere(where, input)} is encrypted with a passphrase`, {
                input: PASSPHRASE_INPUT,
                valid: `the passphrase ${input} was encrypted with`,
                hint: PASSPHRASE_HINT,
            });
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where}: the ${block.label} block is malformed`, {
            input,
            valid: VALID_SIGNING_KEY,
        });
    }
}
function isDecryptFailure(code) {
    return (code === 'ERR_OSSL_BAD_DECRYPT' ||
        code === 'ERR_MISSING_PASSPHRASE' ||
        code === 'ERR_OSSL_EVP_BAD_DECRYPT' ||
        code === 'ERR_OSSL_PEM_BAD_DECRYPT' ||
        code === 'ERR_OSSL_PKCS12_PKCS12_CIPHERFINAL_ERROR');
}
function describeWhere(where, input) {
    return where.startsWith('file ') ? `${input} (${where})` : input;
}
/** What cosign signs with: ECDSA P-256/384/521, RSA 2048 to 4096 bits, Ed25519. */
function checkSigningKeyType(key, input, where) {
    const type = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails ?? {};
    const curves = ['prime256v1', 'secp384r1', 'secp521r1'];
    const bits = details.modulusLength ?? 0;
    const ok = (type === 'ec' && curves.includes(details.namedCurve ?? '')) ||
        (type === 'rsa' && bits >= 2048 && bits <= 4096) ||
        type === 'ed25519';
    if (!ok) {
        const what = type === 'ec'
            ? `an EC key on curve ${details.namedCurve ?? 'unknown'}`
            : type === 'rsa'
                ? `a ${bits}-bit RSA key`
                : `a ${type ?? 'unknown'} key`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo('KEY_INVALID', `${where} holds ${what}, which cosign cannot sign with`, {
            input,
            valid: 'ECDSA P-256, P-384 or P-521, RSA of 2048 to 4096 bits, or Ed25519',
        });
    }
}


/***/ }),

/***/ 40890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D2: () => (/* binding */ provenanceStatement),
/* harmony export */   ch: () => (/* binding */ checkProvenance),
/* harmony export */   tV: () => (/* binding */ IN_TOTO_STATEMENT_V1),
/* harmony export */   us: () => (/* binding */ SLSA_PROVENANCE_V1)
/* harmony export */ });
/* unused harmony exports GITHUB_WORKFLOW_BUILD_TYPE, CLI_BUILD_TYPE, CLI_BUILDER_ID, BUILD_EXTENSION */
/* harmony import */ var _run_url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(22810);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68825);
/**
 * SLSA Provenance v1 in an in-toto Statement v1: which workflow (or local run) built the image,
 * from which commit, on which base. Pure: everything comes from the input and the environment
 * passed in, so the same facts always give the same bytes and the tests need no runner.
 */



const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** The build type @actions/attest (attest-build-provenance) uses, so verifiers that know GitHub's provenance know ours. */
const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
/** Ours, for runs outside Actions: the GitHub type's parameters (workflow, run) do not exist there. */
const CLI_BUILD_TYPE = 'https://immutable-release.dev/buildtypes/cli/v1';
/**
 * Outside Actions nothing attests who ran the build, so the builder is named as the tool itself:
 * a verifier that trusts only workflow identities rejects it, which is the point.
 */
const CLI_BUILDER_ID = 'https://github.com/immutable-release/cli';
/**
 * Extension field (SLSA's `<vendor>_<name>` form) for what our action chose inside the workflow.
 * The GitHub build type fixes its parameter names and verifiers SHOULD reject unknown external
 * parameters, so the action's inputs live here: they are written in the workflow file, which is
 * the builder (builder.id) and whose path and ref the external parameters already pin.
 */
const BUILD_EXTENSION = 'immutablerelease_build';
/**
 * The run's facts, or undefined outside Actions. GITHUB_WORKFLOW_REF is required as well as the
 * run id: without it the GitHub build type's `workflow` parameter cannot be filled in.
 */
function githubRun(env) {
    const { GITHUB_RUN_ID: runId, GITHUB_REPOSITORY: repository, GITHUB_WORKFLOW_REF: workflowRef, } = env;
    if (!runId || !repository || !workflowRef)
        return undefined;
    const server = (0,_run_url_js__WEBPACK_IMPORTED_MODULE_2__/* .serverUrl */ .Vd)(env);
    // owner/repo/.github/workflows/x.yml@refs/heads/main; the prefix is the owner/repo part even if
    // it is spelled differently from GITHUB_REPOSITORY (renames), so drop two segments if needed.
    const rest = workflowRef.startsWith(`${repository}/`)
        ? workflowRef.slice(repository.length + 1)
        : workflowRef.split('/').slice(2).join('/');
    // Refs may contain '@' (changesets tags like pkg@1.2.0): prefer cutting at the known ref.
    const knownRef = env.GITHUB_REF;
    let workflowPath;
    let ref;
    if (knownRef && rest.endsWith(`@${knownRef}`)) {
        workflowPath = rest.slice(0, rest.length - knownRef.length - 1);
        ref = knownRef;
    }
    else {
        const at = rest.indexOf('@');
        workflowPath = at < 0 ? rest : rest.slice(0, at);
        ref = at < 0 ? (knownRef ?? '') : rest.slice(at + 1);
    }
    return {
        server,
        repository,
        workflowRef,
        workflowPath,
        ref,
        runId,
        runAttempt: String((0,_run_url_js__WEBPACK_IMPORTED_MODULE_2__/* .runAttempt */ .Tm)(env)),
    };
}
/** `sha256:<hex>` as in-toto's digest set `{ "sha256": "<hex>" }`. */
function digestSet(digest, what) {
    if (!(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(digest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('DIGEST_INVALID', `${what}: '${digest}' is not a digest`);
    }
    const colon = digest.indexOf(':');
    return { [digest.slice(0, colon)]: digest.slice(colon + 1) };
}
/** RFC 3339 in UTC with `Z`, as in-toto requires of every timestamp. */
function utc(value, what) {
    if (value === undefined)
        return undefined;
    const t = new Date(value);
    if (Number.isNaN(t.getTime())) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('INTERNAL', `${what}: '${value}' is not a timestamp`);
    }
    return t.toISOString();
}
/** Sorted keys, and empty values dropped: SLSA treats empty as unset, and it keeps bytes stable. */
function sortedNonEmpty(map) {
    if (!map)
        return undefined;
    const keys = Object.keys(map)
        .filter((k) => map[k] !== '' && map[k] !== undefined)
        .sort();
    if (keys.length === 0)
        return undefined;
    return Object.fromEntries(keys.map((k) => [k, map[k]]));
}
/** Drops undefined members, so optional fields are absent rather than null. */
function defined(o) {
    const entries = Object.entries(o).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
function sourceDependency(commit, url, ref) {
    // SPDX download location form, as the GitHub build type asks: git+<repository>@<ref>.
    const uri = url ? (ref ? `git+${url}@${ref}` : `git+${url}`) : undefined;
    return { uri, digest: { gitCommit: commit } };
}
function baseDependency(base) {
    // The digest pins the base; the name keeps the tag the user asked for, for readers.
    // `oci://` is the image URI scheme Tekton Chains writes in its resolved dependencies.
    const at = base.name.indexOf('@');
    const name = at < 0 ? base.name : base.name.slice(0, at);
    return { uri: `oci://${name}`, digest: digestSet(base.digest, `base image ${base.name}`) };
}
/**
 * The in-toto Statement v1 with the SLSA Provenance v1 predicate, compact JSON with a fixed key
 * order (objects are built in literal order; free-form maps are sorted), ready for DSSE.
 */
function provenanceStatement(input) {
    if (input.subjects.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2('INTERNAL', 'provenance needs at least one subject');
    }
    const subject = input.subjects.map((s) => ({
        name: s.name,
        digest: digestSet(s.digest, `subject ${s.name}`),
    }));
    const run = githubRun(input.env);
    const env = input.env;
    const inputs = sortedNonEmpty(input.inputs);
    const dependencies = [];
    let buildDefinition;
    let builderId;
    if (run) {
        const repositoryUrl = `${run.server}/${run.repository}`;
        const ref = input.ref ?? env.GITHUB_REF ?? run.ref;
        dependencies.push(sourceDependency(input.commit, input.sourceUrl ?? repositoryUrl, ref || undefined));
        if (input.baseImage)
            dependencies.push(baseDependency(input.baseImage));
        buildDefinition = {
            buildType: GITHUB_WORKFLOW_BUILD_TYPE,
            externalParameters: defined({
                workflow: { ref: run.ref, repository: repositoryUrl, path: run.workflowPath },
                inputs: sortedNonEmpty(input.dispatchInputs),
            }),
            internalParameters: {
                github: defined({
                    event_name: env.GITHUB_EVENT_NAME || undefined,
                    repository_id: env.GITHUB_REPOSITORY_ID || undefined,
                    repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID || undefined,
                    runner_environment: env.RUNNER_ENVIRONMENT || undefined,
                }),
                [BUILD_EXTENSION]: defined({ builder: input.builder, inputs }),
            },
            resolvedDependencies: dependencies,
        };
        // The top-level workflow, as GITHUB_WORKFLOW_REF names it. @actions/attest uses the OIDC
        // job_workflow_ref, which differs only inside a reusable workflow; no env var carries that.
        builderId = `${run.server}/${run.workflowRef}`;
    }
    else {
        dependencies.push(sourceDependency(input.commit, input.sourceUrl, input.ref));
        if (input.baseImage)
            dependencies.push(baseDependency(input.baseImage));
        buildDefinition = {
            buildType: CLI_BUILD_TYPE,
            // Whoever runs the CLI controls the checkout and the flags: both are external here, and
            // the commit keeps this object non-empty (SLSA reads empty as missing) with no flags.
            externalParameters: {
                source: defined({ repository: input.sourceUrl, ref: input.ref, commit: input.commit }),
                inputs,
            },
            internalParameters: { builder: input.builder },
            resolvedDependencies: dependencies,
        };
        builderId = CLI_BUILDER_ID;
    }
    const statement = {
        _type: IN_TOTO_STATEMENT_V1,
        subject,
        predicateType: SLSA_PROVENANCE_V1,
        predicate: {
            buildDefinition,
            runDetails: {
                builder: { id: builderId },
                metadata: defined({
                    invocationId: (0,_run_url_js__WEBPACK_IMPORTED_MODULE_2__/* .runUrl */ .Vp)(env),
                    startedOn: utc(input.startedOn, 'startedOn'),
                    finishedOn: utc(input.finishedOn, 'finishedOn'),
                }),
            },
        },
    };
    return Buffer.from(JSON.stringify(statement), 'utf8');
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isUri(v) {
    return typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/.test(v);
}
/**
 * What is wrong with a provenance statement, [] when nothing: the fields in-toto v1 and SLSA
 * Provenance v1 require, and a subject carrying `expectedSubjectDigest`. Takes the parsed
 * statement or its bytes (the DSSE payload that was verified), so verify never re-encodes.
 */
function checkProvenance(statement, expectedSubjectDigest) {
    let s = statement;
    if (typeof s === 'string' || s instanceof Uint8Array) {
        try {
            s = JSON.parse(Buffer.from(s).toString('utf8'));
        }
        catch {
            return ['statement is not JSON'];
        }
    }
    if (!isObject(s))
        return ['statement is not a JSON object'];
    const problems = [];
    if (s._type !== IN_TOTO_STATEMENT_V1) {
        problems.push(`_type is ${JSON.stringify(s._type)}, expected ${IN_TOTO_STATEMENT_V1}`);
    }
    const subjects = Array.isArray(s.subject) ? s.subject : undefined;
    if (!subjects || subjects.length === 0) {
        problems.push('subject is missing or empty');
    }
    else {
        subjects.forEach((sub, i) => {
            if (!isObject(sub) || !isObject(sub.digest) || Object.keys(sub.digest).length === 0) {
                problems.push(`subject[${i}].digest is missing`);
            }
        });
        const colon = expectedSubjectDigest.indexOf(':');
        const algorithm = expectedSubjectDigest.slice(0, colon);
        const hex = expectedSubjectDigest.slice(colon + 1);
        // in-toto matches subjects by digest alone; names are informative.
        const match = subjects.some((sub) => isObject(sub) && isObject(sub.digest) && sub.digest[algorithm] === hex);
        if (!match) {
            const seen = subjects
                .map((sub) => isObject(sub) && isObject(sub.digest)
                ? Object.entries(sub.digest)
                    .map(([a, h]) => `${a}:${String(h)}`)
                    .join(',')
                : '?')
                .join(' ');
            problems.push(`no subject has digest ${expectedSubjectDigest} (subjects: ${seen})`);
        }
    }
    if (s.predicateType !== SLSA_PROVENANCE_V1) {
        problems.push(`predicateType is ${JSON.stringify(s.predicateType)}, expected ${SLSA_PROVENANCE_V1}`);
    }
    const predicate = isObject(s.predicate) ? s.predicate : undefined;
    const def = predicate && isObject(predicate.buildDefinition) ? predicate.buildDefinition : undefined;
    if (!def) {
        problems.push('predicate.buildDefinition is missing');
    }
    else {
        if (!isUri(def.buildType)) {
            problems.push('predicate.buildDefinition.buildType is missing or not a URI');
        }
        // SLSA treats empty as unset, so an empty object does not satisfy "required".
        if (!isObject(def.externalParameters) || Object.keys(def.externalParameters).length === 0) {
            problems.push('predicate.buildDefinition.externalParameters is missing or empty');
        }
    }
    const run = predicate && isObject(predicate.runDetails) ? predicate.runDetails : undefined;
    if (!run) {
        problems.push('predicate.runDetails is missing');
    }
    else if (!isObject(run.builder) || !isUri(run.builder.id)) {
        problems.push('predicate.runDetails.builder.id is missing or not a URI');
    }
    return problems;
}


/***/ }),

/***/ 61354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IB: () => (/* binding */ readAllReferrers),
/* harmony export */   j5: () => (/* binding */ putReferrer),
/* harmony export */   tV: () => (/* binding */ readReferrers)
/* harmony export */ });
/* harmony import */ var _oci_blob_source_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26430);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(29217);


/**
 * Stores an artifact as an OCI 1.1 referrer of `subject` (empty config, one layer), as cosign v3
 * and actions/attest store bundles. The store keeps the fallback tag when the registry has no
 * referrers API. Returns the artifact manifest's descriptor.
 */
async function putReferrer(store, subject, artifact) {
    const layer = (0,_oci_blob_source_js__WEBPACK_IMPORTED_MODULE_0__/* .bufferSource */ .k)(artifact.blob);
    await store.putBlob((0,_oci_blob_source_js__WEBPACK_IMPORTED_MODULE_0__/* .bufferSource */ .k)(Buffer.from('{}')));
    await store.putBlob(layer);
    const manifest = {
        schemaVersion: 2,
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.OciManifest,
        artifactType: artifact.artifactType,
        config: { mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .EMPTY_JSON */ .JO.mediaType, digest: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .EMPTY_JSON */ .JO.digest, size: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .EMPTY_JSON */ .JO.size },
        layers: [{ mediaType: artifact.blobMediaType, digest: layer.digest, size: layer.size }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        ...(artifact.annotations && Object.keys(artifact.annotations).length
            ? { annotations: artifact.annotations }
            : {}),
    };
    return store.putManifest(Buffer.from(JSON.stringify(manifest)), _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.OciManifest);
}
/**
 * Every referrer of `subject` of these artifact types (all when none is named), read in one go:
 * one referrers (or fallback tag) read, then each manifest and its layer concurrently.
 */
async function readAllReferrers(store, subject, artifactTypes) {
    const listed = await store.referrers(subject, artifactTypes?.length === 1 ? artifactTypes[0] : undefined);
    const wanted = listed.filter((d) => !artifactTypes || artifactTypes.includes(d.artifactType ?? ''));
    const read = await Promise.all(wanted.map(async (d) => {
        const fetched = await store.getManifest(d.digest);
        const manifest = JSON.parse(fetched.bytes.toString('utf8'));
        const layer = manifest.layers[0];
        if (!layer || manifest.subject?.digest !== subject)
            return undefined;
        return { descriptor: d, manifest, blob: await store.readBlob(layer) };
    }));
    return read.filter((r) => r !== undefined);
}
/** The layer of every referrer of `subject` with this artifact type, newest writes included. */
async function readReferrers(store, subject, artifactType) {
    return readAllReferrers(store, subject, [artifactType]);
}


/***/ }),

/***/ 92227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Od: () => (/* binding */ verifySignature),
/* harmony export */   Ye: () => (/* binding */ keySigner),
/* harmony export */   yg: () => (/* binding */ keyIdOf)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function keyIdOf(publicKey) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex');
}
/** Ed25519 signs the message itself; every other key type signs its SHA-256. */
function algorithmFor(key) {
    return key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
}
function keySigner(privateKey) {
    const publicKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(privateKey);
    return {
        keyId: keyIdOf(publicKey),
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        sign: async (data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(algorithmFor(privateKey), data, privateKey),
    };
}
function verifySignature(publicKey, data, signature) {
    try {
        return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(algorithmFor(publicKey), data, publicKey, signature);
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 2687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NF: () => (/* binding */ chooseInstance),
/* harmony export */   UP: () => (/* binding */ instanceEndpoints)
/* harmony export */ });
/* unused harmony exports PUBLIC_GOOD, githubInstance, TEST_ENDPOINTS_VARIABLE */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _event_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(80807);
/**
 * Which Sigstore instance signs: public-good (Fulcio + the public Rekor log) or GitHub's own
 * (Fulcio + an RFC 3161 timestamp authority, no public log), as actions/attest-build-provenance
 * chooses. A private repository's workflow identity must never reach the public log.
 */



const PUBLIC_GOOD = {
    name: 'public-good',
    fulcioURL: 'https://fulcio.sigstore.dev',
    rekorURL: 'https://rekor.sigstore.dev',
    tufMirrorURL: 'https://tuf-repo-cdn.sigstore.dev',
};
/**
 * GitHub's instance for the server the job runs on; github.com signs through githubapp.com,
 * GHE.com tenants through their own host (the rule of @actions/attest's signingEndpoints).
 */
function githubInstance(env) {
    let host = 'github.com';
    try {
        host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname;
    }
    catch {
        // A malformed GITHUB_SERVER_URL is the runner's problem; github.com is the safe reading.
    }
    const signing = host === 'github.com' ? 'githubapp.com' : host;
    return {
        name: 'github',
        fulcioURL: `https://fulcio.${signing}`,
        tsaURL: `https://timestamp.${signing}`,
        tufMirrorURL: `https://tuf-repo.${host}`,
    };
}
/**
 * Test-only: a JSON file naming stand-ins for each instance's endpoints, so tests can run
 * against local mocks. Always announced in the log; never read unless this variable is set.
 */
const TEST_ENDPOINTS_VARIABLE = 'IMMUTABLE_RELEASE_TEST_SIGSTORE_ENDPOINTS';
function testOverrides(env) {
    const path = env[TEST_ENDPOINTS_VARIABLE];
    if (!path)
        return undefined;
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `cannot read the endpoints file ${path}`, {
            input: TEST_ENDPOINTS_VARIABLE,
            valid: 'unset it (it is for tests only), or a JSON file of Sigstore endpoints',
            cause: e,
        });
    }
}
/**
 * The instance with its endpoints; test stand-ins replace every endpoint of an instance at once,
 * so a test can never mix a stand-in with a real service.
 */
function instanceEndpoints(name, env, warn) {
    const real = name === 'github' ? githubInstance(env) : PUBLIC_GOOD;
    const override = testOverrides(env)?.[name];
    if (!override)
        return real;
    warn(`${TEST_ENDPOINTS_VARIABLE} is set: ${name} endpoints are test stand-ins`);
    return { name, ...override };
}
/**
 * `auto`: GitHub's instance for private and internal repositories (and when the visibility
 * cannot be read: the safe side), public-good for public ones; outside Actions, public-good.
 */
function chooseInstance(choice, env) {
    if (choice !== 'auto')
        return { name: choice, reason: `sigstore: ${choice}` };
    if (env.GITHUB_ACTIONS !== 'true') {
        return { name: 'public-good', reason: 'sigstore: auto, outside GitHub Actions' };
    }
    const { visibility } = (0,_event_js__WEBPACK_IMPORTED_MODULE_2__/* .eventFacts */ .I)(env);
    if (visibility === 'public') {
        return { name: 'public-good', reason: 'sigstore: auto, the repository is public' };
    }
    return {
        name: 'github',
        reason: visibility
            ? `sigstore: auto, the repository is ${visibility}`
            : 'sigstore: auto, the event payload does not say whether the repository is public',
    };
}


/***/ })

};
