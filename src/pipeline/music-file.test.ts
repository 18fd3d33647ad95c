import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audioTypeOf, checkMusicFile } from "./music-file.js";

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part),
    ),
  );

describe("--music file check", () => {
  it("knows audio by its first bytes, not its name", () => {
    expect(audioTypeOf(bytes("RIFF", [0, 0, 0, 0], "WAVE"))).toBe("audio/wav");
    expect(audioTypeOf(bytes("ID3", [4, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe("audio/mpeg");
    expect(audioTypeOf(bytes([0xff, 0xfb, 0x90, 0x64], "........"))).toBe("audio/mpeg");
    expect(audioTypeOf(bytes("OggS", [0, 2, 0, 0, 0, 0, 0, 0]))).toBe("audio/ogg");
    expect(audioTypeOf(bytes("fLaC", [0, 0, 0, 34, 0, 0, 0, 0]))).toBe("audio/flac");
    expect(audioTypeOf(bytes([0, 0, 0, 32], "ftypM4A "))).toBe("audio/mp4");
    expect(audioTypeOf(bytes("RIFF", [0, 0, 0, 0], "AVI "))).toBeNull();
    expect(audioTypeOf(bytes("# Alice in Wonderland"))).toBeNull();
    expect(audioTypeOf(bytes([0xff, 0xe0, 0, 0]))).toBeNull();
  });

  it("throws FileNotFound (66) for a missing file and MusicNotAudio (65) for text", () => {
    const folder = mkdtempSync(join(tmpdir(), "litink-music-"));
    expect(() => checkMusicFile(join(folder, "none.mp3"))).toThrow(
      expect.objectContaining({ name: "FileNotFound", exitCode: 66 }),
    );
    expect(() => checkMusicFile(folder)).toThrow(expect.objectContaining({ exitCode: 66 }));
    writeFileSync(join(folder, "bed.mp3"), "not music at all");
    expect(() => checkMusicFile(join(folder, "bed.mp3"))).toThrow(
      expect.objectContaining({ name: "MusicNotAudio", exitCode: 65 }),
    );
    writeFileSync(join(folder, "short.wav"), "RI");
    expect(() => checkMusicFile(join(folder, "short.wav"))).toThrow(
      expect.objectContaining({ exitCode: 65 }),
    );
    writeFileSync(join(folder, "bed.wav"), bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "));
    expect(checkMusicFile(join(folder, "bed.wav"))).toBe("audio/wav");
  });
});
