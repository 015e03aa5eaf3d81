'use strict';
// A stand-in for regexp-match-indices@1.0.2, which @cucumber/cucumber-expressions uses
// to find where each parameter of a step starts. That polyfill never uses the native
// `d` flag (it probes a regexp without it), so it rebuilds and recompiles a measuring
// regexp for every matched step. Node has had the `d` flag since 16; this gives the
// same answer, `exec` with `indices`, from a `d` copy of the regexp kept per regexp.
// package.json installs it in its place: a dependency on this folder, and an
// "overrides" entry pointing cucumber-expressions at that dependency ($regexp-match-indices).
const withIndices = new WeakMap();

function exec(regexp, string) {
  let measuring = withIndices.get(regexp);
  if (measuring === undefined) {
    measuring = regexp.hasIndices ? regexp : new RegExp(regexp, `${regexp.flags}d`);
    withIndices.set(regexp, measuring);
  }
  measuring.lastIndex = regexp.lastIndex;
  const match = measuring.exec(string);
  regexp.lastIndex = measuring.lastIndex;
  return match;
}

module.exports = exec;
