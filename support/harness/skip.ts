/** Attached by the Before hook to a scenario it skips, so every report can say why. */
export const SKIP_MEDIA_TYPE = 'application/vnd.conformance.skip+json';

/** Attached by the After hook when a clean-up saw a broken rule or left something open. */
export const CLEANUP_MEDIA_TYPE = 'application/vnd.conformance.cleanup+json';
