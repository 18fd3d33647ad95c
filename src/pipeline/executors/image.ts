import type { Executor } from "./index.js";
import { executeStill } from "./still-image.js";

/**
 * A shot's still (params: prompt, negativePrompt, seed, width, height, frame); the
 * clip task animates it.
 */
export const executeImage: Executor = (task, _inputs, context) => executeStill(task, context);
