/**
 * Child process that runs eSpeak NG compiled to WebAssembly (@echogarden/espeak-ng-emscripten,
 * GPL-3.0). It lives in its own process so the GPL code stays at a process boundary and its
 * 24 MB data file and WASM heap never enter litink's process.
 *
 * Protocol: one JSON request on stdin ({text, voice, rate, pitch}); on stdout one JSON line
 * ({sampleRate, events}) followed by the raw 16-bit little-endian mono PCM. Failures go to
 * stderr with exit code 2. This file imports nothing from litink so it starts fast.
 */
interface WorkerRequest {
  text: string;
  voice: string;
  rate: number;
  pitch: number;
}

interface RawEvent {
  type: string;
  text_position: number;
  word_length: number;
  audio_position: number;
  id?: string | number;
}

interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(rate: number): void;
  set_pitch(pitch: number): void;
  get_samplerate(): number;
  synthesize(text: string, callback: (samples: Int16Array, events: RawEvent[]) => boolean): void;
}

const FROZEN_CLOCK_MS = Date.UTC(2000, 0, 1);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const request = JSON.parse(await readStdin()) as WorkerRequest;
  // eSpeak seeds its noise generator (breathy variants) from the clock; a fixed clock makes
  // the same text and voice give the same bytes, which the content-addressed cache needs.
  // This process does nothing else, so nothing else sees the frozen time.
  Date.now = () => FROZEN_CLOCK_MS;
  // @ts-expect-error -- the package ships no type declarations
  const { default: initialise } = await import("@echogarden/espeak-ng-emscripten");
  // Emscripten prints through `print`; stdout carries our protocol, so send it to stderr.
  const module = (await initialise({
    print: (line: string) => process.stderr.write(`${line}\n`),
    printErr: (line: string) => process.stderr.write(`${line}\n`),
  })) as { eSpeakNGWorker: new () => EspeakWorker };
  const worker = new module.eSpeakNGWorker();
  if (worker.set_voice(request.voice) !== 0)
    throw new Error(`eSpeak NG has no voice "${request.voice}"`);
  worker.set_rate(request.rate);
  worker.set_pitch(request.pitch);
  const chunks: Buffer[] = [];
  const events: Array<Record<string, unknown>> = [];
  worker.synthesize(request.text, (samples, batch) => {
    chunks.push(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
    for (const event of batch) {
      // Phonemes only matter as pauses (empty id): they mark where a word's sound stops.
      if (event.type === "phoneme" && event.id !== "") continue;
      events.push({
        type: event.type,
        textPosition: event.text_position,
        length: event.word_length,
        audioMs: event.audio_position,
        ...(event.type === "phoneme" ? { phoneme: "" } : {}),
      });
    }
    return false; // false = keep going
  });
  const header = JSON.stringify({ sampleRate: worker.get_samplerate(), events });
  process.stdout.write(`${header}\n`);
  process.stdout.write(Buffer.concat(chunks));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
