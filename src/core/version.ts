/**
 * Hearth's version, from package.json (inlined into the bundle by the build): shown in
 * `/hearth status` and logged at start. CHANGELOG.md says what changed.
 */
import packageJson from '../../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
