/**
 * The offline extractive screenplay writer and the offline character finder (no LLM).
 * See README.md for what lives here.
 */
export { findCharacters } from "./characters.js";
export { resolveSpeaker } from "./speaker.js";
export { extractiveWriter } from "./writer.js";
