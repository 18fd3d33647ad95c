import { describe, expect, it } from "vitest";
import { isLitinkError } from "../../errors/app-error.js";
import {
  clearCapabilitiesCache,
  type FfmpegCapabilities,
  ffmpegCapabilities,
  hasEncoder,
  hasFilter,
  hasOption,
  parseEncoders,
  parseFilters,
  parseOptions,
  requireFeatures,
} from "./capabilities.js";
import { testBuilds } from "./test-support.js";

const FILTERS = `Filters:
  T.. = Timeline support
  .S. = Slice threading
  A = Audio input/output
  | = Source or sink filter
 ... abench            A->A       Benchmark part of a filtergraph.
 TSC xfade             VV->V      Cross fade one video with another video.
 ... concat            N->N       Concatenate audio and video streams.
 ... anullsrc          |->A       Null audio source, return empty audio frames.`;

const ENCODERS = `Encoders:
 V..... = Video
 A..... = Audio
 .F.... = Frame-level multithreading
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 A....D aac                  AAC (Advanced Audio Coding)
 S..... mov_text             3GPP Timed Text subtitle`;

function fakeCapabilities(overrides: Partial<FfmpegCapabilities> = {}): FfmpegCapabilities {
  return {
    binary: "/opt/ffmpeg",
    version: "N-1-static",
    versionLine: "ffmpeg version N-1-static",
    filters: new Set(["concat", "fade"]),
    encoders: new Set(["aac"]),
    options: new Set(["progress"]),
    ...overrides,
  };
}

describe("parsing -filters, -encoders and -h long", () => {
  it("reads filter rows and skips the legend", () => {
    expect([...parseFilters(FILTERS)]).toEqual(["abench", "xfade", "concat", "anullsrc"]);
  });

  it("reads encoder rows and skips the legend", () => {
    expect([...parseEncoders(ENCODERS)]).toEqual(["libx264", "aac", "mov_text"]);
  });

  it("reads options from -h long", () => {
    const help =
      "-progress url       write program-readable progress information\n" +
      "-stats_period time  set the period\n  -not indented  ignored\n";
    expect([...parseOptions(help)]).toEqual(["progress", "stats_period"]);
  });
});

describe("requireFeatures", () => {
  it("passes when everything is there", () => {
    expect(() =>
      requireFeatures(fakeCapabilities(), ["filter:concat", "encoder:aac"]),
    ).not.toThrow();
  });

  it("names every missing feature, the build and the fix (exit 78)", () => {
    let caught: unknown;
    try {
      requireFeatures(
        fakeCapabilities(),
        ["filter:concat", "filter:subtitles", "encoder:libx264", "option:stats_period"],
        "--burn-subtitles",
      );
    } catch (error) {
      caught = error;
    }
    expect(isLitinkError(caught)).toBe(true);
    const error = caught as Error & { exitCode: number; hint: string };
    expect(error.name).toBe("FfmpegMissingFeature");
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain('filter "subtitles", encoder "libx264", option -stats_period');
    expect(error.message).toContain("/opt/ffmpeg (N-1-static)");
    expect(error.message).toContain("--burn-subtitles");
    expect(error.message).not.toContain("concat");
    expect(error.hint).toContain("LITINK_FFMPEG");
  });
});

describe.each(testBuilds())("capabilities of the $name build", (build) => {
  const binary = build.ffmpeg ?? "";

  it.skipIf(!build.ffmpeg)("has what every render needs", async () => {
    const capabilities = await ffmpegCapabilities(binary);
    for (const filter of ["loudnorm", "ebur128", "zoompan", "fade", "concat", "apad", "atrim"])
      expect(hasFilter(capabilities, filter), filter).toBe(true);
    for (const encoder of ["libx264", "aac", "mov_text", "pcm_s16le"])
      expect(hasEncoder(capabilities, encoder), encoder).toBe(true);
    expect(hasOption(capabilities, "-progress")).toBe(true);
    expect(capabilities.filters.size).toBeGreaterThan(300);
    expect(capabilities.versionLine).toMatch(/^ffmpeg version /);
    expect(() =>
      requireFeatures(capabilities, ["filter:loudnorm", "encoder:libx264", "encoder:aac"]),
    ).not.toThrow();
  });

  it.skipIf(!build.ffmpeg)(
    "knows whether xfade and -stats_period exist (4.1: neither)",
    async () => {
      const capabilities = await ffmpegCapabilities(binary);
      const modern = build.name === "system";
      expect(hasFilter(capabilities, "xfade")).toBe(modern);
      expect(hasOption(capabilities, "stats_period")).toBe(modern);
      if (!modern) expect(() => requireFeatures(capabilities, ["filter:xfade"])).toThrow(/xfade/);
    },
  );

  it.skipIf(!build.ffmpeg)("asks the binary once per path", async () => {
    clearCapabilitiesCache();
    const first = ffmpegCapabilities(binary);
    expect(ffmpegCapabilities(binary)).toBe(first);
    await first;
  });
});

describe("a binary that does not exist", () => {
  it("is FfmpegNotFound (exit 78), and the failure is not cached", async () => {
    const missing = "/nonexistent/ffmpeg";
    const first = ffmpegCapabilities(missing);
    const failure = await first.catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "FfmpegNotFound", exitCode: 78 });
    const second = ffmpegCapabilities(missing);
    expect(second).not.toBe(first);
    await second.catch(() => null);
  });
});
