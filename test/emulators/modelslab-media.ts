import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";

/**
 * Small real files for the ModelsLab emulator's output links: PNGs drawn in code (a colour
 * per job, so two jobs never store the same artifact) and one MP4 made by ffmpeg.
 */
export function tinyPng(seed: number, size = 16): Buffer {
  const [red, green, blue] = [(seed * 67) % 256, (seed * 131) % 256, (seed * 199) % 256];
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB pixels
    for (let x = 0; x < size; x++) {
      const shade = (x + y) % 2 === 0 ? 1 : 0.6;
      row.writeUInt8(Math.round(red * shade), 1 + x * 3);
      row.writeUInt8(Math.round(green * shade), 2 + x * 3);
      row.writeUInt8(Math.round(blue * shade), 3 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, checksum]);
}

let mp4: Promise<Buffer> | undefined;

/** A one-second 64×64 H.264 MP4, made once per process. */
export function tinyMp4(): Promise<Buffer> {
  mp4 ??= makeMp4();
  return mp4;
}

async function makeMp4(): Promise<Buffer> {
  const folder = mkdtempSync(join(tmpdir(), "litink-modelslab-emulator-"));
  const file = join(folder, "clip.mp4");
  try {
    const ffmpeg = process.env.LITINK_FFMPEG ?? "ffmpeg";
    const args = [
      "-hide_banner",
      "-loglevel",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=64x64:rate=8:duration=1",
      "-pix_fmt",
      "yuv420p",
      "-c:v",
      "libx264",
      "-movflags",
      "+faststart",
      "-y",
      file,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(ffmpeg, args, { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (data: Buffer) => {
        stderr += data.toString();
      });
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`ffmpeg failed (${code}): ${stderr.slice(-500)}`)),
      );
    });
    return readFileSync(file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
