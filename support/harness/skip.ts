/** Attached by the Before hook to a scenario it skips, so every report can say why. */
export const SKIP_MEDIA_TYPE = 'application/vnd.conformance.skip+json';
