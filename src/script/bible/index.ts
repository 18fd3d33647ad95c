/**
 * The story bible: one id, face and voice per character for the whole book, built once from
 * a writer's draft and afterwards only extended (DESIGN.md §7). User edits to bible.json win.
 */
export { buildBible, extendBible } from "./build.js";
export { characterKeys, findCharacter, identityKey } from "./identity.js";
export { lookSeed, portraitPrompt } from "./look.js";
export { assignVoices } from "./voices.js";
