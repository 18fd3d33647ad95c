/**
 * The extractive writer's version (`ScriptWriter.version`, `writerVersion` in a screenplay).
 * Bump it whenever the same chapter would be adapted differently, so saved chapters go stale.
 */
export const EXTRACTIVE_VERSION = "extractive-2";
