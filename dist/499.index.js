export const id = 499;
export const ids = [499,901];
export const modules = {

/***/ 27901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SARIF_FILE: () => (/* binding */ SARIF_FILE),
  Scanner: () => (/* binding */ Scanner),
  atOrAbove: () => (/* binding */ atOrAbove),
  scan: () => (/* binding */ scan),
  vulnerabilityGate: () => (/* binding */ vulnerabilityGate)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(83758);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(62148);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(29217);
// EXTERNAL MODULE: ./src/oci/referrers.ts
var referrers = __webpack_require__(50961);
// EXTERNAL MODULE: ./src/sign/referrer.ts
var referrer = __webpack_require__(61354);
// EXTERNAL MODULE: ./src/sbom/cyclonedx.ts
var cyclonedx = __webpack_require__(95660);
// EXTERNAL MODULE: ./src/sbom/generate.ts + 5 modules
var generate = __webpack_require__(57704);
// EXTERNAL MODULE: ./node_modules/packageurl-js/index.js
var packageurl_js = __webpack_require__(87091);
// EXTERNAL MODULE: ./node_modules/ae-cvss-calculator/dist/ae-cvss-calculator.js
var ae_cvss_calculator = __webpack_require__(44353);
var ae_cvss_calculator_default = /*#__PURE__*/__webpack_require__.n(ae_cvss_calculator);
;// CONCATENATED MODULE: ./src/sbom/severity.ts
/**
 * An advisory's severity: its CVSS v4 or v3 vector scored by ae-cvss-calculator (the vector, not
 * a label someone derived from it, is what OSV records), else the database's own label (GitHub's
 * `database_specific.severity`, Debian's `urgency`, Ubuntu's priority).
 */

const SEVERITIES = ['unknown', 'low', 'medium', 'high', 'critical'];
const severityRank = (s) => SEVERITIES.indexOf(s);
/** CVSS v3/v4 qualitative rating of a score (FIRST's table). */
function ratingOf(score) {
    if (score >= 9)
        return 'critical';
    if (score >= 7)
        return 'high';
    if (score >= 4)
        return 'medium';
    if (score > 0)
        return 'low';
    return 'unknown';
}
/** A vector's base score, or undefined when the calculator cannot read it. */
function cvssScore(vector) {
    try {
        const v = vector.startsWith('CVSS:4.0/')
            ? new (ae_cvss_calculator_default()).Cvss4P0(vector)
            : vector.startsWith('CVSS:3.1/')
                ? new (ae_cvss_calculator_default()).Cvss3P1(vector)
                : vector.startsWith('CVSS:3.0/')
                    ? new (ae_cvss_calculator_default()).Cvss3P0(vector)
                    : undefined;
        const score = v?.calculateScores().base;
        return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
    }
    catch {
        return undefined;
    }
}
/** The labels databases use, to our five levels ("unimportant" and "negligible" rank lowest). */
const LABELS = {
    critical: 'critical',
    high: 'high',
    important: 'high',
    moderate: 'medium',
    medium: 'medium',
    low: 'low',
    negligible: 'low',
    unimportant: 'low',
};
function labelSeverity(label) {
    return typeof label === 'string' ? LABELS[label.trim().toLowerCase()] : undefined;
}
/** The newest CVSS version's score wins; then the first label found. */
function severityOf(entries, labels) {
    const vectors = entries
        .filter((e) => e.type === 'CVSS_V4' || e.type === 'CVSS_V3')
        .sort((a, b) => (a.type < b.type ? 1 : -1));
    for (const e of vectors) {
        const score = cvssScore(e.score);
        if (score !== undefined)
            return { severity: ratingOf(score), score, vector: e.score };
    }
    // Ubuntu writes its priority as a severity entry of type "Ubuntu".
    const named = entries.filter((e) => !e.type.startsWith('CVSS_')).map((e) => e.score);
    for (const label of [...named, ...labels]) {
        const s = labelSeverity(label);
        if (s)
            return { severity: s };
    }
    return { severity: 'unknown' };
}

// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js + 4 modules
var pep440 = __webpack_require__(99687);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/sbom/versions.ts
/**
 * Version order per ecosystem, as the package managers themselves order versions: dpkg for
 * Debian and Ubuntu, apk for Alpine, semver for npm and Go modules, PEP 440 for PyPI.
 * Advisories name fixed versions in these orders, so a scan that compared versions any other
 * way would miss or invent findings. Every compare returns a negative number, 0 or a positive
 * number, like sort callbacks.
 */


const sign = (n) => (n < 0 ? -1 : n > 0 ? 1 : 0);
/** Compares digit strings by value, however long (Debian and Alpine numbers may exceed 2^53). */
function compareDigits(a, b) {
    const x = a.replace(/^0+/, '');
    const y = b.replace(/^0+/, '');
    if (x.length !== y.length)
        return sign(x.length - y.length);
    return x < y ? -1 : x > y ? 1 : 0;
}
const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c) => /^[A-Za-z]$/.test(c);
/**
 * dpkg's weight of one character of a non-digit run: `~` sorts before everything, even the end
 * of the string (so `1.0~rc1` < `1.0`), letters before the other symbols.
 */
function debWeight(c) {
    if (c === undefined || isDigit(c))
        return 0;
    if (c === '~')
        return -1;
    if (isLetter(c))
        return c.charCodeAt(0);
    return c.charCodeAt(0) + 256;
}
/** One of upstream or revision, in dpkg's alternation of non-digit and digit runs. */
function debComparePart(a, b) {
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
            const d = debWeight(a[i]) - debWeight(b[j]);
            if (d !== 0)
                return sign(d);
            i++;
            j++;
        }
        const startA = i;
        const startB = j;
        while (isDigit(a[i]))
            i++;
        while (isDigit(b[j]))
            j++;
        const d = compareDigits(a.slice(startA, i) || '0', b.slice(startB, j) || '0');
        if (d !== 0)
            return d;
    }
    return 0;
}
/** `[epoch:]upstream[-revision]`: epoch before the first colon, revision after the last hyphen. */
function parseDebianVersion(version) {
    const v = version.trim();
    const colon = v.indexOf(':');
    const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? v.slice(0, colon) : '0';
    const rest = colon > 0 && epoch === v.slice(0, colon) ? v.slice(colon + 1) : v;
    const hyphen = rest.lastIndexOf('-');
    return hyphen < 0
        ? { epoch, upstream: rest, revision: '' }
        : { epoch, upstream: rest.slice(0, hyphen), revision: rest.slice(hyphen + 1) };
}
/** Debian's order (deb-version(7)), the order of `dpkg --compare-versions`. */
function compareDebian(a, b) {
    const x = parseDebianVersion(a);
    const y = parseDebianVersion(b);
    return (compareDigits(x.epoch, y.epoch) ||
        debComparePart(x.upstream, y.upstream) ||
        debComparePart(x.revision, y.revision));
}
// Alpine: digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}. The token kinds are ranked
// in the order they may follow each other; a version that stops earlier than another ranks
// higher unless the other continues with a pre-release suffix.
var Apk;
(function (Apk) {
    Apk[Apk["InitialDigit"] = 0] = "InitialDigit";
    Apk[Apk["Digit"] = 1] = "Digit";
    Apk[Apk["Letter"] = 2] = "Letter";
    Apk[Apk["Suffix"] = 3] = "Suffix";
    Apk[Apk["SuffixNo"] = 4] = "SuffixNo";
    Apk[Apk["CommitHash"] = 5] = "CommitHash";
    Apk[Apk["RevisionNo"] = 6] = "RevisionNo";
    Apk[Apk["End"] = 7] = "End";
    Apk[Apk["Invalid"] = 8] = "Invalid";
})(Apk || (Apk = {}));
/** Pre-release suffixes rank below "none", post-release ones above it. */
const APK_SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const APK_SUFFIX_NONE = APK_SUFFIXES.indexOf('');
/** Splits an Alpine version into its tokens, the last being End or Invalid. */
function apkTokens(version) {
    const tokens = [];
    let at = 0;
    const take = (re) => {
        const m = re.exec(version.slice(at));
        const text = m ? m[0] : '';
        at += text.length;
        return text;
    };
    const push = (kind, text = '', suffix = -1) => {
        tokens.push({ kind, text, suffix });
        return kind;
    };
    let last = push(Apk.InitialDigit, take(/^\d+/));
    if (!tokens[0].text)
        return [{ kind: Apk.Invalid, text: '', suffix: -1 }];
    while (last < Apk.End) {
        const c = version[at];
        if (c === undefined)
            last = push(Apk.End);
        else if (c >= 'a' && c <= 'z') {
            if (last > Apk.Digit)
                last = push(Apk.Invalid);
            else
                last = push(Apk.Letter, version[at++]);
        }
        else if (c === '.' || isDigit(c)) {
            if (c === '.') {
                if (last > Apk.Digit) {
                    last = push(Apk.Invalid);
                    continue;
                }
                at++;
            }
            const kind = last === Apk.InitialDigit || last === Apk.Digit
                ? Apk.Digit
                : last === Apk.Suffix
                    ? Apk.SuffixNo
                    : Apk.Invalid;
            const digits = kind === Apk.Invalid ? '' : take(/^\d+/);
            last = push(digits ? kind : Apk.Invalid, digits);
        }
        else if (c === '_') {
            at++;
            const name = take(/^[a-z]+/);
            const suffix = name ? APK_SUFFIXES.indexOf(name) : -1;
            last =
                last > Apk.SuffixNo || suffix < 0 || suffix === APK_SUFFIX_NONE
                    ? push(Apk.Invalid)
                    : push(Apk.Suffix, name, suffix);
        }
        else if (c === '~') {
            at++;
            const hash = take(/^[0-9a-fA-F]+/);
            last = last >= Apk.CommitHash || !hash ? push(Apk.Invalid) : push(Apk.CommitHash, hash);
        }
        else if (c === '-' && version[at + 1] === 'r' && last < Apk.RevisionNo) {
            at += 2;
            const digits = take(/^\d+/);
            last = push(digits ? Apk.RevisionNo : Apk.Invalid, digits);
        }
        else
            last = push(Apk.Invalid);
    }
    return tokens;
}
/** Byte order, a prefix first (apk's blob sort). */
const bytewise = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function apkTokenCompare(a, b) {
    switch (a.kind) {
        case Apk.Digit:
            // A leading zero makes the component a decimal fraction: compared as text (Gentoo's rule).
            if (a.text.startsWith('0') || b.text.startsWith('0'))
                return bytewise(a.text, b.text);
            return compareDigits(a.text, b.text);
        case Apk.InitialDigit:
        case Apk.SuffixNo:
        case Apk.RevisionNo:
            return compareDigits(a.text, b.text);
        case Apk.Letter:
            return bytewise(a.text, b.text);
        case Apk.Suffix:
            return sign(a.suffix - b.suffix);
        default:
            return bytewise(a.text, b.text);
    }
}
/** Alpine's order, the order of `apk version -t`. */
function compareAlpine(a, b) {
    const x = apkTokens(a);
    const y = apkTokens(b);
    let i = 0;
    for (; i < x.length && i < y.length; i++) {
        const ta = x[i];
        const tb = y[i];
        if (ta.kind !== tb.kind || ta.kind >= Apk.End)
            break;
        const d = apkTokenCompare(ta, tb);
        if (d !== 0)
            return d;
    }
    const ta = x[i];
    const tb = y[i];
    if (ta.kind === tb.kind)
        return 0;
    if (ta.kind === Apk.Suffix && ta.suffix < APK_SUFFIX_NONE)
        return -1;
    if (tb.kind === Apk.Suffix && tb.suffix < APK_SUFFIX_NONE)
        return 1;
    return ta.kind > tb.kind ? -1 : 1;
}
/** npm's order (semver 2.0, build metadata ignored); unreadable versions sort first, as text. */
function compareNpm(a, b) {
    const x = semver_default().valid(a, { loose: true });
    const y = semver_default().valid(b, { loose: true });
    if (x && y)
        return semver_default().compare(x, y);
    if (!x && !y)
        return bytewise(a, b);
    return x ? 1 : -1;
}
/** PEP 440's order; versions it cannot read sort first, as text. */
function comparePypi(a, b) {
    const x = pep440/* valid */.rZ(a);
    const y = pep440/* valid */.rZ(b);
    if (x && y)
        return sign(pep440/* compare */.UD(a, b));
    if (!x && !y)
        return bytewise(a, b);
    return x ? 1 : -1;
}
const COMPARE = {
    deb: compareDebian,
    apk: compareAlpine,
    npm: compareNpm,
    pypi: comparePypi,
    // Go module versions are semver with a `v` (pseudo-versions are prereleases).
    golang: compareNpm,
};
/** The order of `ecosystem` (a purl type: deb, apk, npm, pypi, golang). */
function compareVersions(ecosystem, a, b) {
    return COMPARE[ecosystem](a, b);
}

;// CONCATENATED MODULE: ./src/sbom/osv.ts
/**
 * Advisories in OSV format (https://ossf.github.io/osv-schema/) matched against an SBOM's
 * packages. Advisories are indexed once by (ecosystem, package name), so a scan costs one pass
 * over the advisories plus one lookup per package, however many advisories there are. Versions
 * are compared in each ecosystem's own order (versions.ts); Debian and Ubuntu advisories name
 * source packages, so binary packages are matched through their source.
 */




const PYPI_NAME = /[-_.]+/g;
function normalizeName(ecosystem, name) {
    return ecosystem === 'PyPI' ? name.toLowerCase().replace(PYPI_NAME, '-') : name;
}
/**
 * OSV's ecosystem names as we key them: Ubuntu's `:LTS` and Alpine's `v` are dropped to the
 * release number an image's os-release gives. Ubuntu Pro advisories cover packages a plain image
 * does not have, so they are not keyed at all.
 */
function ecosystemKey(ecosystem) {
    if (ecosystem.startsWith('Ubuntu:')) {
        if (ecosystem.includes(':Pro:'))
            return undefined;
        return ecosystem.replace(/:LTS$/, '');
    }
    return ecosystem;
}
const key = (ecosystem, name) => `${ecosystem}\u0000${normalizeName(ecosystem, name)}`;
/** The OSV ecosystems of a purl's distro qualifier (`debian-12`, `ubuntu-22.04`, `alpine-3.19.1`). */
function distroEcosystems(namespace, distro) {
    const id = (namespace ?? '').toLowerCase();
    const release = distro?.startsWith(`${id}-`) ? distro.slice(id.length + 1) : undefined;
    const base = id === 'ubuntu' ? 'Ubuntu' : id === 'alpine' ? 'Alpine' : 'Debian';
    if (!release)
        return [base];
    if (base === 'Debian')
        return [`Debian:${release.split('.')[0]}`, base];
    if (base === 'Alpine')
        return [`Alpine:v${release.split('.').slice(0, 2).join('.')}`, base];
    return [`Ubuntu:${release}`, base];
}
/** The packages a CycloneDX SBOM lists, for the ecosystems advisories can be matched in. */
function bomPackages(bom) {
    const out = [];
    const walk = (list) => {
        for (const c of list ?? []) {
            walk(c.components);
            const p = scanPackage(c);
            if (p)
                out.push(p);
        }
    };
    walk(bom?.components);
    return out;
}
function scanPackage(c) {
    if (!c.purl)
        return undefined;
    let purl;
    try {
        purl = packageurl_js.PackageURL.fromString(c.purl);
    }
    catch {
        return undefined;
    }
    if (!purl.version)
        return undefined;
    const props = (name) => (c.properties ?? []).filter((p) => p.name === name);
    const layers = props(cyclonedx/* PROPERTY */.sr.layer).map((p) => p.value);
    const paths = props(cyclonedx/* PROPERTY */.sr.path).map((p) => p.value);
    const base = { purl: c.purl, version: purl.version, layers, paths };
    switch (purl.type) {
        case 'npm': {
            const name = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
            return {
                ...base,
                type: 'npm',
                name,
                match: { name, version: purl.version },
                ecosystems: ['npm'],
            };
        }
        case 'pypi':
            return {
                ...base,
                type: 'pypi',
                name: purl.name,
                match: { name: purl.name, version: purl.version },
                ecosystems: ['PyPI'],
            };
        case 'golang': {
            const name = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
            return {
                ...base,
                type: 'golang',
                name,
                match: { name, version: purl.version },
                ecosystems: ['Go'],
            };
        }
        case 'deb':
        case 'apk': {
            const source = props(cyclonedx/* PROPERTY */.sr.sourceName)[0]?.value ?? purl.name;
            const sourceVersion = props(cyclonedx/* PROPERTY */.sr.sourceVersion)[0]?.value ?? purl.version;
            return {
                ...base,
                type: purl.type,
                name: purl.name,
                match: { name: source, version: sourceVersion },
                ecosystems: distroEcosystems(purl.namespace, purl.qualifiers?.distro),
            };
        }
        default:
            return undefined;
    }
}
function orderOf(type, rangeType) {
    // SEMVER ranges are semver whatever the ecosystem; Go versions are semver with a `v`.
    if (rangeType === 'SEMVER' || type === 'golang')
        return compareNpm;
    return (a, b) => compareVersions(type, a, b);
}
const versionOf = (e) => e.introduced ?? e.fixed ?? e.last_affected ?? '';
/** OSV's range evaluation: events in version order, `introduced: "0"` before everything. */
function inRange(events, version, order) {
    const cmp = (a, b) => (a === b ? 0 : a === '0' ? -1 : b === '0' ? 1 : order(a, b));
    const sorted = [...events].sort((a, b) => cmp(versionOf(a), versionOf(b)));
    let hit = false;
    for (const e of sorted) {
        if (e.introduced !== undefined && cmp(version, e.introduced) >= 0)
            hit = true;
        else if (e.fixed !== undefined && cmp(version, e.fixed) >= 0)
            hit = false;
        else if (e.last_affected !== undefined && cmp(version, e.last_affected) > 0)
            hit = false;
    }
    const fixed = hit
        ? sorted.find((e) => e.fixed !== undefined && cmp(e.fixed, version) > 0)?.fixed
        : undefined;
    return { hit, fixed };
}
function affects(a, p) {
    const version = p.match.version;
    let fixed;
    let hit = a.versions.has(version);
    for (const r of a.ranges) {
        if (r.type !== 'ECOSYSTEM' && r.type !== 'SEMVER')
            continue;
        const order = orderOf(p.type, r.type);
        const result = inRange(r.events, version, order);
        if (!result.hit)
            continue;
        hit = true;
        if (result.fixed !== undefined && (fixed === undefined || order(result.fixed, fixed) < 0)) {
            fixed = result.fixed;
        }
    }
    return { hit, fixed };
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v) => Array.isArray(v) ? v.filter((s) => typeof s === 'string') : [];
const severities = (v) => Array.isArray(v)
    ? v.filter((s) => isObject(s) && typeof s.type === 'string' && typeof s.score === 'string')
    : [];
/** Advisories by (ecosystem, package name): filled once, then asked once per package. */
class AdvisoryIndex {
    entries = new Map();
    ids = new Set();
    /** How many advisories it holds. */
    get size() {
        return this.ids.size;
    }
    has(id) {
        return this.ids.has(id);
    }
    /**
     * Adds one OSV document; false when it is not one (no id) or is withdrawn. An id seen before
     * is kept as first added.
     */
    add(doc) {
        if (!isObject(doc) || typeof doc.id !== 'string' || !Array.isArray(doc.affected))
            return false;
        if (doc.withdrawn || this.ids.has(doc.id))
            return false;
        const advisory = {
            id: doc.id,
            aliases: strings(doc.aliases),
            summary: typeof doc.summary === 'string' ? doc.summary : undefined,
            severity: severities(doc.severity),
            labels: isObject(doc.database_specific) ? [doc.database_specific.severity] : [],
        };
        let indexed = false;
        for (const a of doc.affected) {
            if (!isObject(a) || !isObject(a.package))
                continue;
            const { ecosystem, name } = a.package;
            if (typeof ecosystem !== 'string' || typeof name !== 'string')
                continue;
            const eco = ecosystemKey(ecosystem);
            if (!eco)
                continue;
            const db = isObject(a.database_specific) ? a.database_specific : {};
            const es = isObject(a.ecosystem_specific) ? a.ecosystem_specific : {};
            const affected = {
                ranges: (Array.isArray(a.ranges) ? a.ranges : [])
                    .filter((r) => isObject(r) && Array.isArray(r.events))
                    .map((r) => ({
                    type: String(r.type),
                    events: r.events.filter(isObject),
                })),
                versions: new Set(strings(a.versions)),
                severity: severities(a.severity),
                labels: [db.severity, es.severity, es.urgency],
            };
            const k = key(eco, name);
            const list = this.entries.get(k);
            if (list)
                list.push({ advisory, affected });
            else
                this.entries.set(k, [{ advisory, affected }]);
            indexed = true;
        }
        if (indexed)
            this.ids.add(doc.id);
        return indexed;
    }
    /** Every advisory that affects a package, one finding per (advisory, package). */
    match(packages) {
        const findings = [];
        for (const p of packages) {
            const seen = new Set();
            for (const eco of p.ecosystems) {
                for (const { advisory, affected } of this.entries.get(key(eco, p.match.name)) ?? []) {
                    if (seen.has(advisory.id))
                        continue;
                    const { hit, fixed } = affects(affected, p);
                    if (!hit)
                        continue;
                    seen.add(advisory.id);
                    const { severity, score } = severityOf([...affected.severity, ...advisory.severity], [...affected.labels, ...advisory.labels]);
                    findings.push({
                        id: advisory.id,
                        aliases: advisory.aliases,
                        ...(advisory.summary ? { summary: advisory.summary } : {}),
                        package: p.name,
                        advisoryPackage: p.match.name,
                        purl: p.purl,
                        ecosystem: eco,
                        installed: p.version,
                        ...(fixed !== undefined ? { fixed } : {}),
                        severity,
                        ...(score !== undefined ? { score } : {}),
                        layers: p.layers,
                        paths: p.paths,
                    });
                }
            }
        }
        return findings;
    }
}

;// CONCATENATED MODULE: ./src/sbom/image-sbom.ts
/**
 * The packages of an image in a registry, for a scan: each platform manifest's CycloneDX referrer
 * when the release attached one, else an SBOM built from its layers by the same generator a
 * release uses (older releases, images from elsewhere). Nothing is written to the registry.
 */






/** Platform manifests of an index; attestation manifests (platform unknown/unknown) are not images. */
function platformsOf(index) {
    return index.manifests.filter((d) => !(0,media_types/* isIndexType */.$U)(d.mediaType) && d.platform?.os !== 'unknown');
}
async function imageSbom(store, repository, digest) {
    const fetched = await store.getManifest(digest);
    const index = (0,media_types/* isIndexType */.$U)(fetched.mediaType)
        ? (0,referrers/* parseManifest */.Ng)(fetched.bytes, `index ${digest}`)
        : undefined;
    const subjects = index
        ? platformsOf(index)
        : [{ mediaType: fetched.mediaType, digest, size: fetched.bytes.length }];
    const annotations = index?.annotations;
    const byPurl = new Map();
    const platforms = [];
    let base;
    for (const subject of subjects) {
        const attached = await (0,referrer/* readReferrers */.tV)(store, subject.digest, cyclonedx/* CYCLONEDX_MEDIA_TYPE */.Gn);
        let bom;
        if (attached.length) {
            bom = JSON.parse(attached[0].blob.toString('utf8'));
            platforms.push({ digest: subject.digest, from: 'referrer' });
        }
        else {
            const built = await (0,generate/* platformSbom */.P0)({ store, repository, subject, annotations });
            bom = JSON.parse(built.bom.toString('utf8'));
            platforms.push({ digest: subject.digest, from: 'layers' });
        }
        base ??= bom.components?.find((c) => c.properties?.some((p) => p.name === 'immutable-release:role' && p.value === 'base-image'))?.name;
        for (const p of bomPackages(bom)) {
            const seen = byPurl.get(p.purl);
            if (!seen)
                byPurl.set(p.purl, p);
            else {
                seen.layers = [...new Set([...seen.layers, ...p.layers])];
                seen.paths = [...new Set([...seen.paths, ...p.paths])];
            }
        }
    }
    return { digest, packages: [...byPurl.values()], platforms, ...(base ? { base } : {}) };
}

// EXTERNAL MODULE: ./src/oci/http.ts
var http = __webpack_require__(95809);
// EXTERNAL MODULE: ./src/oci/network.ts
var network = __webpack_require__(86463);
;// CONCATENATED MODULE: ./src/sbom/osv-api.ts
/**
 * OSV's API (https://google.github.io/osv.dev/api/): one `POST /v1/querybatch` per 1,000
 * packages answers which advisory ids affect them, then `GET /v1/vulns/<id>` fetches each
 * advisory once. The advisories land in the same index the offline files fill, so matching and
 * the fixed version are worked out the same way whichever the source.
 */



/** The API's own limit of queries per batch. */
const BATCH = 1000;
const CONCURRENCY = 8;
/** The API's name of an ecosystem we key without its suffix: Ubuntu LTS releases carry `:LTS`. */
function apiEcosystem(ecosystem) {
    return /^Ubuntu:\d+\.04$/.test(ecosystem) && Number(ecosystem.slice(7, 9)) % 2 === 0
        ? `${ecosystem}:LTS`
        : ecosystem;
}
async function call(url, body) {
    const { timeoutMs, retry } = (0,network/* currentNetwork */.O4)();
    for (let attempt = 1;; attempt++) {
        let res;
        let error;
        try {
            res = await fetch(url, {
                method: body === undefined ? 'GET' : 'POST',
                headers: body === undefined ? {} : { 'content-type': 'application/json' },
                body: body === undefined ? undefined : JSON.stringify(body),
                signal: AbortSignal.timeout(timeoutMs),
            });
            if (res.ok)
                return (await res.json());
        }
        catch (e) {
            error = e;
        }
        const transient = !res || (0,http/* isRetryableStatus */.PS)(res.status);
        if (!transient || attempt >= retry.attempts) {
            throw new errors/* ReleaseError */.K2('ADVISORIES_UNREACHABLE', `OSV API ${url}: ${res ? `HTTP ${res.status}` : error.message}`, {
                hint: 'check the advisories input, or scan offline from a folder or zip of OSV files',
                cause: error,
            });
        }
        await (0,http/* sleep */.yy)((0,http/* backoffMs */.jo)(attempt, retry, (0,http/* retryAfterMs */.Vs)(res?.headers.get('retry-after') ?? undefined)));
    }
}
/** Asks the API about every package and adds the advisories it names to `index`. */
async function loadAdvisoriesFromApi(base, packages, index) {
    const root = base.replace(/\/+$/, '');
    const seen = new Set();
    const queries = [];
    for (const p of packages) {
        const q = {
            package: { name: p.match.name, ecosystem: apiEcosystem(p.ecosystems[0]) },
            version: p.match.version,
        };
        const k = JSON.stringify(q);
        if (!seen.has(k)) {
            seen.add(k);
            queries.push(q);
        }
    }
    const ids = new Set();
    let pending = queries;
    while (pending.length) {
        const more = [];
        for (let i = 0; i < pending.length; i += BATCH) {
            const batch = pending.slice(i, i + BATCH);
            const answer = (await call(`${root}/v1/querybatch`, { queries: batch }));
            answer.results?.forEach((r, j) => {
                for (const v of r.vulns ?? [])
                    if (typeof v.id === 'string')
                        ids.add(v.id);
                if (r.next_page_token)
                    more.push({ ...batch[j], page_token: r.next_page_token });
            });
        }
        pending = more;
    }
    const wanted = [...ids].filter((id) => !index.has(id)).sort();
    let next = 0;
    const worker = async () => {
        while (next < wanted.length) {
            const id = wanted[next++];
            index.add(await call(`${root}/v1/vulns/${encodeURIComponent(id)}`));
        }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { queries: queries.length, fetched: wanted.length };
}

// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(20663);
;// CONCATENATED MODULE: ./src/sbom/osv-files.ts
/**
 * OSV advisories from local files, for offline scans: a folder of `.json` files (searched
 * recursively) or a zip of them, such as the per-ecosystem `all.zip` osv.dev publishes
 * (https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip).
 */




/** Files read at once from a folder: enough to keep the disk busy, few enough for the fd limit. */
const osv_files_CONCURRENCY = 32;
function parse(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
async function loadFolder(dir, index) {
    const names = (await (0,promises_.readdir)(dir, { recursive: true })).filter((n) => n.endsWith('.json')).sort();
    const report = { added: 0, skipped: [] };
    let next = 0;
    const worker = async () => {
        while (next < names.length) {
            const name = names[next++];
            if (index.add(parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, name), 'utf8'))))
                report.added++;
            else
                report.skipped.push(name);
        }
    };
    await Promise.all(Array.from({ length: osv_files_CONCURRENCY }, worker));
    return report;
}
function openZip(path) {
    return new Promise((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => err ? reject(err) : resolve(zip)));
}
async function loadZip(path, index) {
    const zip = await openZip(path);
    const report = { added: 0, skipped: [] };
    await new Promise((resolve, reject) => {
        zip.on('error', reject);
        zip.on('end', () => resolve());
        zip.on('entry', (entry) => {
            if (!entry.fileName.endsWith('.json'))
                return zip.readEntry();
            zip.openReadStream(entry, (err, stream) => {
                if (err)
                    return reject(err);
                const chunks = [];
                stream.on('data', (c) => chunks.push(c));
                stream.on('error', reject);
                stream.on('end', () => {
                    if (index.add(parse(Buffer.concat(chunks).toString('utf8'))))
                        report.added++;
                    else
                        report.skipped.push(entry.fileName);
                    zip.readEntry();
                });
            });
        });
        zip.readEntry();
    });
    return report;
}
/** Adds the advisories of a folder or zip (`where`, as the input gave it) to the index. */
async function loadAdvisoryFiles(path, where, index) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `${where} does not exist`, {
            input: 'advisories',
            valid: 'an https:// URL of the OSV API, a folder of OSV .json files, or a .zip of them',
        });
    }
    try {
        return info.isDirectory() ? await loadFolder(path, index) : await loadZip(path, index);
    }
    catch (e) {
        throw new errors/* UserError */.yo('INPUT_INVALID', `${where} could not be read: ${e.message}`, {
            input: 'advisories',
            valid: 'a folder of OSV .json files, or a .zip of them (osv.dev all.zip)',
            cause: e,
        });
    }
}

// EXTERNAL MODULE: ./package.json
var package_0 = __webpack_require__(8330);
;// CONCATENATED MODULE: ./src/sbom/sarif.ts
/**
 * Findings as SARIF 2.1.0, the format github/codeql-action/upload-sarif takes: one rule per
 * advisory, one result per finding, located at the file in the image that lists the package.
 * Code scanning reads `security-severity` (a CVSS score) to rank security results.
 */

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL = {
    critical: 'error',
    high: 'error',
    medium: 'warning',
    low: 'note',
    unknown: 'warning',
};
/** A score for severities known only by label: the middle of the CVSS band. */
const LABEL_SCORE = {
    critical: 9.5,
    high: 8,
    medium: 5.5,
    low: 2,
    unknown: undefined,
};
function sarifLog(subjects) {
    const rules = new Map();
    const results = [];
    for (const s of subjects) {
        for (const f of s.findings) {
            const score = f.score ?? LABEL_SCORE[f.severity];
            if (!rules.has(f.id)) {
                rules.set(f.id, {
                    id: f.id,
                    name: f.id.replace(/[^A-Za-z0-9]/g, ''),
                    shortDescription: { text: f.summary ?? `${f.id} in ${f.advisoryPackage}` },
                    helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(f.id)}`,
                    help: { text: [f.id, ...f.aliases].join(', ') },
                    defaultConfiguration: { level: LEVEL[f.severity] },
                    properties: {
                        tags: ['security', 'vulnerability'],
                        ...(score !== undefined ? { 'security-severity': score.toFixed(1) } : {}),
                    },
                });
            }
            const fix = f.fixed ? `fixed in ${f.fixed}` : 'no fixed version published';
            results.push({
                ruleId: f.id,
                level: LEVEL[f.severity],
                message: {
                    text: `${s.label}: ${f.package} ${f.installed} in ${s.image} is affected by ${f.id}` +
                        `${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''}, ${f.severity}; ${fix}` +
                        `${f.wayOut ? `. ${f.wayOut}` : ''}`,
                },
                locations: [
                    {
                        physicalLocation: { artifactLocation: { uri: f.paths[0] ?? f.purl } },
                        logicalLocations: [{ name: f.purl, kind: 'package' }],
                    },
                ],
                partialFingerprints: { packageAdvisory: `${s.label}|${f.purl}|${f.id}` },
            });
        }
    }
    return {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: package_0/* name */.UU,
                        version: package_0/* version */.rE,
                        informationUri: 'https://osv.dev',
                        rules: [...rules.values()],
                    },
                },
                results,
            },
        ],
    };
}

// EXTERNAL MODULE: ./src/commands/ledger-access.ts + 1 modules
var ledger_access = __webpack_require__(72144);
// EXTERNAL MODULE: ./src/commands/target.ts
var target = __webpack_require__(16465);
;// CONCATENATED MODULE: ./src/commands/scan.ts
/**
 * `scan`: every environment's current and previous image (or the image the input names) matched
 * against OSV advisories through its SBOM, read from the registry and nowhere else: nothing that
 * runs the images is touched. For each finding in a current image it names the way out: the
 * newest image of the environment's history without it (a rollback), else the fixed version a
 * new release needs.
 */













const SARIF_FILE = 'immutable-release-scan.sarif';
/** Advisories from every source of the input; the API is asked only about packages not yet asked. */
class Advisories {
    config;
    ctx;
    index = new AdvisoryIndex();
    asked = new Set();
    constructor(config, ctx) {
        this.config = config;
        this.ctx = ctx;
    }
    async loadFiles() {
        for (const source of this.config.advisories) {
            if (source.kind !== 'files')
                continue;
            const report = await loadAdvisoryFiles((0,external_node_path_.resolve)(this.ctx.cwd, source.path), source.path, this.index);
            this.ctx.logger.info(`advisories: ${report.added} from ${source.path}`);
            if (report.skipped.length) {
                this.ctx.logger.warning(`advisories: ${report.skipped.length} file(s) in ${source.path} are not OSV advisories, e.g. ${report.skipped[0]}`);
            }
        }
    }
    async cover(packages) {
        const fresh = packages.filter((p) => !this.asked.has(p.purl));
        if (!fresh.length)
            return;
        for (const p of fresh)
            this.asked.add(p.purl);
        for (const source of this.config.advisories) {
            if (source.kind !== 'api')
                continue;
            const r = await loadAdvisoriesFromApi(source.url, fresh, this.index);
            this.ctx.logger.info(`advisories: ${source.url} asked about ${r.queries} package(s), ${r.fetched} advisory(ies) fetched`);
        }
    }
}
/** The findings of images, each image's SBOM read once. */
class Scanner {
    config;
    ctx;
    store;
    advisories;
    sboms = new Map();
    ignores;
    constructor(config, ctx, store) {
        this.config = config;
        this.ctx = ctx;
        this.store = store;
        this.advisories = new Advisories(config, ctx);
        this.ignores = config.ignoreAdvisories.map((i) => ({ ...i, hits: 0 }));
    }
    sbom(digest) {
        let found = this.sboms.get(digest);
        if (!found) {
            const repository = (0,target/* describeTarget */.ff)(this.config);
            found = imageSbom(this.store, repository, digest);
            this.sboms.set(digest, found);
        }
        return found;
    }
    /** An image's findings, without the ignored ones (counted per ignore entry). */
    async scan(digest) {
        const sbom = await this.sbom(digest);
        await this.advisories.cover(sbom.packages);
        const all = this.advisories.index.match(sbom.packages);
        const findings = [];
        for (const f of all) {
            const ignore = this.ignores.find((i) => i.id === f.id || f.aliases.includes(i.id));
            if (ignore)
                ignore.hits++;
            else
                findings.push(f);
        }
        findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || cmp(a.id, b.id));
        return { sbom, findings, ignored: all.length - findings.length };
    }
    warn(message) {
        this.ctx.logger.warning(message);
    }
    logIgnores() {
        for (const i of this.ignores) {
            this.ctx.logger.info(`ignore-advisories: ${i.id} (${i.hits} finding(s) left out): ${i.reason}`);
        }
    }
}
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const findingKey = (f) => `${f.id}\u0000${f.purl.replace(/@.*$/, '')}`;
/** Findings at or above the threshold (`none` holds none). */
function atOrAbove(findings, threshold) {
    if (threshold === 'none')
        return [];
    return findings.filter((f) => severityRank(f.severity) >= severityRank(threshold));
}
/**
 * For each finding of the current image: the newest image of the history (the retained previous
 * included) that does not have it and is not marked bad (here or everywhere), else what a new
 * release needs: a rollback scan suggests is one rollback would accept.
 */
async function waysOut(config, scanner, env, state, globalBad, findings) {
    const current = state.current?.digest;
    const bad = new Set([...state.bad, ...globalBad].map((b) => b.digest));
    const candidates = [
        ...new Set([...(state.previous ? [state.previous] : []), ...state.history]
            .sort((a, b) => cmp(b.at, a.at))
            .map((p) => p.digest)),
    ].filter((d) => d !== current && !bad.has(d));
    const found = new Map();
    const keysOf = async (digest) => {
        if (!found.has(digest)) {
            try {
                found.set(digest, new Set((await scanner.scan(digest)).findings.map(findingKey)));
            }
            catch (e) {
                scanner.warn(`${env}: ${digest} of the history could not be scanned: ${e.message}`);
                found.set(digest, undefined);
            }
        }
        return found.get(digest);
    };
    const out = [];
    for (const f of findings) {
        let wayOut;
        for (const digest of candidates) {
            const keys = await keysOf(digest);
            if (keys && !keys.has(findingKey(f))) {
                const command = `immutable-release rollback --image ${(0,target/* describeTarget */.ff)(config)} --environment ${env} --to ${digest}`;
                wayOut = { kind: 'rollback', digest, command, text: `roll back: ${command}` };
                break;
            }
        }
        wayOut ??= releaseWayOut(f, candidates.length);
        out.push({ ...f, wayOut });
    }
    return out;
}
function releaseWayOut(f, history) {
    const none = history
        ? 'no image in the history is free of it'
        : 'there is no other image in the history';
    const base = f.purl.startsWith('pkg:deb/') || f.purl.startsWith('pkg:apk/');
    const need = f.fixed
        ? `${f.advisoryPackage} ${f.fixed} or later`
        : `a fixed ${f.advisoryPackage} (none is published yet)`;
    const text = base
        ? `${none}; ${f.package} comes from the base image's package database${f.layers[0] ? ` (layer ${f.layers[0]})` : ''}: the base must move to one with ${need}, then release`
        : `${none}; release with ${need}`;
    return { kind: 'release', ...(f.fixed ? { fixed: f.fixed } : {}), base, text };
}
function table(findings) {
    if (!findings.length)
        return ['No findings.', ''];
    return [
        '| advisory | aliases | package | installed | fixed | severity | way out |',
        '|---|---|---|---|---|---|---|',
        ...findings.map((f) => `| ${(0,markdown/* cell */.Hn)(f.id)} | ${(0,markdown/* cell */.Hn)(f.aliases.join(', '))} | ${(0,markdown/* cell */.Hn)(f.package)}${f.advisoryPackage !== f.package ? ` (${(0,markdown/* cell */.Hn)(f.advisoryPackage)})` : ''} | ${(0,markdown/* code */.aY)(f.installed)} | ${f.fixed ? (0,markdown/* code */.aY)(f.fixed) : 'none'} | ${f.severity}${f.score !== undefined ? ` ${f.score}` : ''} | ${f.wayOut ? (f.wayOut.command ? (0,markdown/* code */.aY)(f.wayOut.command) : (0,markdown/* cell */.Hn)(f.wayOut.text)) : ''} |`),
        '',
    ];
}
async function scan(config, ctx) {
    const store = await (0,target/* openTarget */.Ap)(config, ctx);
    const scanner = new Scanner(config, ctx, store);
    await scanner.advisories.loadFiles();
    const images = [];
    const add = async (role, digest, at) => {
        const r = await scanner.scan(digest);
        const environment = at?.environment;
        const findings = role === 'current' && at
            ? await waysOut(config, scanner, at.environment, at.state, at.globalBad, r.findings)
            : r.findings;
        images.push({
            ...(environment ? { environment } : {}),
            role,
            digest,
            image: (0,target/* imageReference */.rA)(config, digest),
            sbom: r.sbom.platforms,
            findings,
            ignored: r.ignored,
        });
        const built = r.sbom.platforms.filter((p) => p.from === 'layers').length;
        ctx.logger.info(`${environment ? `${environment} ${role}` : 'image'} ${digest}: ${r.sbom.packages.length} package(s)${built ? ` (SBOM built from the layers for ${built} platform(s))` : ''}, ${findings.length} finding(s)`);
    };
    const { tag, digest } = (0,reference/* selectorOf */.Bk)(config.image);
    if (tag !== undefined || digest !== undefined) {
        const found = await (0,target/* resolveImage */.AT)(config, store, ctx);
        await add('image', found.digest);
    }
    else {
        const opened = await (0,ledger_access/* openLedger */.au)(config, ctx);
        if (!opened && !config.environment) {
            throw new errors/* UserError */.yo('INPUT_MISSING', 'is required when there is no ledger', {
                input: 'environment',
                valid: 'an environment name, or a ledger, or an image with a :tag or @digest',
            });
        }
        try {
            const names = config.environment
                ? [config.environment]
                : (await (0,ledger_access/* ledgerEnvironments */.oi)(opened.ledger)).sort();
            const globalBad = await (0,ledger_access/* readGlobalBad */.zV)(opened?.ledger);
            for (const environment of names) {
                const state = opened
                    ? await (0,ledger_access/* readEnvironment */.Qo)(opened.ledger, environment)
                    : await (0,ledger_access/* stateFromTags */.Tw)(store, environment);
                if (!state.current) {
                    ctx.logger.info(`${environment}: nothing deployed, nothing to scan`);
                    continue;
                }
                const at = { environment, state, globalBad };
                await add('current', state.current.digest, at);
                if (state.previous)
                    await add('previous', state.previous.digest, at);
            }
        }
        finally {
            await opened?.close();
        }
    }
    scanner.logIgnores();
    const current = images.filter((i) => i.role !== 'previous');
    const subjects = current.map((i) => ({
        label: i.environment ?? i.image,
        image: i.image,
        findings: i.findings.map((f) => ({ ...f, wayOut: f.wayOut?.text })),
    }));
    const sarif = (0,external_node_path_.join)(ctx.env.RUNNER_TEMP || ctx.cwd, SARIF_FILE);
    await (0,promises_.writeFile)(sarif, `${JSON.stringify(sarifLog(subjects), null, 2)}\n`);
    const failing = current.flatMap((i) => atOrAbove(i.findings, config.failOnSeverity));
    const summary = [`### Vulnerabilities in \`${(0,markdown/* cell */.Hn)((0,target/* describeTarget */.ff)(config))}\``, ''];
    for (const i of images) {
        summary.push(`#### ${i.environment ? `${(0,markdown/* cell */.Hn)(i.environment)} (${i.role})` : 'image'}: ${(0,markdown/* code */.aY)(i.digest)}`, '', ...(i.role === 'previous' ? [`${i.findings.length} finding(s).`, ''] : table(i.findings)));
    }
    if (failing.length) {
        summary.push(`**${failing.length} finding(s) at or above ${config.failOnSeverity}** (fail-on-severity).`);
    }
    return {
        outputs: {
            environments: [...new Set(images.flatMap((i) => i.environment ?? []))].join('\n'),
            findings: JSON.stringify(images),
            sarif,
        },
        summary: summary.join('\n'),
        ...(failing.length
            ? {
                failure: `${failing.length} finding(s) at or above ${config.failOnSeverity}: ${[...new Set(failing.map((f) => f.id))].slice(0, 10).join(', ')}`,
            }
            : {}),
    };
}
/**
 * promote's gate `vulnerabilities`: the target's findings at or above `fail-on-severity` refuse
 * it. A rollback only warns: it is the way out of a bad image, not the place to stop.
 */
async function vulnerabilityGate(config, ctx, store, command, digest) {
    const scanner = new Scanner(config, ctx, store);
    await scanner.advisories.loadFiles();
    const { findings } = await scanner.scan(digest);
    scanner.logIgnores();
    const over = atOrAbove(findings, config.failOnSeverity);
    const list = over.map((f) => `${f.id} (${f.severity}) in ${f.package} ${f.installed}`);
    if (!over.length) {
        ctx.logger.info(`gate ok  vulnerabilities: ${findings.length} finding(s), none at or above ${config.failOnSeverity}`);
        return undefined;
    }
    if (command === 'rollback') {
        for (const item of list)
            ctx.logger.warning(`rollback target ${digest}: ${item}`);
        return undefined;
    }
    return {
        gate: 'vulnerabilities',
        message: `${digest} has ${over.length} finding(s) at or above ${config.failOnSeverity}: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}`,
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


/***/ })

};
