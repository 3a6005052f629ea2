export const id = 286;
export const ids = [286];
export const modules = {

/***/ 35286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   merge: () => (/* binding */ merge)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _oci_copy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83748);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(68825);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(29217);
/* harmony import */ var _oci_open_store_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1833);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(62148);
/* harmony import */ var _oci_referrers_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(50961);
/* harmony import */ var _release_git_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(82941);
/* harmony import */ var _release_tags_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(32788);
/* harmony import */ var _builders_native_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(19778);
/* harmony import */ var _release_tags_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(29453);
/* harmony import */ var _release_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(23675);
/* harmony import */ var _links_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(71967);
/* harmony import */ var _release_summary_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(14230);
/* harmony import */ var _signing_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(6621);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(16465);

















/** `sha256:…`, `repo@sha256:…`, or a release job's `metadata` JSON (its `image`). */
function parseSource(given) {
    const valid = 'sha256:<hex>, registry/repo@sha256:<hex>, or the metadata output of a release job';
    let text = given;
    if (given.startsWith('{')) {
        try {
            const metadata = JSON.parse(given);
            text = metadata.image ?? metadata.digest ?? '';
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `a line is not valid JSON`, {
                input: 'sources',
                valid,
                cause: e,
            });
        }
    }
    if (/^sha256:[a-f0-9]{64}$/.test(text))
        return { given, digest: text };
    let ref;
    try {
        ref = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReference */ .F2)(text, 'sources');
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `'${text}' is not an image by digest`, {
            input: 'sources',
            valid,
            cause: e,
        });
    }
    if (!ref.digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `'${text}' names no digest`, { input: 'sources', valid });
    }
    return { given, repository: `${ref.registry}/${ref.repository}`, digest: ref.digest };
}
/** Checks that a source exists and is one platform's image, and copies it into the target. */
async function bring(config, ctx, target, source) {
    const from = source.repository
        ? await (0,_oci_open_store_js__WEBPACK_IMPORTED_MODULE_5__/* .openStore */ .C)({ kind: 'registry', ref: (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReference */ .F2)(source.repository, 'sources') }, {
            credentials: await ctx.credentials((0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReference */ .F2)(source.repository, 'sources').registry),
            insecureRegistries: [...config.insecureRegistries],
            onSecret: ctx.mask,
            env: ctx.env,
        })
        : target;
    const head = await from.headManifest(source.digest);
    if (!head) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ReleaseError */ .K2('NOT_FOUND', `merge source ${source.given}: ${source.digest} does not exist in ${from.description}`, {
            hint: 'pass the digest output of each platform job',
        });
    }
    if ((0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .isIndexType */ .$U)(head.mediaType)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `${source.given} is a multi-platform index, not one platform's image`, {
            input: 'sources',
            valid: 'single-platform image manifests, one per platform',
        });
    }
    const manifest = (0,_oci_referrers_js__WEBPACK_IMPORTED_MODULE_7__/* .parseManifest */ .Ng)((await from.getManifest(source.digest)).bytes, source.digest);
    const config_ = JSON.parse((await from.readBlob(manifest.config)).toString('utf8'));
    if (!config_.os || !config_.architecture) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `${source.given} has no os/architecture in its config`, {
            input: 'sources',
            valid: 'container images (not artifacts)',
        });
    }
    const platform = { architecture: config_.architecture, os: config_.os };
    if (config_.variant)
        platform.variant = config_.variant;
    if (from !== target)
        await (0,_oci_copy_js__WEBPACK_IMPORTED_MODULE_2__/* .copyImage */ .L1)(from, target, source.digest);
    return {
        descriptor: { mediaType: head.mediaType, digest: head.digest, size: head.size },
        platform,
    };
}
function platformName(p) {
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
/**
 * `merge`: joins single-platform images built on a matrix of runners into one index, tagged,
 * signed and recorded like a release. The index bytes depend only on the sources and the
 * commit, so a re-run writes nothing new and repairs only missing signatures or records.
 */
async function merge(config, ctx) {
    if (config.sources.length < 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_MISSING', 'is required for merge', {
            input: 'sources',
            valid: 'one per line: the digest (or metadata) output of each platform job',
        });
    }
    const sources = config.sources.map(parseSource);
    const phases = {};
    const context = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(config.context) ? config.context : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(ctx.cwd, config.context);
    const facts = await (0,_release_git_js__WEBPACK_IMPORTED_MODULE_8__/* .readCommit */ .kN)({ cwd: context, env: ctx.env, outputs: (0,_target_js__WEBPACK_IMPORTED_MODULE_15__/* .targetFolders */ .jT)(config) });
    (0,_release_git_js__WEBPACK_IMPORTED_MODULE_8__/* .assertClean */ .O0)(facts, config.allowDirty);
    const signer = await (0,_signing_js__WEBPACK_IMPORTED_MODULE_14__/* .signerFrom */ .H)(config, ctx);
    const store = await (0,_target_js__WEBPACK_IMPORTED_MODULE_15__/* .openTarget */ .Ap)(config, ctx);
    const { existingTags, plan } = await (0,_release_tags_js__WEBPACK_IMPORTED_MODULE_11__/* .planReleaseTags */ .m)(store, {
        commit: facts.commit,
        ref: facts.ref,
        extra: [...config.tags],
    });
    const members = await (0,_release_js__WEBPACK_IMPORTED_MODULE_12__.timed)(phases, 'sources', ctx, async () => {
        const out = [];
        for (const s of sources) {
            const m = await bring(config, ctx, store, s);
            if (out.some((o) => platformName(o.platform) === platformName(m.platform))) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('INPUT_INVALID', `two sources are ${platformName(m.platform)}`, {
                    input: 'sources',
                    valid: 'one image per platform',
                });
            }
            ctx.logger.info(`${platformName(m.platform)}: ${m.descriptor.digest}`);
            out.push(m);
        }
        return out;
    });
    const index = {
        schemaVersion: 2,
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .MediaType */ .zu.OciIndex,
        manifests: members.map((m) => ({ ...m.descriptor, platform: m.platform })),
        annotations: Object.fromEntries(Object.entries((0,_release_js__WEBPACK_IMPORTED_MODULE_12__.releaseAnnotations)(facts, plan, 'merge')).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
    const bytes = Buffer.from(JSON.stringify(index));
    const existing = existingTags.includes(plan.commitTag)
        ? await store.headManifest(plan.commitTag)
        : undefined;
    const root = {
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .MediaType */ .zu.OciIndex,
        digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256 */ .sc)(bytes),
        size: bytes.length,
    };
    // The same sources for the same commit give the same index; anything else may not take its tag.
    (0,_release_tags_js__WEBPACK_IMPORTED_MODULE_9__/* .assertCommitTagUnmoved */ .Q)(plan.commitTag, existing?.digest, root.digest);
    await (0,_release_js__WEBPACK_IMPORTED_MODULE_12__.timed)(phases, 'push', ctx, async () => {
        await store.putManifest(bytes, _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .MediaType */ .zu.OciIndex);
    });
    const stored = await (0,_release_js__WEBPACK_IMPORTED_MODULE_12__.readBack)(store, root);
    const attached = await (0,_release_js__WEBPACK_IMPORTED_MODULE_12__.attach)(config, ctx, phases, { store, root, stored, facts, plan, signer });
    // Tags last, as release writes them: a failed signing leaves the index reachable by digest only.
    await (0,_release_js__WEBPACK_IMPORTED_MODULE_12__.timed)(phases, 'tag', ctx, () => (0,_release_js__WEBPACK_IMPORTED_MODULE_12__.writeTagsLast)(store, plan, root, ctx));
    const out = {
        image: (0,_target_js__WEBPACK_IMPORTED_MODULE_15__/* .imageReference */ .rA)(config, root.digest),
        digest: root.digest,
        mediaType: stored.mediaType,
        tags: plan.tags,
        platforms: stored.platforms,
        size: stored.size,
        builder: 'merge',
        commit: facts.commit,
        tree: facts.tree,
        version: plan.version,
        sourceDateEpoch: facts.commitTime,
        skipped: false,
        blobs: { uploaded: 0, mounted: 0, exists: 0 },
        phases,
        ...attached,
    };
    ctx.logger.info(`index ${root.digest}: ${members.map((m) => platformName(m.platform)).join(', ')} (${(0,_builders_native_js__WEBPACK_IMPORTED_MODULE_10__/* .isoSeconds */ .nE)(facts.commitTime)})`);
    return {
        outputs: (0,_release_js__WEBPACK_IMPORTED_MODULE_12__.releaseOutputs)(out),
        summary: (0,_release_summary_js__WEBPACK_IMPORTED_MODULE_13__/* .renderReleaseSummary */ .i)(out, (0,_target_js__WEBPACK_IMPORTED_MODULE_15__/* .describeTarget */ .ff)(config), (0,_links_js__WEBPACK_IMPORTED_MODULE_16__/* .runLinks */ .$)(ctx.env)),
    };
}


/***/ })

};
