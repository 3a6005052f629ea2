export const id = 758;
export const ids = [758];
export const modules = {

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



/***/ })

};
