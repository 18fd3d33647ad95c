import { Parser } from "htmlparser2";
import {
  headingLevel,
  isBlockElement,
  isBoilerplate,
  isInternalHref,
  isNoteMarker,
  isSkipped,
} from "./element-rules.js";
import { collapse, markupOptions, structuralTypes } from "./markup.js";

/**
 * Flattens one XHTML content document into blocks (paragraphs and headings) of plain text,
 * with the position of every id so that TOC targets can be found. One streaming pass, no
 * DOM: content documents can be megabytes long.
 */

export interface Block {
  text: string;
  /** 1–6 for h1–h6; 0 for any other block. */
  heading: number;
  /** `epub:type`/`role` tokens of the enclosing elements, nearest first. */
  types: readonly string[];
  /** Inside a Project Gutenberg header/footer (licence, start/end banners). */
  boilerplate: boolean;
  /** Characters inside internal links: a contents page is mostly links. */
  linkCharacters: number;
}

export interface ContentDocument {
  blocks: Block[];
  /** id → index of the first block at or after the element's start. */
  anchors: Map<string, number>;
}

interface Frame {
  name: string;
  skip: boolean;
  boilerplate: boolean;
  types: string[];
  link: boolean;
  /** For `sup` and in-page links: where their text began, to drop it if it is a note marker. */
  capture: { blocks: number; start: number; sawLink: boolean } | null;
}

/** Word spaces mean nothing between Chinese/Japanese characters (they come from line breaks). */
const CJK_GAP =
  /([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]) (?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])/g;

export function extractBlocks(markup: string): ContentDocument {
  const collector = new BlockCollector();
  const parser = new Parser(
    {
      onopentag: (name, attributes) => collector.open(name, attributes),
      ontext: (text) => collector.text(text),
      onclosetag: (name) => collector.close(name),
    },
    markupOptions,
  );
  parser.write(markup);
  parser.end();
  collector.flush();
  return { blocks: collector.blocks, anchors: collector.anchors };
}

class BlockCollector {
  readonly blocks: Block[] = [];
  readonly anchors = new Map<string, number>();
  private readonly stack: Frame[] = [];
  private buffer = "";
  private linkCharacters = 0;
  private skipDepth = 0;
  private boilerplateDepth = 0;
  private linkDepth = 0;
  /** Level of the open heading; block elements inside a heading do not split it. */
  private heading = 0;

  open(name: string, attributes: Record<string, string>): void {
    const id = attributes.id ?? (name === "a" ? attributes.name : undefined);
    // Ids inside skipped elements (page-number spans) still mark a place in the text.
    if (id && !this.anchors.has(id)) this.anchors.set(id, this.blocks.length);
    const types = structuralTypes(attributes);
    const skip = isSkipped(name, attributes, types);
    if (this.skipDepth === 0 && !skip) {
      if (headingLevel(name) > 0 && this.heading === 0) {
        this.flush();
        this.heading = headingLevel(name);
      } else if (isBlockElement(name) && this.heading === 0) this.flush();
      else if (name === "br") this.buffer += "\n";
    }
    const href = name === "a" ? attributes.href : undefined;
    const link = href !== undefined && isInternalHref(href);
    const inPageLink = link && href.includes("#");
    if (href !== undefined) {
      const sup = this.stack.findLast((frame) => frame.name === "sup");
      if (sup?.capture) sup.capture.sawLink = true;
    }
    const frame: Frame = {
      name,
      skip,
      boilerplate: isBoilerplate(attributes),
      types,
      link,
      capture:
        name === "sup" || inPageLink
          ? { blocks: this.blocks.length, start: this.buffer.length, sawLink: inPageLink }
          : null,
    };
    this.stack.push(frame);
    if (frame.skip) this.skipDepth++;
    if (frame.boilerplate) this.boilerplateDepth++;
    if (frame.link) this.linkDepth++;
  }

  text(text: string): void {
    if (this.skipDepth > 0) return;
    this.buffer += text;
    if (this.linkDepth > 0) this.linkCharacters += text.replace(/\s+/g, "").length;
  }

  close(name: string): void {
    const index = this.stack.map((frame) => frame.name).lastIndexOf(name);
    if (index === -1) return;
    while (this.stack.length > index) {
      const frame = this.stack[this.stack.length - 1]!;
      if (frame.skip) this.skipDepth--;
      else if (this.skipDepth === 0) this.end(frame);
      this.stack.pop();
      if (frame.boilerplate) this.boilerplateDepth--;
      if (frame.link) this.linkDepth--;
    }
  }

  flush(): void {
    const text = collapse(this.buffer).replace(CJK_GAP, "$1");
    if (text !== "") {
      this.blocks.push({
        text,
        heading: this.heading,
        types: this.stack.flatMap((frame) => frame.types).reverse(),
        boilerplate: this.boilerplateDepth > 0,
        linkCharacters: Math.min(this.linkCharacters, text.length),
      });
    }
    this.buffer = "";
    this.linkCharacters = 0;
  }

  private end(frame: Frame): void {
    const { capture } = frame;
    if (capture?.sawLink && capture.blocks === this.blocks.length) {
      if (isNoteMarker(this.buffer.slice(capture.start)))
        this.buffer = this.buffer.slice(0, capture.start);
    }
    if (headingLevel(frame.name) > 0 && this.heading === headingLevel(frame.name)) {
      this.flush();
      this.heading = 0;
    } else if (isBlockElement(frame.name) && this.heading === 0) this.flush();
  }
}
