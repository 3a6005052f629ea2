export const id = 480;
export const ids = [480];
export const modules = {

/***/ 20480:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubHistory: () => (/* binding */ githubHistory)
/* harmony export */ });
/* harmony import */ var _octokit_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6702);

const PAGE = 100;
const githubHistory = async (target, options = {}) => {
    const api = await (0,_octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .openGitHubApi */ .II)(target, options, {
        needs: 'read the commits between releases from GitHub',
        permission: 'contents: read',
        may: 'read the contents of',
    });
    const { owner, repo } = api;
    const comparePage = async (basehead, page) => {
        const data = await api.call(`comparing ${basehead}`, async (o) => {
            const res = await o.rest.repos.compareCommitsWithBasehead({
                owner,
                repo,
                basehead,
                per_page: PAGE,
                page,
            });
            return res.data;
        });
        if (typeof data.total_commits !== 'number' || !Array.isArray(data.commits)) {
            throw new _octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubApiError */ .OS(`comparing ${basehead} gave no list of commits`, {});
        }
        return { total: data.total_commits, commits: data.commits.map(toCommit) };
    };
    return {
        async compare(base, head, limit) {
            const basehead = `${base}...${head}`;
            // Pages run oldest first; the newest `limit` are on the last pages.
            const first = await comparePage(basehead, 1);
            const total = first.total;
            const last = Math.max(1, Math.ceil(total / PAGE));
            const firstWanted = Math.floor(Math.max(0, total - limit) / PAGE) + 1;
            const pages = [];
            for (let page = firstWanted; page <= last; page++) {
                pages.push(page === 1 ? first.commits : (await comparePage(basehead, page)).commits);
            }
            const commits = pages.flat().reverse().slice(0, limit);
            return { commits, total };
        },
        async ancestors(head, page) {
            const data = await api.call(`listing the commits before ${head}`, async (o) => {
                const res = await o.rest.repos.listCommits({ owner, repo, sha: head, per_page: PAGE, page });
                return res.data;
            });
            if (!Array.isArray(data)) {
                throw new _octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubApiError */ .OS(`listing the commits before ${head} gave no list`, {});
            }
            return data.map(toCommit);
        },
    };
};
function toCommit(c) {
    if (typeof c?.sha !== 'string')
        throw new _octokit_js__WEBPACK_IMPORTED_MODULE_0__/* .GitHubApiError */ .OS('GitHub listed a commit without sha', {});
    const message = typeof c.commit?.message === 'string' ? c.commit.message : '';
    const name = c.commit?.author?.name;
    const login = c.author?.login;
    return {
        commit: c.sha,
        parents: (c.parents ?? []).map((p) => p?.sha).filter((s) => typeof s === 'string'),
        subject: message.split('\n')[0].trim(),
        author: typeof name === 'string' ? name : typeof login === 'string' ? login : '',
    };
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
