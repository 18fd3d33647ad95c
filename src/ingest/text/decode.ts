import { decodeAs, detectTextEncoding, type TextEncoding } from "../encoding.js";

export type { TextEncoding } from "../encoding.js";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** Bytes to text for plain-text books (rules in `../encoding.ts`). */
export function decodeText(buffer: Uint8Array): DecodedText {
  const encoding = detectTextEncoding(buffer);
  return { text: decodeAs(buffer, encoding).replace(/^\ufeff/, ""), encoding };
}
