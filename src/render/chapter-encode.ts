import type { RenderProfile } from "./timeline-types.js";
import type { VideoGraph } from "./video-graph.js";

/**
 * The one video encode of a chapter (research §2.4), pure: the picture graph, the already
 * normalised audio, the chapter marks and the soft subtitles in; one MP4 out. The audio is
 * mapped straight from its WAV, so the encode has no audio filter on its critical path.
 */
export interface ChapterEncodeInput {
  video: VideoGraph;
  profile: RenderProfile;
  /** The normalised chapter audio (PCM WAV). */
  audio: string;
  /** FFMETADATA with one chapter mark per scene. */
  metadata: string;
  /** The SRT to carry as a mov_text track, or null when the chapter has no cues. */
  subtitles: string | null;
  /** Where ffmpeg writes the MP4 (a temporary name: the format is given explicitly). */
  output: string;
}

export function chapterEncodeArguments(input: ChapterEncodeInput): string[] {
  const { profile } = input;
  const audioIndex = input.video.inputs.length;
  const metadataIndex = audioIndex + 1;
  const subtitleIndex = metadataIndex + 1;
  const subtitleInput = input.subtitles === null ? [] : ["-i", input.subtitles];
  const subtitleMap = input.subtitles === null ? [] : ["-map", `${subtitleIndex}:s`];
  const subtitleCodec = input.subtitles === null ? [] : ["-c:s", "mov_text"];
  return [
    "-y",
    ...input.video.inputs.flat(),
    ...["-i", input.audio],
    ...["-f", "ffmetadata", "-i", input.metadata],
    ...subtitleInput,
    ...["-filter_complex", input.video.graph],
    ...["-map", `[${input.video.output}]`, "-map", `${audioIndex}:a`, ...subtitleMap],
    ...["-map_metadata", String(metadataIndex), "-map_chapters", String(metadataIndex)],
    ...["-c:v", "libx264", "-preset", profile.preset, "-crf", String(profile.crf)],
    ...["-pix_fmt", "yuv420p", "-r", String(profile.fps)],
    ...["-c:a", "aac", "-b:a", profile.audioBitrate, "-ar", String(profile.sampleRate)],
    ...subtitleCodec,
    // The index up front: a browser or phone starts playing before the whole file arrives.
    ...["-movflags", "+faststart", "-f", "mp4", input.output],
  ];
}
