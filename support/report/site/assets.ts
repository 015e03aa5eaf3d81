import { findMatches, parseFindQuery } from './find.ts';

// The site's two own files besides its pages: one stylesheet and one script, loaded
// by every page (the Content-Security-Policy allows nothing else). Kept as text here
// so the package carries them with the generator.

export const STYLE = `:root{--fg:#1b1f24;--muted:#4b5563;--line:#c9ced6;--bg:#fff;--soft:#f3f5f8;--link:#0b4fa8}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.5rem 1.5rem;border-bottom:1px solid var(--line);background:var(--soft)}
header ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
header a[aria-current]{font-weight:700;color:var(--fg)}
header form{display:flex;gap:.25rem;align-items:center}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem}
footer{max-width:72rem;margin:0 auto;padding:1rem 1.5rem;color:var(--muted);font-size:.875rem;border-top:1px solid var(--line)}
h1{font-size:1.75rem;margin:.5rem 0 1rem}h2{font-size:1.35rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}h3{font-size:1.1rem;margin:0 0 .5rem}h4{font-size:1rem;margin:1rem 0 .25rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
caption{text-align:left;font-weight:600;padding:.25rem 0}
code,pre,kbd{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.875rem}
pre{background:var(--soft);border:1px solid var(--line);padding:.5rem .75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
.gherkin b{color:#6b21a8}.gherkin .tag{color:#4b5563}
blockquote{margin:.5rem 0;padding:.25rem 1rem;border-left:4px solid #6b7280;background:var(--soft)}
.v{display:inline-block;padding:0 .45rem;border-radius:.25rem;border:1px solid currentColor;font-weight:600;white-space:nowrap}
.v::before{margin-right:.25rem}
.v-conformant,.v-passed{background:#e7f5ec;color:#0b5a24}.v-conformant::before,.v-passed::before{content:"✓"}
.v-nonconformant,.v-failed{background:#fde8ea;color:#8b1020}.v-nonconformant::before,.v-failed::before{content:"✗"}
.v-broken,.v-harness{background:#fff2d9;color:#6a4300}.v-broken::before,.v-harness::before{content:"!"}
.v-not-verified,.v-not-covered{background:#edf0f4;color:#333c47}.v-not-verified::before,.v-not-covered::before{content:"?"}
.v-out-of-scope{background:#f6f6f6;color:#4a4a4a}.v-out-of-scope::before{content:"–"}
.level{font-size:.8rem;font-weight:600;border:1px solid var(--line);border-radius:.25rem;padding:0 .35rem;margin-left:.25rem;color:var(--muted)}
.clause{border:1px solid var(--line);border-radius:.35rem;padding:1rem;margin:1rem 0;scroll-margin-top:1rem}
.clause:target{border-color:#0b4fa8;box-shadow:0 0 0 3px #bfd4f2}
.permalink{margin-right:.25rem}
.muted{color:var(--muted)}
.counts{font-size:.875rem;color:var(--muted)}
details{margin:.35rem 0}summary{cursor:pointer}
.held-no{color:#8b1020;font-weight:600}
.observed{white-space:pre-wrap;word-break:break-word}
.toc{columns:2 20rem}
#find-count{font-weight:600}
.change-from{color:#8b1020}.change-to{color:#0b5a24}
@media print{
header,.skip,.results,.no-print,#find-form{display:none!important}
body{font-size:11pt}main{max-width:none;padding:0}
.clause{break-inside:avoid-page;border:none;border-top:1px solid #999;border-radius:0;padding:.5rem 0}
a{color:inherit;text-decoration:none}
blockquote a::after,.source a::after{content:" (" attr(href) ")";font-size:9pt}
pre{white-space:pre-wrap}
}
`;

const shipped = (fn: (...args: never[]) => unknown): string => fn.toString();

/**
 * The one script: the find box (its state in the URL's #q=, so a link reproduces
 * the view), and for a clause's permalink, its scenarios opened; printing opens every
 * scenario so the printed page reads as a spec.
 */
export const SCRIPT = `'use strict';
${shipped(parseFindQuery)}
${shipped(findMatches)}
(function () {
  var form = document.getElementById('find-form');
  var data = document.getElementById('find-data');
  if (form && data) {
    var rows = JSON.parse(data.textContent || '[]');
    var input = document.getElementById('find-q');
    var count = document.getElementById('find-count');
    var trs = document.querySelectorAll('#find-results tbody tr');
    var queryOfUrl = function () {
      var h = /^#q=(.*)$/.exec(location.hash);
      if (h) return decodeURIComponent(h[1].replace(/\\+/g, ' '));
      return new URLSearchParams(location.search).get('q') || '';
    };
    var apply = function (q) {
      var query = parseFindQuery(q);
      var shown = 0;
      for (var i = 0; i < trs.length; i++) {
        var ok = findMatches(rows[i], query);
        trs[i].hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = shown + ' of ' + rows.length + ' clauses';
    };
    input.value = queryOfUrl();
    apply(input.value);
    input.addEventListener('input', function () {
      location.replace('#q=' + encodeURIComponent(input.value));
      apply(input.value);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
    });
    window.addEventListener('hashchange', function () {
      var q = queryOfUrl();
      if (q !== input.value) input.value = q;
      apply(q);
    });
  }
  var openClause = function () {
    var id = decodeURIComponent(location.hash.slice(1));
    var section = id && document.getElementById(id);
    if (section && section.classList.contains('clause')) {
      section.querySelectorAll('details.scenario').forEach(function (d) { d.open = true; });
    }
  };
  openClause();
  window.addEventListener('hashchange', openClause);
  var opened = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details.scenario:not([open])').forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
`;
