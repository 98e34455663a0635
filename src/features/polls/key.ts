/** The key that seals anonymous polls' voter hashes (no Discord here: surveys publish with it). */
import { perApp } from '../../core/feature.js';
import { loadMasterKey } from '../../core/secret.js';

/**
 * The key of anonymous votes' hashes, read from (or created beside the database as) `hearth.key`;
 * never stored in the database.
 */
export const pollKeyOf = perApp((app) =>
  // Open anonymous polls (and kept fingerprints) depend on this key: without it, start-up stops.
  loadMasterKey(app.db, app.config.DATABASE_PATH, app.config.POLL_SECRET),
);
