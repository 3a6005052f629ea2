export const id = 613;
export const ids = [613];
export const modules = {

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


/***/ })

};
