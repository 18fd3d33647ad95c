import { closeSync, openSync, readSync, statSync } from "node:fs";
import { LitinkError } from "../errors/app-error.js";
import { litinkError } from "../errors/catalog.js";
import { ExitCode } from "../errors/exit-codes.js";

/**
 * `--music FILE`: checked before anything runs, so a typo fails in a second with exit 66 (no
 * such file) or 65 (not audio) rather than after an hour of images. The header decides, not
 * the extension: WAV, MP3, Ogg, FLAC and MP4/M4A audio are what ffmpeg's music bed reads.
 */
export function checkMusicFile(path: string): string {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error("not a file");
    size = stats.size;
  } catch {
    throw litinkError("FileNotFound", { file: path });
  }
  const header = Buffer.alloc(12);
  const descriptor = openSync(path, "r");
  try {
    readSync(descriptor, header, 0, Math.min(12, size), 0);
  } finally {
    closeSync(descriptor);
  }
  const mediaType = audioTypeOf(header);
  if (mediaType) return mediaType;
  throw new LitinkError({
    name: "MusicNotAudio",
    title: "Music file is not audio",
    exitCode: ExitCode.dataError,
    message: `"${path}" is not an audio file litink can mix under the speech (--music).`,
    hint: "Give a WAV, MP3, Ogg, FLAC or M4A file.",
  });
}

/** The media type an audio file's first bytes announce, or null. */
export function audioTypeOf(header: Uint8Array): string | null {
  const ascii = (from: number, to: number) =>
    Buffer.from(header.subarray(from, to)).toString("latin1");
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WAVE") return "audio/wav";
  if (ascii(0, 3) === "ID3") return "audio/mpeg";
  // An MPEG audio frame without ID3 tags: 11 sync bits, a layer that is not "reserved".
  if (header[0] === 0xff && ((header[1] ?? 0) & 0xe0) === 0xe0 && ((header[1] ?? 0) & 0x06) !== 0)
    return "audio/mpeg";
  if (ascii(0, 4) === "OggS") return "audio/ogg";
  if (ascii(0, 4) === "fLaC") return "audio/flac";
  if (ascii(4, 8) === "ftyp" && /^(M4A |M4B |mp4|isom|dash)/.test(ascii(8, 12))) return "audio/mp4";
  return null;
}
