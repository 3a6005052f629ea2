export const id = 114;
export const ids = [114];
export const modules = {

/***/ 79659:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dp: () => (/* binding */ remoteHistory),
/* harmony export */   E5: () => (/* binding */ changeLogOrWarn),
/* harmony export */   Hv: () => (/* binding */ changesSection)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83758);

/** Opened on first use: most change logs come from local git and never call GitHub. */
function remoteHistory(config, ctx) {
    const repository = ctx.env.GITHUB_REPOSITORY;
    const open = ctx.githubHistory;
    if (!open || !config.githubToken || !repository)
        return undefined;
    let opened;
    const api = () => (opened ??= open({
        apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com',
        token: config.githubToken,
        repository,
    }, { log: (m) => ctx.logger.info(m) }));
    return {
        compare: async (base, head, limit) => (await api()).compare(base, head, limit),
        ancestors: async (head, page) => (await api()).ancestors(head, page),
    };
}
/** A change log is a report: when it cannot be made, the release or promote goes on without. */
async function changeLogOrWarn(ctx, what, make) {
    try {
        return await make();
    }
    catch (e) {
        ctx.logger.warning(`no change log for ${what}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
    }
}
/** The list under a summary's table, newest first. */
function changesSection(title, log, links) {
    if (log.commits.length === 0)
        return '';
    const commit = (sha) => links ? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .link */ .nf)(sha.slice(0, 7), links.commit(sha)) : (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(sha.slice(0, 7));
    return [
        `#### ${title}`,
        '',
        ...log.commits.map((c) => `- ${commit(c.commit)} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(c.subject)}${c.author ? ` (${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .Hn)(c.author)})` : ''}`),
        ...(log.more > 0 ? [`- … and ${log.more} more`] : []),
        '',
    ].join('\n');
}


/***/ }),

/***/ 71967:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ runLinks)
/* harmony export */ });
/* harmony import */ var _run_url_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22810);

function runLinks(env) {
    const repository = (0,_run_url_js__WEBPACK_IMPORTED_MODULE_0__/* .repositoryOf */ ._M)(env);
    if (!repository)
        return undefined;
    const home = `${(0,_run_url_js__WEBPACK_IMPORTED_MODULE_0__/* .serverUrl */ .Vd)(env)}/${repository}`;
    const hex = (sha) => /^[0-9a-f]{7,64}$/.test(sha);
    return {
        commit: (sha) => (hex(sha) ? `${home}/commit/${sha}` : home),
        compare: (from, to) => (hex(from) && hex(to) ? `${home}/compare/${from}...${to}` : home),
        run: (0,_run_url_js__WEBPACK_IMPORTED_MODULE_0__/* .runUrl */ .Vp)(env),
        package: (image) => {
            const owner = repository.split('/')[0].toLowerCase();
            const m = /^ghcr\.io\/([^/@:]+)\/([^@:]+)/.exec(image);
            if (!m || m[1] !== owner)
                return undefined;
            return `${home}/pkgs/container/${encodeURIComponent(m[2])}`;
        },
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

/***/ 83748:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L1: () => (/* binding */ copyImage),
/* harmony export */   SK: () => (/* binding */ pointTags),
/* harmony export */   sf: () => (/* binding */ mapLimit)
/* harmony export */ });
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29217);
/* harmony import */ var _referrers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50961);


/**
 * Runs `work` over `items` with at most `limit` in flight. After a failure no new item starts,
 * and the call settles only when the ones under way have, so nothing runs on after it returns.
 */
async function mapLimit(items, limit, work) {
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && next < items.length) {
            const item = items[next++];
            try {
                await work(item);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure)
        throw failure.error;
}
async function walk(src, root, graph, seen) {
    if (seen.has(root.digest))
        return;
    seen.add(root.digest);
    const m = (0,_referrers_js__WEBPACK_IMPORTED_MODULE_1__/* .parseManifest */ .Ng)(root.bytes, `manifest ${root.digest} in ${src.description}`);
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_0__/* .isIndexType */ .$U)(root.mediaType) || 'manifests' in m) {
        for (const child of m.manifests) {
            await walk(src, await src.getManifest(child.digest), graph, seen);
        }
    }
    else {
        const image = m;
        for (const blob of [image.config, ...image.layers]) {
            // Foreign layers live elsewhere by design; registries refuse nothing for lacking them.
            if (blob.urls?.length && /nondistributable|foreign/.test(blob.mediaType))
                continue;
            graph.blobs.set(blob.digest, blob);
        }
    }
    graph.manifests.push(root);
}
/**
 * Points each tag at `image` unless it already points there; returns the tags written. The
 * manifest bytes are fetched once, and only when some tag needs them.
 */
async function pointTags(store, tags, image) {
    let manifest = image.bytes && image.mediaType
        ? { bytes: image.bytes, mediaType: image.mediaType, digest: image.digest }
        : undefined;
    const written = [];
    for (const tag of tags) {
        if ((await store.headManifest(tag))?.digest === image.digest)
            continue;
        manifest ??= await store.getManifest(image.digest);
        await store.putManifest(manifest.bytes, manifest.mediaType, tag);
        written.push(tag);
    }
    return written;
}
function mountSource(from, to) {
    const sameRegistry = from.registry !== undefined && from.registry === to.registry;
    return sameRegistry && from.repository !== to.repository ? from.repository : undefined;
}
/**
 * Copies the image (manifest or index, with every platform) that `reference` names in `src` to
 * `dst`, byte for byte: blobs first (concurrently, mounted when both are repositories of one
 * registry), then manifests by digest, children first, and the tags very last, so that a reader
 * never finds a tag pointing at something incomplete.
 */
async function copyImage(src, dst, reference, options = {}) {
    const root = await src.getManifest(reference);
    const graph = { manifests: [], blobs: new Map() };
    await walk(src, root, graph, new Set());
    const stats = {
        blobs: { exists: 0, mounted: 0, uploaded: 0 },
        bytesUploaded: 0,
        manifests: 0,
    };
    const fallback = options.fallback;
    await mapLimit([...graph.blobs.values()], options.concurrency ?? 4, async (blob) => {
        const from = fallback && !(await src.hasBlob(blob.digest)) ? fallback : src;
        const result = await dst.putBlob(from.blobSource(blob), { mountFrom: mountSource(from, dst) });
        stats.blobs[result]++;
        if (result === 'uploaded')
            stats.bytesUploaded += blob.size;
        options.onBlob?.(blob.digest, result, blob.size);
    });
    for (const m of graph.manifests) {
        if (!(await dst.headManifest(m.digest))) {
            await dst.putManifest(m.bytes, m.mediaType);
            stats.manifests++;
        }
    }
    await pointTags(dst, options.tags ?? [], root);
    return {
        descriptor: { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length },
        stats,
    };
}


/***/ }),

/***/ 42495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ describeChanges),
/* harmony export */   p: () => (/* binding */ shippedChanges),
/* harmony export */   zK: () => (/* binding */ releaseChanges)
/* harmony export */ });
/* unused harmony exports CHANGES_LIMIT, REMOTE_WALK_PAGES, NO_HISTORY, pullRequestOf, entry */
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(82941);
/**
 * The change log of a release (the commits since the previous release of this image) and of a
 * promote (the commits between the environment's current release and the new one). Local git
 * first; when the clone lacks the history (actions/checkout's depth 1), GitHub's API through a
 * `RemoteHistory` the caller passes in; else a note that says how to get the history.
 */

/** Entries kept; the rest are only counted. */
const CHANGES_LIMIT = 250;
/** Pages of 100 commits walked through GitHub to find the previous release in a shallow clone. */
const REMOTE_WALK_PAGES = 5;
const NO_HISTORY = 'history not available; use fetch-depth: 0';
const COMMIT_TAG = /^sha-([0-9a-f]{40})$/;
const COMMIT = /^[0-9a-f]{40}$/;
function pullRequestOf(subject) {
    const m = /^Merge pull request #(\d+)\b/.exec(subject) ?? /\(#(\d+)\)\s*$/.exec(subject);
    const n = m ? Number(m[1]) : NaN;
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
function entry(commit, subject, author) {
    const pr = pullRequestOf(subject);
    return { commit, subject, author, ...(pr ? { pullRequest: pr } : {}) };
}
/**
 * The commits since the previous release: the nearest first-parent ancestor of `head` whose
 * `sha-<commit>` tag is among `tags` (the target's one tag listing).
 */
async function releaseChanges(input) {
    const { cwd, head } = input;
    const released = new Set(input.tags.map((t) => COMMIT_TAG.exec(t)?.[1]).filter((c) => c !== undefined));
    released.delete(head);
    const args = ['rev-list', '--first-parent', head];
    const chain = (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .must */ .sb)(args, await (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .git */ .$Y)(cwd, args))
        .split('\n')
        .filter(Boolean)
        .slice(1);
    const base = chain.find((c) => released.has(c));
    if (base)
        return localChanges(cwd, base, head);
    if (!(await isShallow(cwd)))
        return firstRelease(released.size > 0);
    // The walk above stopped at the clone's edge, not at the first commit.
    if (!input.remote)
        return unavailable(null);
    return remoteReleaseChanges(input.remote, head, released);
}
/** What a promote from `from` (the environment's current commit) to `to` ships. */
async function shippedChanges(input) {
    const { cwd, from, to } = input;
    if (!COMMIT.test(from) || !COMMIT.test(to))
        return unavailable(from);
    if (from === to)
        return { since: from, commits: [], more: 0 };
    if ((await hasCommit(cwd, from)) && (await hasCommit(cwd, to))) {
        // In a shallow clone both ends may be present with the commits between them cut off.
        const between = await (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .git */ .$Y)(cwd, ['merge-base', '--is-ancestor', from, to]);
        if (between.exitCode === 0 || !(await isShallow(cwd)))
            return localChanges(cwd, from, to);
    }
    if (!input.remote)
        return unavailable(from);
    const { commits, total } = await input.remote.compare(from, to, CHANGES_LIMIT);
    return { since: from, commits: commits.map(plain), more: total - commits.length };
}
/** One line for a ledger commit, a Deployment description or a log line. */
function describeChanges(log) {
    const since = log.since ? ` since ${log.since.slice(0, 12)}` : '';
    if (log.note)
        return `${log.note}${log.since ? ` (since ${log.since.slice(0, 12)})` : ''}`;
    const n = log.commits.length + log.more;
    const prs = [...new Set(log.commits.flatMap((c) => (c.pullRequest ? [c.pullRequest] : [])))];
    const listed = prs.length ? ` (${prs.map((p) => `#${p}`).join(', ')})` : '';
    return `${n} commit${n === 1 ? '' : 's'}${since}${listed}`;
}
async function localChanges(cwd, base, head) {
    const range = `${base}..${head}`;
    const logArgs = [
        'log',
        '--no-show-signature',
        '-z',
        `--max-count=${CHANGES_LIMIT}`,
        '--format=%H%x1f%s%x1f%an',
        range,
        '--',
    ];
    const commits = (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .must */ .sb)(logArgs, await (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .git */ .$Y)(cwd, logArgs))
        .split('\0')
        .filter(Boolean)
        .map((line) => {
        const [commit = '', subject = '', author = ''] = line.replace(/^\n/, '').split('\x1f');
        return entry(commit, subject, author);
    });
    let more = 0;
    if (commits.length === CHANGES_LIMIT) {
        const countArgs = ['rev-list', '--count', range, '--'];
        more = Number((0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .must */ .sb)(countArgs, await (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .git */ .$Y)(cwd, countArgs)).trim()) - CHANGES_LIMIT;
    }
    return { since: base, commits, more };
}
async function remoteReleaseChanges(remote, head, released) {
    let next = head;
    for (let page = 1; page <= REMOTE_WALK_PAGES && next; page++) {
        const commits = await remote.ancestors(head, page);
        if (commits.length === 0)
            break;
        for (const c of commits) {
            // A page lists merged branches' commits too; only the first-parent line is walked.
            if (c.commit !== next)
                continue;
            if (c.commit !== head && released.has(c.commit)) {
                const found = await remote.compare(c.commit, head, CHANGES_LIMIT);
                return {
                    since: c.commit,
                    commits: found.commits.map(plain),
                    more: found.total - found.commits.length,
                };
            }
            next = c.parents[0];
        }
    }
    if (next === undefined)
        return firstRelease(released.size > 0);
    return {
        since: null,
        commits: [],
        more: 0,
        note: `no earlier release among the ${REMOTE_WALK_PAGES * 100} commits before this one`,
    };
}
function plain(c) {
    return entry(c.commit, c.subject, c.author);
}
/** No ancestor was released; releases of other branches are not this one's history. */
function firstRelease(othersReleased) {
    const note = othersReleased ? 'first release of this line of history' : 'first release';
    return { since: null, commits: [], more: 0, note };
}
function unavailable(since) {
    return { since, commits: [], more: 0, note: NO_HISTORY };
}
async function isShallow(cwd) {
    const out = await (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .git */ .$Y)(cwd, ['rev-parse', '--is-shallow-repository']);
    return out.exitCode === 0 && out.stdout.trim() === 'true';
}
async function hasCommit(cwd, commit) {
    return (await (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .git */ .$Y)(cwd, ['cat-file', '-e', `${commit}^{commit}`])).exitCode === 0;
}


/***/ }),

/***/ 82941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Y: () => (/* binding */ git),
/* harmony export */   O0: () => (/* binding */ assertClean),
/* harmony export */   kN: () => (/* binding */ readCommit),
/* harmony export */   sb: () => (/* binding */ must)
/* harmony export */ });
/* unused harmony export normalizeSourceUrl */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _event_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(80807);
/**
 * Facts about the commit being released, read from git. Every git call is an argument array
 * (never a shell string), and every commit id that comes from the environment is checked to be
 * 40 hex digits before it reaches git, so no value can turn into an option.
 */






const execFileAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
const COMMIT_RE = /^[0-9a-f]{40}$/;
const MAX_LISTED = 20;
async function readCommit(options) {
    const env = options.env ?? process.env;
    const cwd = options.cwd;
    await assertFolder(cwd);
    await assertRepository(cwd);
    const head = await revParseCommit(cwd, 'HEAD');
    const commit = await chooseCommit(cwd, env, head);
    const outputSpecs = await outputsOutsideContext(cwd, options.outputs ?? []);
    const [tree, commitTime, ref, sourceUrl, dirtyPaths] = await Promise.all([
        treeOf(cwd, commit),
        commitTimeOf(cwd, commit),
        refOf(cwd, env, commit, head),
        sourceUrlOf(cwd, env),
        dirtyPathsOf(cwd, outputSpecs),
    ]);
    return { commit, tree, commitTime, ref, sourceUrl, dirtyPaths, outputSpecs, head };
}
function assertClean(facts, allowDirty) {
    if (allowDirty || facts.dirtyPaths.length === 0)
        return;
    const n = facts.dirtyPaths.length;
    const listed = facts.dirtyPaths.slice(0, MAX_LISTED).map((p) => `\n  ${p}`);
    const more = n > MAX_LISTED ? `\n  (+${n - MAX_LISTED} more)` : '';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('DIRTY_TREE', `the working tree has ${n} uncommitted change${n === 1 ? '' : 's'}, so the image would not ` +
        `be commit ${facts.commit.slice(0, 12)}:${listed.join('')}${more}`, {
        input: 'allow-dirty',
        hint: 'commit or discard the changes (git status shows them), add generated files to ' +
            '.gitignore, or set allow-dirty: true to release the working tree as it is',
    });
}
/**
 * `git@host:path`, `ssh://`, `git://` and `https://user:token@host/...` remotes as the https
 * page of the repository. Local paths give undefined: they name no public source.
 */
function normalizeSourceUrl(raw) {
    const value = raw.trim();
    if (value.length === 0)
        return undefined;
    // scp-like syntax: git treats `host:path` as ssh only when no slash comes before the colon.
    const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(value);
    if (scp && !value.includes('://')) {
        const host = scp[1];
        // A one-letter "host" is a Windows drive (C:\repo), not a remote.
        if (host.length === 1)
            return undefined;
        return finish(`https://${host}`, scp[2]);
    }
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return undefined;
    }
    switch (url.protocol) {
        case 'https:':
        case 'http:':
            return finish(`${url.protocol}//${url.host}`, url.pathname);
        case 'ssh:':
        case 'git:':
        case 'git+ssh:':
        case 'ssh+git:':
            // The ssh/git port says nothing about where the web page lives.
            return url.hostname ? finish(`https://${url.hostname}`, url.pathname) : undefined;
        default:
            return undefined;
    }
}
function finish(origin, path) {
    const clean = path
        .replace(/^\/*~?/, '')
        .replace(/\/+$/, '')
        .replace(/\.git$/, '');
    return clean.length === 0 ? undefined : `${origin}/${clean}`;
}
async function assertFolder(cwd) {
    let isDir = false;
    try {
        isDir = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(cwd)).isDirectory();
    }
    catch {
        isDir = false;
    }
    // Checked first because a missing cwd makes spawn fail with ENOENT, which reads as "no git".
    if (!isDir) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('INPUT_INVALID', `'${cwd}' is not a folder`, {
            input: 'context',
            hint: 'point context at the folder of a git checkout',
        });
    }
}
async function assertRepository(cwd) {
    const out = await git(cwd, ['rev-parse', '--show-toplevel']);
    if (out.exitCode === 0)
        return;
    if (/not a git repository/i.test(out.stderr)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('NOT_A_REPOSITORY', `'${cwd}' is not inside a git repository`, {
            input: 'context',
            hint: 'run inside a checkout (actions/checkout before this step), or run `git init` and ' +
                'commit: a release is made from a commit',
        });
    }
    if (/dubious ownership/i.test(out.stderr)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseError */ .K2('GIT_FAILED', `git refuses to read '${cwd}': ${firstLine(out.stderr)}`, {
            hint: `the folder belongs to another user; run \`git config --global --add safe.directory ${cwd}\``,
        });
    }
    throw gitFailed(['rev-parse', '--show-toplevel'], out);
}
async function chooseCommit(cwd, env, head) {
    const event = env.GITHUB_EVENT_NAME;
    if (event === 'pull_request' || event === 'pull_request_target') {
        const prHead = (0,_event_js__WEBPACK_IMPORTED_MODULE_5__/* .eventFacts */ .I)(env).pullRequestHead;
        if (prHead !== undefined) {
            const sha = checkSha(prHead, 'pull_request.head.sha of the event');
            // The merge commit GITHUB_SHA is a throwaway that no one can check out later; the head is
            // the commit the pull request really proposes.
            await assertPresent(cwd, sha, {
                what: `the pull request's head commit ${sha}`,
                hint: 'check out the head commit with actions/checkout and ' +
                    '`ref: ${{ github.event.pull_request.head.sha }}`, or fetch all history with ' +
                    '`fetch-depth: 0`',
            });
            return sha;
        }
    }
    const githubSha = env.GITHUB_SHA?.trim();
    if (githubSha) {
        const sha = checkSha(githubSha, 'GITHUB_SHA');
        await assertPresent(cwd, sha, {
            what: `GITHUB_SHA ${sha}`,
            hint: 'check out the commit that triggered the workflow (actions/checkout without another ' +
                '`ref`), or fetch all history with `fetch-depth: 0`',
        });
        return sha;
    }
    if (head === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('COMMIT_MISSING', `the repository at '${cwd}' has no commits yet`, {
            input: 'context',
            hint: 'commit the files first: a release is made from a commit',
        });
    }
    return head;
}
function checkSha(value, source) {
    const sha = value.trim().toLowerCase();
    if (!COMMIT_RE.test(sha)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('INPUT_INVALID', `${source} '${value}' is not a 40-hex commit id`, {
            hint: 'this value comes from the runner; outside Actions, unset it to release HEAD',
        });
    }
    return sha;
}
async function assertPresent(cwd, sha, how) {
    const out = await git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    if (out.exitCode !== 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('COMMIT_MISSING', `${how.what} is not in the local repository`, {
            input: 'context',
            hint: how.hint,
        });
    }
}
async function revParseCommit(cwd, rev) {
    const out = await git(cwd, ['rev-parse', '--verify', '-q', `${rev}^{commit}`]);
    return out.exitCode === 0 ? out.stdout.trim() : undefined;
}
async function treeOf(cwd, commit) {
    const args = ['rev-parse', '--verify', `${commit}^{tree}`];
    const tree = must(args, await git(cwd, args)).trim();
    if (!COMMIT_RE.test(tree)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseError */ .K2('GIT_FAILED', `git gave '${tree}' as the tree of ${commit}`, {
            hint: 'only SHA-1 repositories are supported',
        });
    }
    return tree;
}
async function commitTimeOf(cwd, commit) {
    // --no-show-signature: a log.showSignature setting would otherwise mix gpg output in.
    const args = ['show', '-s', '--no-show-signature', '--format=%ct', commit];
    const text = must(args, await git(cwd, args)).trim();
    const seconds = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(seconds)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseError */ .K2('GIT_FAILED', `git gave '${text}' as the commit time of ${commit}`);
    }
    return seconds;
}
async function refOf(cwd, env, commit, head) {
    const fromEnv = env.GITHUB_REF?.trim();
    if (fromEnv)
        return fromEnv;
    // The branch HEAD is on says nothing about a commit other than HEAD.
    if (commit === head) {
        const branch = await git(cwd, ['symbolic-ref', '-q', 'HEAD']);
        if (branch.exitCode === 0 && branch.stdout.trim())
            return branch.stdout.trim();
    }
    const args = ['tag', '--points-at', commit];
    const tags = must(args, await git(cwd, args))
        .split('\n')
        .map((t) => t.trim())
        .filter((t) => t.length > 0);
    // Two tags on one commit leave the version ambiguous: better none than a guess.
    return tags.length === 1 ? `refs/tags/${tags[0]}` : undefined;
}
async function sourceUrlOf(cwd, env) {
    const server = env.GITHUB_SERVER_URL?.trim();
    const repository = env.GITHUB_REPOSITORY?.trim();
    if (server && repository)
        return `${server.replace(/\/+$/, '')}/${repository}`;
    const out = await git(cwd, ['config', '--get', 'remote.origin.url']);
    return out.exitCode === 0 ? normalizeSourceUrl(out.stdout) : undefined;
}
/**
 * Pathspecs that leave out of `git status` each folder of `outputs` that is inside the
 * repository but neither inside the build context nor holding it: a release's layout in
 * `out/app` beside `examples/hello` is its output, not a change to what it builds.
 */
async function outputsOutsideContext(cwd, outputs) {
    if (outputs.length === 0)
        return [];
    const args = ['rev-parse', '--show-toplevel'];
    const top = must(args, await git(cwd, args)).trim();
    const context = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(cwd);
    const within = (outer, inner) => {
        const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(outer, inner);
        return rel !== '..' && !rel.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_2__.sep}`) && !(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(rel);
    };
    const specs = [];
    for (const folder of outputs) {
        // Not there yet (a first release): nothing of it can be dirty.
        const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(folder).catch(() => undefined);
        if (!real || !within(top, real) || real === top)
            continue;
        if (within(context, real) || within(real, context))
            continue;
        specs.push(`:(top,literal,exclude)${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(top, real)}`);
    }
    return specs;
}
async function dirtyPathsOf(cwd, excluded) {
    const args = ['status', '--porcelain=v1', '-z', '--untracked-files=normal'];
    if (excluded.length)
        args.push('--', ':(top)', ...excluded);
    const fields = must(args, await git(cwd, args)).split('\0');
    const paths = [];
    for (let i = 0; i < fields.length; i++) {
        const entry = fields[i];
        if (entry.length < 4)
            continue;
        const xy = entry.slice(0, 2);
        paths.push(entry.slice(3));
        // With -z a rename or copy is "XY new\0old": the old path is a change too, and must not be
        // read as an entry of its own.
        if (/[RC]/.test(xy) && i + 1 < fields.length) {
            const from = fields[++i];
            if (from.length > 0)
                paths.push(from);
        }
    }
    return [...new Set(paths)];
}
/**
 * Runs git in `cwd`, with `env` added to its environment; a non-zero exit is returned, not thrown
 * (only a missing git throws).
 */
async function git(cwd, args, env = {}) {
    try {
        const { stdout, stderr } = await execFileAsync('git', args, {
            cwd,
            encoding: 'utf8',
            maxBuffer: 256 * 1024 * 1024,
            env: {
                ...process.env,
                // Errors are matched by their English text; prompts would hang a CI job forever.
                LC_ALL: 'C',
                GIT_TERMINAL_PROMPT: '0',
                // `git status` would otherwise take the index lock to refresh it, racing other git work.
                GIT_OPTIONAL_LOCKS: '0',
                ...env,
            },
        });
        return { exitCode: 0, stdout, stderr };
    }
    catch (e) {
        const err = e;
        if (err.code === 'ENOENT') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseError */ .K2('GIT_FAILED', 'git was not found on PATH', {
                hint: 'install git (e.g. apt-get install git): commit facts are read from the checkout',
                cause: e,
            });
        }
        if (typeof err.code === 'number') {
            return { exitCode: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseError */ .K2('GIT_FAILED', `git ${args.join(' ')} could not run: ${err.message}`, {
            cause: e,
        });
    }
}
/** stdout of a git run that must succeed. */
function must(args, out) {
    if (out.exitCode !== 0)
        throw gitFailed(args, out);
    return out.stdout;
}
function gitFailed(args, out) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ReleaseError */ .K2('GIT_FAILED', `git ${args.join(' ')} failed (exit ${out.exitCode}): ${firstLine(out.stderr) || 'no message'}`);
}
function firstLine(text) {
    return text.trim().split('\n')[0] ?? '';
}


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
