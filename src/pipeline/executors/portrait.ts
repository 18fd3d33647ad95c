import type { Executor } from "./index.js";
import { executeStill } from "./still-image.js";

/** A character's reference portrait (params: characterId, prompt, seed, width, height, frame). */
export const executePortrait: Executor = (task, _inputs, context) => executeStill(task, context);
