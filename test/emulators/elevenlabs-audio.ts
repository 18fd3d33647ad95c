import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { locateTool } from "../../src/system/executables.js";

/**
 * Real MP3 audio for the ElevenLabs emulator, as `mp3_44100_128` would deliver it. ffmpeg
 * encodes a few seconds of tone once per process (CBR, no bit reservoir, no Xing header), so
 * every frame decodes on its own; any duration is then a run of whole frames, cycled. Decoders
 * and ffprobe see a valid stream whose length follows the text, with no ffmpeg per request.
 */
export const MP3_SAMPLE_RATE = 44_100;
export const MP3_FRAME_SECONDS = 1152 / MP3_SAMPLE_RATE;
const BASE_SECONDS = 4;

/** MPEG-1 Layer III bit rates (kbit/s) by header index. */
const BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const SAMPLE_RATES = [44_100, 48_000, 32_000];

let framesPromise: Promise<Buffer[]> | undefined;

export function loadToneFrames(): Promise<Buffer[]> {
  framesPromise ??= encodeTone().then(splitFrames);
  return framesPromise;
}

/** Whole frames covering at least `seconds`; returns the bytes and their exact duration. */
export function mp3OfDuration(
  frames: Buffer[],
  seconds: number,
): { bytes: Buffer; durationSeconds: number } {
  const count = Math.max(1, Math.ceil(seconds / MP3_FRAME_SECONDS));
  const chosen: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const frame = frames[index % frames.length];
    if (frame) chosen.push(frame);
  }
  return { bytes: Buffer.concat(chosen), durationSeconds: count * MP3_FRAME_SECONDS };
}

async function encodeTone(): Promise<Buffer> {
  const ffmpeg = locateTool("ffmpeg");
  if (!ffmpeg) throw new Error("the ElevenLabs emulator needs ffmpeg to make its audio");
  const folder = await mkdtemp(join(tmpdir(), "litink-elevenlabs-emulator-"));
  const output = join(folder, "tone.mp3");
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        ffmpeg.path,
        [
          ...["-v", "error", "-y", "-f", "lavfi"],
          ...["-i", `sine=frequency=220:sample_rate=${MP3_SAMPLE_RATE}:duration=${BASE_SECONDS}`],
          ...["-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", "-reservoir", "0"],
          ...["-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", output],
        ],
        (error) => (error ? reject(error) : resolve()),
      );
    });
    return await readFile(output);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function splitFrames(bytes: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const b1 = bytes[offset + 1] ?? 0;
    const b2 = bytes[offset + 2] ?? 0;
    const isMpeg1Layer3 = bytes[offset] === 0xff && (b1 & 0xfe) === 0xfa;
    const bitrate = BITRATES[b2 >> 4];
    const sampleRate = SAMPLE_RATES[(b2 >> 2) & 0x3];
    if (!isMpeg1Layer3 || !bitrate || !sampleRate) {
      throw new Error(`unexpected MP3 frame header at byte ${offset}`);
    }
    const length = Math.floor((144 * bitrate * 1000) / sampleRate) + ((b2 >> 1) & 0x1);
    frames.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (frames.length === 0) throw new Error("ffmpeg produced no MP3 frames");
  return frames;
}
