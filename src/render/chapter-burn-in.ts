import type { RenderProfile } from "./timeline-types.js";

/**
 * Burn-in (research §2.4). The file name must be plain (ffmpeg runs with cwd = its folder):
 * the filter-graph parser would read `:`, `'`, `\` or `,` in a path as syntax.
 */
export function subtitlesFilter(
  fileName: string,
  profile: Pick<RenderProfile, "width" | "height">,
) {
  if (/[:'\\,;[\]=\s]/.test(fileName))
    throw new Error(`subtitle file name "${fileName}" must be plain (run ffmpeg in its folder)`);
  const size = subtitleFontSize(profile.width, profile.height);
  const outline = Math.max(0.5, Math.round(size) / 10);
  return `subtitles=filename=${fileName}:force_style='FontName=DejaVu Sans,FontSize=${size},Outline=${outline},MarginV=12'`;
}

/** libass's script space for SRT: sizes are in 288ths of the frame's height. */
const SCRIPT_HEIGHT = 288;

/**
 * A font size (script units) at which a full 42-column cue row fits the frame: a twentieth
 * of the height on landscape frames, narrower frames limited by their width (a DejaVu Sans
 * character is about 0.55 em wide), so a 9:16 cue keeps its two rows instead of wrapping.
 */
export function subtitleFontSize(width: number, height: number): number {
  const pixels = Math.min(height / 20, (width * 0.9) / (42 * 0.55));
  return Number(((pixels * SCRIPT_HEIGHT) / height).toFixed(1));
}
