/** The key that seals anonymous polls' voter hashes (no Discord here: surveys publish with it). */
import { perApp } from '../../core/feature.js';
import { loadSecret } from '../../core/secret.js';
import { selectSync } from '../../core/db/database.js';

/**
 * The key of anonymous votes' hashes, read from (or created beside the database as) `hearth.key`;
 * never stored in the database.
 */
export const pollKeyOf = perApp((app) =>
  loadSecret(app.config.DATABASE_PATH, app.config.POLL_SECRET, {
    // Open anonymous polls are sealed with this key: without it, start-up stops.
    required:
      selectSync<{ n: number }>(
        app.db,
        "select count(*) as n from polls where anonymous = 1 and status = 'open'",
      )[0]!.n > 0,
  }),
);
