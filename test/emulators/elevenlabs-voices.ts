// The ElevenLabs emulator's voice catalogue: premade voices whose label spellings vary on purpose.

/** A voice as `GET /v1/voices` returns it (snake_case, free-form labels). */
export interface EmulatedVoice {
  voice_id: string;
  name: string;
  category: string;
  labels: Record<string, string>;
  description?: string | null;
  preview_url?: string;
  high_quality_base_model_ids?: string[];
  verified_languages?: Array<{ language: string; model_id: string; accent?: string }>;
}

export function defaultVoices(): EmulatedVoice[] {
  const premade = (voice: Omit<EmulatedVoice, "category" | "preview_url">): EmulatedVoice => ({
    category: "premade",
    preview_url: `https://storage.example/voices/${voice.voice_id}.mp3`,
    high_quality_base_model_ids: [
      "eleven_multilingual_v2",
      "eleven_turbo_v2_5",
      "eleven_flash_v2_5",
    ],
    ...voice,
  });
  // Label spellings vary on purpose: the real catalogue mixes them.
  return [
    premade({
      voice_id: "21m00Tcm4TlvDq8ikWAM",
      name: "Rachel",
      description: "Calm narrator",
      labels: { accent: "american", age: "young", gender: "female", use_case: "narration" },
    }),
    premade({
      voice_id: "pNInz6obpgDQGcFmaJgB",
      name: "Adam",
      labels: {
        accent: "American",
        age: "middle aged",
        gender: "male",
        description: "deep",
        use_case: "narration",
      },
    }),
    premade({
      voice_id: "onwK4e9ZLuTAKqWW03F9",
      name: "Daniel",
      labels: {
        accent: "british",
        age: "middle_aged",
        gender: "Male",
        descriptive: "authoritative",
        use_case: "news",
      },
    }),
    premade({
      voice_id: "XrExE9yKIg1WjnnlVkGX",
      name: "Matilda",
      labels: {
        accent: "american",
        age: "Middle-Aged",
        gender: "female",
        use_case: "social_media",
      },
    }),
    premade({
      voice_id: "ThT5KcBeYPX3keUQqHPh",
      name: "Dorothy",
      description: null,
      labels: {
        accent: "british",
        age: "old",
        gender: "female",
        description: "pleasant",
        use_case: "children's stories",
      },
    }),
    premade({
      voice_id: "Zlb1dXrM653N07WRdFW3",
      name: "Joseph",
      labels: { accent: "british-essex", age: "Old", gender: "male", use_case: "social media" },
    }),
    premade({
      voice_id: "jsCqWAovK2LkecY7zXl4",
      name: "Freya",
      labels: { accent: "american", age: "young", gender: "non-binary", use_case: "characters" },
    }),
    premade({
      voice_id: "IKne3meq5aSn9XLyUdCD",
      name: "Camille",
      labels: { accent: "parisian", age: "young", gender: "female", language: "fr" },
      verified_languages: [
        { language: "fr", model_id: "eleven_multilingual_v2", accent: "parisian" },
      ],
    }),
  ];
}
