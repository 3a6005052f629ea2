export const id = 297;
export const ids = [297];
export const modules = {

/***/ 92297:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  check: () => (/* binding */ check)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/builders/dockerfile.ts
var builders_dockerfile = __webpack_require__(10256);
;// CONCATENATED MODULE: ./src/builders/lint.ts
/**
 * Immutability lint: base images that are not pinned by digest. A tag can be moved, so a build
 * that starts from one is not reproducible; `pin-base` decides whether that is a warning
 * (annotated on the Dockerfile line) or an error.
 */



const TITLE = 'Unpinned base image';
/** True when the reference carries a sha256 digest. */
function pinned(image) {
    try {
        return (0,reference/* parseReference */.F2)(image, 'base').digest?.startsWith('sha256:') ?? false;
    }
    catch {
        return /@sha256:[0-9a-f]{64}$/.test(image);
    }
}
const fix = (image) => {
    let name = image;
    try {
        const ref = (0,reference/* parseReference */.F2)(image, 'base');
        name = image.slice(0, image.length - (ref.tag ? ref.tag.length + 1 : 0));
    }
    catch {
        // Keep the text as written.
    }
    return `${name}@sha256:<digest>`;
};
/**
 * The base images not pinned by digest: every Dockerfile FROM that names an image (not
 * `scratch`, not an earlier stage) without `@sha256:`, with its line; and the native builder's
 * `base` input. A FROM whose variables cannot be resolved is reported as written.
 */
function unpinnedBases(options) {
    const findings = [];
    const { dockerfile, base, buildArgs } = options;
    if (dockerfile) {
        const stages = [];
        const isStage = (name) => (/^\d+$/.test(name) && Number(name) < stages.length) || stages.includes(name.toLowerCase());
        for (const { line, written, image, stage } of (0,builders_dockerfile/* walkDockerfile */.E)(dockerfile.text, buildArgs)
            .froms) {
            if (written !== undefined) {
                const shown = image ?? written;
                if (shown !== 'scratch' && !isStage(shown) && !pinned(shown)) {
                    const unresolved = image === undefined ? ' (a variable in it has no value, so it cannot be checked)' : '';
                    findings.push({
                        file: dockerfile.displayPath,
                        line,
                        image: shown,
                        message: `FROM ${shown} is not pinned by digest${unresolved}; the tag can move, so the ` +
                            `build is not reproducible. Pin it: FROM ${fix(shown)}`,
                    });
                }
            }
            stages.push(stage);
        }
    }
    // An `oci:` layout is a local folder, not a registry tag that can move under the build.
    if (base && base !== 'scratch' && !base.startsWith('oci:') && !pinned(base)) {
        findings.push({
            image: base,
            message: `input 'base' ${base} is not pinned by digest; the tag can move, so the build is not ` +
                `reproducible. Pin it: base: ${fix(base)}`,
        });
    }
    return findings;
}
/** Reports the findings as `pin-base` asks: nothing, annotations, or annotations then an error. */
function applyPinPolicy(findings, mode, logger) {
    if (mode === 'off' || findings.length === 0)
        return;
    for (const f of findings) {
        logger.warning(f.message, {
            ...(f.file === undefined ? {} : { file: f.file }),
            ...(f.line === undefined ? {} : { line: f.line }),
            title: TITLE,
        });
    }
    if (mode === 'require') {
        const where = (f) => f.file === undefined ? `${f.image} (input 'base')` : `${f.image} (${f.file}:${f.line})`;
        throw new errors/* UserError */.yo('INPUT_INVALID', `${findings.length} base image(s) not pinned by digest: ${findings.map(where).join(', ')}`, {
            input: 'pin-base',
            valid: 'pin each FROM / base by digest (image@sha256:…), or pin-base: warn',
            hint: 'find the digest with `docker buildx imagetools inspect IMAGE` (or `crane digest ' +
                'IMAGE`) and write FROM image@sha256:<digest>; set pin-base: warn to only annotate',
        });
    }
}

// EXTERNAL MODULE: ./src/github/octokit.ts
var octokit = __webpack_require__(6702);
// EXTERNAL MODULE: ./src/event.ts
var src_event = __webpack_require__(80807);
;// CONCATENATED MODULE: ./src/github/pr-comment.ts
/**
 * One comment on a pull request that the action keeps up to date (the release plan): found again
 * by a hidden marker line, rewritten in place on each run, never duplicated. Like the deployments
 * view it converges: a run whose text is already there writes nothing.
 */



const PLAN_COMMENT_MARKER = '<!-- immutable-release:plan -->';
/** GitHub refuses a comment longer than 65,536 characters; stay well below. */
const COMMENT_BODY_MAX = 60_000;
// 100 per page: ten thousand comments is more than any pull request worth reading.
const MAX_PAGES = 100;
async function upsertPullRequestComment(target, pull, body, marker = PLAN_COMMENT_MARKER, options = {}) {
    if (!Number.isSafeInteger(pull) || pull < 1) {
        throw new errors/* ReleaseError */.K2('INTERNAL', `'${pull}' is not a pull request number`);
    }
    if (marker.trim() === '' || /[\r\n]/.test(marker) || marker.length > 1000) {
        throw new errors/* ReleaseError */.K2('INTERNAL', 'a comment marker is one short non-blank line');
    }
    const api = await (0,octokit/* openGitHubApi */.II)(target, options, {
        needs: 'comment on pull requests',
        permission: 'pull-requests: write',
        may: 'comment on pull requests of',
    });
    const text = commentBody(body, marker);
    const { owner, repo } = api;
    const existing = await api.call(`listing the comments of #${pull}`, async (o) => {
        let found;
        let page = 0;
        const pages = o.paginate.iterator(o.rest.issues.listComments, {
            owner,
            repo,
            issue_number: pull,
            per_page: 100,
        });
        for await (const { data } of pages) {
            if (++page > MAX_PAGES) {
                throw new octokit/* GitHubApiError */.OS(`pull request #${pull} has more than ${MAX_PAGES * 100} comments`, {});
            }
            const list = data;
            if (!Array.isArray(list) || list.some((c) => typeof c?.id !== 'number')) {
                throw new octokit/* GitHubApiError */.OS(`listing the comments of #${pull} gave no list of comments`, {});
            }
            for (const comment of list) {
                // The newest wins when an earlier run (or a race) left several.
                if (comment.body?.includes(marker) && (!found || comment.id > found.id))
                    found = comment;
            }
        }
        return found;
    });
    if (existing) {
        if (normalize(existing.body ?? '') === normalize(text)) {
            api.log(`comment ${existing.id} on #${pull} is already up to date`);
            return { id: existing.id, created: false };
        }
        const updated = await api.call(`updating comment ${existing.id}`, async (o) => {
            const res = await o.rest.issues.updateComment({
                owner,
                repo,
                comment_id: existing.id,
                body: text,
            });
            return res.data;
        });
        if (typeof updated?.id !== 'number') {
            throw new octokit/* GitHubApiError */.OS(`GitHub did not update comment ${existing.id} on #${pull}`, {});
        }
        api.log(`updated comment ${existing.id} on #${pull}`);
        return { id: existing.id, created: false };
    }
    const created = await api.call(`commenting on #${pull}`, async (o) => {
        const res = await o.rest.issues.createComment({ owner, repo, issue_number: pull, body: text });
        return res.data;
    });
    if (typeof created?.id !== 'number') {
        throw new octokit/* GitHubApiError */.OS(`GitHub created no comment on #${pull}`, {});
    }
    api.log(`created comment ${created.id} on #${pull}`);
    return { id: created.id, created: true };
}
/** The marker as the first line, and the whole capped at COMMENT_BODY_MAX characters. */
function commentBody(body, marker = PLAN_COMMENT_MARKER) {
    const firstLine = body.split(/\r?\n/, 1)[0];
    const full = firstLine === marker ? body : `${marker}\n${body}`;
    if (full.length <= COMMENT_BODY_MAX)
        return full;
    const note = (shown) => `\n\n… (truncated: ${shown} of ${full.length} characters shown; the job log has the rest)`;
    let cut = COMMENT_BODY_MAX - note(COMMENT_BODY_MAX).length;
    // Never split a surrogate pair.
    const code = full.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff)
        cut--;
    return `${full.slice(0, cut)}${note(cut)}`;
}
/**
 * The pull request a run is about: the event payload's number for pull_request and
 * pull_request_target events, else a `refs/pull/<n>/merge` GITHUB_REF; undefined otherwise.
 */
function pullRequestNumber(env) {
    const event = env.GITHUB_EVENT_NAME;
    if (event === 'pull_request' || event === 'pull_request_target') {
        const { number } = (0,src_event/* eventFacts */.I)(env);
        if (number !== undefined)
            return number;
    }
    const m = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(env.GITHUB_REF ?? '');
    return m ? (0,src_event/* positiveInteger */.C)(Number(m[1])) : undefined;
}
/** GitHub may hand a body back with CRLF line ends. */
function normalize(text) {
    return text.replace(/\r\n/g, '\n');
}

// EXTERNAL MODULE: ./src/oci/copy.ts
var copy = __webpack_require__(83748);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/oci/referrers.ts
var referrers = __webpack_require__(50961);
// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(83758);
;// CONCATENATED MODULE: ./src/release/plan.ts
/**
 * The plan of `check` (issue 6): what a release of the new image would change against what is
 * at `compare-to` now — digests, size, layers added and removed, config changes — and the tags
 * a release would write and the gates a promotion would face, rendered as markdown for the job
 * summary and the pull request comment.
 */


const EMPTY_CONFIG = {
    Env: [],
    Entrypoint: null,
    Cmd: null,
    User: '',
    WorkingDir: '',
    ExposedPorts: [],
    Labels: {},
};
function platformName(p) {
    if (!p?.os || !p.architecture)
        return undefined;
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
function stringArray(v) {
    return Array.isArray(v) ? v.map(String) : null;
}
function normalizeConfig(raw) {
    const c = (raw && typeof raw === 'object' ? raw : {});
    const labels = {};
    if (c.Labels && typeof c.Labels === 'object') {
        for (const [k, v] of Object.entries(c.Labels))
            labels[k] = String(v);
    }
    return {
        Env: stringArray(c.Env) ?? [],
        Entrypoint: stringArray(c.Entrypoint),
        Cmd: stringArray(c.Cmd),
        User: typeof c.User === 'string' ? c.User : '',
        WorkingDir: typeof c.WorkingDir === 'string' ? c.WorkingDir : '',
        ExposedPorts: c.ExposedPorts && typeof c.ExposedPorts === 'object'
            ? Object.keys(c.ExposedPorts).sort()
            : [],
        Labels: labels,
    };
}
async function readPlatform(store, manifest, descPlatform) {
    const configBytes = await store.readBlob(manifest.config);
    let config = {};
    try {
        const parsed = JSON.parse(configBytes.toString('utf8'));
        if (parsed && typeof parsed === 'object')
            config = parsed;
    }
    catch {
        // Not a JSON config (an artifact): no config facts.
    }
    const layers = (manifest.layers ?? []).map((l) => ({ digest: l.digest, size: l.size }));
    const platform = platformName(descPlatform) ?? platformName(config) ?? 'unknown/unknown';
    const size = manifest.config.size + layers.reduce((sum, l) => sum + l.size, 0);
    return { facts: { platform, layers, config: normalizeConfig(config.config) }, size };
}
function isAttestation(d) {
    return (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
        (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'));
}
/** Reads the manifest(s) and config blob(s) of `digest`; for an index, each platform's. */
async function readImageFacts(store, digest) {
    const top = await store.getManifest(digest);
    const parsed = JSON.parse(top.bytes.toString('utf8'));
    const mediaType = top.mediaType || parsed.mediaType || '';
    let size = top.bytes.length;
    const platforms = [];
    if ((0,media_types/* isIndexType */.$U)(mediaType) || 'manifests' in parsed) {
        for (const child of parsed.manifests ?? []) {
            if (!(0,media_types/* isManifestType */.Q3)(child.mediaType) || (0,media_types/* isIndexType */.$U)(child.mediaType))
                continue;
            if (isAttestation(child))
                continue;
            const fetched = await store.getManifest(child.digest);
            const m = JSON.parse(fetched.bytes.toString('utf8'));
            const p = await readPlatform(store, m, child.platform);
            size += fetched.bytes.length + p.size;
            platforms.push(p.facts);
        }
    }
    else {
        const p = await readPlatform(store, parsed, undefined);
        size += p.size;
        platforms.push(p.facts);
    }
    return { digest: top.digest, mediaType, size, platforms };
}
const SECRET_KEY = /(TOKEN|SECRET|PASSWORD|KEY)/i;
function envMap(env) {
    const m = new Map();
    for (const e of env) {
        const i = e.indexOf('=');
        if (i < 0)
            m.set(e, '');
        else
            m.set(e.slice(0, i), e.slice(i + 1));
    }
    return m;
}
function envShow(key, value) {
    if (value === undefined)
        return '';
    return `${key}=${SECRET_KEY.test(key) ? '***' : value}`;
}
function argv(v) {
    return v === null ? '' : JSON.stringify(v);
}
function diffConfig(before, after) {
    const changes = [];
    const be = envMap(before.Env);
    const ae = envMap(after.Env);
    const keys = [...new Set([...be.keys(), ...ae.keys()])].sort();
    for (const k of keys) {
        const b = be.get(k);
        const a = ae.get(k);
        if (b === a)
            continue;
        changes.push({ field: 'Env', before: envShow(k, b), after: envShow(k, a) });
    }
    for (const field of ['Entrypoint', 'Cmd']) {
        const b = argv(before[field]);
        const a = argv(after[field]);
        if (b !== a)
            changes.push({ field, before: b, after: a });
    }
    for (const field of ['User', 'WorkingDir']) {
        if (before[field] !== after[field])
            changes.push({ field, before: before[field], after: after[field] });
    }
    const bp = [...before.ExposedPorts].sort().join(', ');
    const ap = [...after.ExposedPorts].sort().join(', ');
    if (bp !== ap)
        changes.push({ field: 'ExposedPorts', before: bp, after: ap });
    const labels = [...new Set([...Object.keys(before.Labels), ...Object.keys(after.Labels)])].sort();
    for (const k of labels) {
        const b = Object.hasOwn(before.Labels, k) ? before.Labels[k] : undefined;
        const a = Object.hasOwn(after.Labels, k) ? after.Labels[k] : undefined;
        if (b === a)
            continue;
        changes.push({ field: `Label ${k}`, before: b ?? '', after: a ?? '' });
    }
    return changes;
}
function layerDiff(before, after) {
    const bd = new Set(before.map((l) => l.digest));
    const ad = new Set(after.map((l) => l.digest));
    return [after.filter((l) => !bd.has(l.digest)), before.filter((l) => !ad.has(l.digest))];
}
function diffPlatform(name, before, after) {
    const [layersAdded, layersRemoved] = layerDiff(before?.layers ?? [], after?.layers ?? []);
    return {
        platform: name,
        layersAdded,
        layersRemoved,
        configChanges: diffConfig(before?.config ?? EMPTY_CONFIG, after?.config ?? EMPTY_CONFIG),
    };
}
/** What changes from `before` to `after`; `before` undefined means everything is new. */
function diffImages(before, after) {
    const sizeChange = after.size - (before?.size ?? 0);
    // Two single-manifest images are one platform each: compare them even if the names differ.
    if (before &&
        before.platforms.length === 1 &&
        after.platforms.length === 1 &&
        !(0,media_types/* isIndexType */.$U)(before.mediaType) &&
        !(0,media_types/* isIndexType */.$U)(after.mediaType)) {
        const b = before.platforms[0];
        const a = after.platforms[0];
        const same = b.platform === a.platform;
        return {
            sizeChange,
            platforms: [diffPlatform(a.platform, b, a)],
            platformsAdded: same ? [] : [a.platform],
            platformsRemoved: same ? [] : [b.platform],
        };
    }
    const beforeBy = new Map((before?.platforms ?? []).map((p) => [p.platform, p]));
    const afterBy = new Map(after.platforms.map((p) => [p.platform, p]));
    const platforms = [];
    const platformsAdded = [];
    const platformsRemoved = [];
    for (const [name, a] of afterBy) {
        const b = beforeBy.get(name);
        if (!b)
            platformsAdded.push(name);
        platforms.push(diffPlatform(name, b, a));
    }
    for (const [name, b] of beforeBy) {
        if (afterBy.has(name))
            continue;
        platformsRemoved.push(name);
        platforms.push(diffPlatform(name, b, undefined));
    }
    return { sizeChange, platforms, platformsAdded, platformsRemoved };
}
// ---------------------------------------------------------------------------------------------
// Rendering
/** Items per list before "… and N more". */
const LIST_CAP = 50;
/** Characters of one user-supplied value in a table cell. */
const VALUE_CAP = 200;
/** Past this many characters, remaining platform sections are summarized. */
const BUDGET = 50_000;
function mib(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
/** Layer sizes: small layers are common, so KiB or bytes below a tenth of a MiB. */
function human(bytes) {
    if (bytes >= 0.1 * 1024 * 1024)
        return mib(bytes);
    if (bytes >= 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${bytes} bytes`;
}
function signed(bytes) {
    if (bytes === 0)
        return '0.0 MiB (no change)';
    const sign = bytes > 0 ? '+' : '-';
    const abs = Math.abs(bytes);
    return `${sign}${mib(abs)} (${sign}${abs.toLocaleString('en-US')} bytes)`;
}
function plan_short(digest) {
    const i = digest.indexOf(':');
    return i < 0 ? digest.slice(0, 12) : digest.slice(0, i + 13);
}
function value(text) {
    if (text === '')
        return '—';
    const t = text.length > VALUE_CAP ? `${text.slice(0, VALUE_CAP)}…` : text;
    return (0,markdown/* cell */.Hn)(t);
}
function more(total, shown, what = '') {
    return total > shown ? [`… and ${total - shown} more${what}`] : [];
}
function layerLines(title, layers, sign) {
    if (layers.length === 0)
        return [];
    const total = layers.reduce((s, l) => s + l.size, 0);
    const lines = [`**${title}** (${layers.length}, ${sign}${human(total)}):`, ''];
    for (const l of layers.slice(0, LIST_CAP))
        lines.push(`- \`${(0,markdown/* cell */.Hn)(plan_short(l.digest))}\` ${human(l.size)}`);
    const rest = more(layers.length, LIST_CAP);
    if (rest.length)
        lines.push(`- ${rest[0]}`);
    lines.push('');
    return lines;
}
function platformSection(p, added, removed) {
    const note = added ? ' (new platform)' : removed ? ' (removed platform)' : '';
    const lines = [`#### ${(0,markdown/* cell */.Hn)(p.platform)}${note}`, ''];
    if (!p.layersAdded.length && !p.layersRemoved.length && !p.configChanges.length) {
        lines.push('no change', '');
        return lines;
    }
    lines.push(...layerLines('Layers added', p.layersAdded, '+'));
    lines.push(...layerLines('Layers removed', p.layersRemoved, '-'));
    if (p.configChanges.length) {
        lines.push('**Config changes:**', '', '| Field | Before | After |', '|---|---|---|');
        for (const c of p.configChanges.slice(0, LIST_CAP))
            lines.push(`| ${value(c.field)} | ${value(c.before)} | ${value(c.after)} |`);
        const rest = more(p.configChanges.length, LIST_CAP);
        if (rest.length)
            lines.push(`| ${rest[0]} | | |`);
        lines.push('');
    }
    return lines;
}
function list(items, none) {
    if (items.length === 0)
        return [none, ''];
    const lines = items.slice(0, LIST_CAP).map((t) => `- ${(0,markdown/* cell */.Hn)(t)}`);
    const rest = more(items.length, LIST_CAP);
    if (rest.length)
        lines.push(`- ${rest[0]}`);
    lines.push('');
    return lines;
}
/** The plan as markdown for the job summary and the pull request comment (under ~60 KB). */
function renderPlan(input) {
    const { current, next } = input;
    const diff = diffImages(current, next);
    const against = input.compareTo ? (0,markdown/* cell */.Hn)(input.compareTo) : 'current';
    const lines = [`### Plan for \`${(0,markdown/* cell */.Hn)(next.digest)}\``, ''];
    if (input.compareTo && !current)
        lines.push(`Nothing is at ${against} yet: everything is new.`, '');
    lines.push(`| | Current (${against}) | New |`, '|---|---|---|', `| Digest | ${current ? `\`${(0,markdown/* cell */.Hn)(current.digest)}\`` : '—'} | \`${(0,markdown/* cell */.Hn)(next.digest)}\` |`, `| Size | ${current ? mib(current.size) : '—'} | ${mib(next.size)} |`, `| Size change | | ${signed(diff.sizeChange)} |`, `| Platforms | ${current ? (0,markdown/* cell */.Hn)(current.platforms.map((p) => p.platform).join(', ')) : '—'} | ${(0,markdown/* cell */.Hn)(next.platforms.map((p) => p.platform).join(', '))} |`, '');
    if (current && current.digest === next.digest)
        lines.push('The new digest is the one already there: a release would change nothing.', '');
    lines.push('#### Changes by platform', '');
    const added = new Set(diff.platformsAdded);
    const removed = new Set(diff.platformsRemoved);
    let size = lines.join('\n').length;
    let shown = 0;
    for (const p of diff.platforms) {
        const section = platformSection(p, added.has(p.platform), removed.has(p.platform));
        const text = section.join('\n');
        if (size + text.length > BUDGET)
            break;
        lines.push(...section);
        size += text.length + 1;
        shown++;
    }
    if (shown < diff.platforms.length)
        lines.push(`… and ${diff.platforms.length - shown} more platforms`, '');
    lines.push('#### Tags a release would write', '');
    lines.push(...list(input.tags, 'none'));
    lines.push('#### Gates a promotion would face', '');
    lines.push(...list(input.gates, 'none'));
    if (input.reproducible) {
        const digests = input.reproducible.ok
            ? [...new Set(input.reproducible.digests)]
            : input.reproducible.digests;
        const ds = digests
            .slice(0, 10)
            .map((d) => `\`${(0,markdown/* cell */.Hn)(d)}\``)
            .join(', ');
        lines.push(input.reproducible.ok
            ? `**Reproducible:** yes — the builds gave ${ds}`
            : `**Reproducible:** no — the builds gave different digests: ${ds}`, '');
    }
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/release/git.ts
var git = __webpack_require__(82941);
// EXTERNAL MODULE: ./src/commands/release-tags.ts
var release_tags = __webpack_require__(29453);
// EXTERNAL MODULE: ./src/commands/ledger-access.ts + 1 modules
var ledger_access = __webpack_require__(72144);
// EXTERNAL MODULE: ./src/commands/release.ts + 7 modules
var release = __webpack_require__(23675);
// EXTERNAL MODULE: ./src/commands/target.ts
var commands_target = __webpack_require__(16465);
;// CONCATENATED MODULE: ./src/commands/check.ts















const GATES = [
    'the manifest exists in the registry',
    'its signatures, release record and provenance verify (verify-key or keyless identity)',
    'it is not marked bad',
    'the environment is not on hold',
    'lifecycle order (from-environment / requires)',
];
/** The Dockerfile a Dockerfile build would use, for the lint (its path as annotations want it). */
async function dockerfileFor(config, ctx, context) {
    if (config.builder === 'native')
        return undefined;
    const path = config.dockerfile ? (0,external_node_path_.resolve)(ctx.cwd, config.dockerfile) : (0,external_node_path_.join)(context, 'Dockerfile');
    const found = await (0,promises_.stat)(path).catch(() => undefined);
    if (!found?.isFile())
        return undefined;
    return { path, text: await (0,promises_.readFile)(path, 'utf8'), displayPath: (0,external_node_path_.relative)(ctx.cwd, path) || path };
}
/** Blobs only, for later reuse: nothing a tag points to is written. */
async function pushBlobs(built, store) {
    const blobs = new Map();
    const walk = async (digest) => {
        const m = await built.layout.getManifest(digest);
        const parsed = (0,referrers/* parseManifest */.Ng)(m.bytes, digest);
        if ((0,media_types/* isIndexType */.$U)(m.mediaType))
            for (const c of parsed.manifests)
                await walk(c.digest);
        else
            for (const b of [parsed.config, ...parsed.layers])
                blobs.set(b.digest, b);
    };
    await walk(built.descriptor.digest);
    let uploaded = 0;
    await (0,copy/* mapLimit */.sf)([...blobs.values()], 4, async (b) => {
        const from = (await built.layout.hasBlob(b.digest)) || !built.baseStore ? built.layout : built.baseStore;
        if ((await store.putBlob(from.blobSource(b))) !== 'exists')
            uploaded++;
    });
    return uploaded;
}
/** The image `compare-to` names now: an environment's current digest, or a reference. */
async function currentImage(config, ctx, store) {
    const target = config.compareTo;
    if (!target)
        return { label: 'nothing' };
    if (target.kind === 'environment') {
        const opened = await (0,ledger_access/* openLedger */.au)(config, ctx);
        try {
            const digest = opened
                ? (await (0,ledger_access/* readEnvironment */.Qo)(opened.ledger, target.environment)).current?.digest
                : (await store.headManifest(target.environment))?.digest;
            return {
                label: target.environment,
                facts: digest ? await readImageFacts(store, digest) : undefined,
            };
        }
        finally {
            await opened?.close();
        }
    }
    const other = await (0,commands_target/* openTarget */.Ap)({ ...config, image: target.image }, ctx);
    const ref = target.image.kind === 'registry'
        ? (target.image.ref.digest ?? target.image.ref.tag)
        : target.image.layout.tag;
    const found = ref ? await other.headManifest(ref) : undefined;
    return {
        label: ref ?? (0,commands_target/* describeTarget */.ff)({ ...config, image: target.image }),
        facts: found ? await readImageFacts(other, found.digest) : undefined,
    };
}
/**
 * `check` (pull requests): builds like `release` but moves nothing: no tag, no manifest, and
 * blobs only with `push: true`. Lints unpinned bases, optionally proves the build reproducible,
 * and writes the plan against `compare-to` to the summary and one updated PR comment.
 */
async function check(config, ctx) {
    const phases = {};
    const context = (0,external_node_path_.isAbsolute)(config.context) ? config.context : (0,external_node_path_.resolve)(ctx.cwd, config.context);
    const facts = await (0,git/* readCommit */.kN)({ cwd: context, env: ctx.env, outputs: (0,commands_target/* targetFolders */.jT)(config) });
    if (facts.dirtyPaths.length)
        ctx.logger.warning(`the working tree has ${facts.dirtyPaths.length} uncommitted change(s); the plan includes them`);
    applyPinPolicy(unpinnedBases({
        dockerfile: await dockerfileFor(config, ctx, context),
        base: config.base,
        buildArgs: { ...config.buildArgs },
    }), config.pinBase, ctx.logger);
    const store = await (0,commands_target/* openTarget */.Ap)(config, ctx, { create: config.image.kind === 'layout' });
    const { plan } = await (0,release_tags/* planReleaseTags */.m)(store, {
        commit: facts.commit,
        ref: facts.ref,
        extra: [...config.tags],
    });
    const workDirs = [];
    const workDir = async () => {
        const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(ctx.tmpdir ?? (0,external_node_os_.tmpdir)(), 'immutable-release-check-'));
        workDirs.push(dir);
        return dir;
    };
    try {
        const built = await (0,release.timed)(phases, 'build', ctx, async () => (0,release.buildImage)(config, ctx, context, facts, plan, await workDir()));
        ctx.logger.info(`planned digest ${built.descriptor.digest}`);
        let reproducible;
        if (config.verifyReproducible) {
            const again = await (0,release.timed)(phases, 'rebuild', ctx, async () => (0,release.buildImage)(config, ctx, context, facts, plan, await workDir()));
            reproducible = {
                ok: again.descriptor.digest === built.descriptor.digest,
                digests: [built.descriptor.digest, again.descriptor.digest],
            };
            ctx.logger.info(`reproducible: ${reproducible.ok ? 'yes' : 'NO'} (${reproducible.digests.join(' vs ')})`);
        }
        if (config.push) {
            const uploaded = await (0,release.timed)(phases, 'push', ctx, () => pushBlobs(built, store));
            ctx.logger.info(`pushed ${uploaded} blob(s) for reuse; no tag or manifest written`);
        }
        const current = await currentImage(config, ctx, store);
        const next = await readImageFacts(built.layout, built.descriptor.digest);
        const markdown = renderPlan({
            compareTo: current.label,
            current: current.facts,
            next,
            tags: plan.tags,
            gates: GATES,
            reproducible,
        });
        const pull = pullRequestNumber(ctx.env);
        if (config.comment && config.githubToken && pull !== undefined && ctx.env.GITHUB_REPOSITORY) {
            const c = await upsertPullRequestComment({
                apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
                token: config.githubToken,
                repository: ctx.env.GITHUB_REPOSITORY,
            }, pull, markdown);
            ctx.logger.info(`${c.created ? 'created' : 'updated'} the plan comment on #${pull}`);
        }
        else if (config.comment) {
            ctx.logger.warning('comment is true, but there is no pull request number, token or repository: the plan is in the summary only');
        }
        if (reproducible && !reproducible.ok) {
            throw new errors/* ReleaseError */.K2('NOT_REPRODUCIBLE', `two builds of the same commit gave different digests: ${reproducible.digests.join(' and ')}`, {
                hint: 'something in the build depends on the time or the machine (a RUN step writing the date, an unpinned download); the plan is in the summary',
            });
        }
        return {
            outputs: {
                digest: built.descriptor.digest,
                image: `${(0,commands_target/* describeTarget */.ff)(config)}@${built.descriptor.digest}`,
                tags: plan.tags.join('\n'),
                plan: markdown,
            },
            summary: markdown,
        };
    }
    finally {
        for (const dir of workDirs)
            await (0,promises_.rm)(dir, { recursive: true, force: true });
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
