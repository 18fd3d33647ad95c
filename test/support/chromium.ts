import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { inCi } from "./corpus.js";

/**
 * Opens a local HTML page in headless Chromium (Debian's `chromium`, driven by playwright-core)
 * the way a user opens a storyboard: from file://, with the network off. Everything the page
 * does wrong is collected as text, so a test can assert "nothing went wrong" and show why not.
 */

export const CHROMIUM = process.env.LITINK_CHROMIUM ?? "/usr/bin/chromium";

/** True when Chromium is installed; a missing one skips with one line locally and fails in CI. */
export function chromiumPresent(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (inCi) throw new Error(`${CHROMIUM} is required in CI (CI=true) but is not installed`);
  process.stderr.write(
    `skipping a test: ${CHROMIUM} is not installed (apt-get install chromium)\n`,
  );
  return false;
}

export interface ImageState {
  src: string;
  naturalWidth: number;
  naturalHeight: number;
}

export interface PageCheck<Extra> {
  /**
   * Console errors, page errors, dialogs (an `alert` means injected script ran) and failed
   * requests while the page opened and its images loaded (before `inspect`).
   */
  problems: string[];
  /** Every URL requested, in order, `inspect`'s included. */
  requests: string[];
  /** Every <img> after forcing eager loading and waiting for each to load or fail. */
  images: ImageState[];
  /** Whatever `inspect` returned. */
  extra: Extra;
}

/**
 * Loads `htmlPath` offline, waits for every image (lazy ones forced eager: a headless viewport
 * never scrolls them in), then runs `inspect` on the page before closing the browser.
 */
export async function checkPage<Extra>(
  htmlPath: string,
  inspect: (page: Page) => Promise<Extra>,
): Promise<PageCheck<Extra>> {
  const { chromium } = await import("playwright-core");
  // No sandbox: CI runs as root in a container. No /dev/shm: Docker gives it 64 MB, and
  // Debian's launcher, which would add the flag, fails its size check when /dev/shm is
  // mounted twice (as on this machine).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  try {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${String(error)}`));
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on("request", (request) => requests.push(request.url()));
    page.on("requestfailed", (request) =>
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`),
    );
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
    await page.$$eval("img", (elements) =>
      Promise.all(
        elements.map((image) => {
          image.loading = "eager";
          if (image.complete) return null;
          return new Promise((settle) => {
            image.addEventListener("load", settle, { once: true });
            image.addEventListener("error", settle, { once: true });
          });
        }),
      ),
    );
    const images = await page.$$eval("img", (elements) =>
      elements.map((image) => ({
        src: image.getAttribute("src") ?? "",
        naturalWidth: image.complete ? image.naturalWidth : 0,
        naturalHeight: image.complete ? image.naturalHeight : 0,
      })),
    );
    // Taken before `inspect`: what it does (loading media, then closing the browser under
    // them) aborts requests that are no fault of the page.
    const opened = [...problems];
    const extra = await inspect(page);
    return { problems: opened, requests, images, extra };
  } finally {
    await browser.close();
  }
}
