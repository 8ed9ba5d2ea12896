import { type FSWatcher, watch } from "node:fs";
import { type HandlerReference, type LoadedHandler, loadHandler } from "../handler/load-handler.js";

/** How long file events settle before the module is imported again (editors write in bursts). */
const RELOAD_SETTLE_MS = 150;

/**
 * Watches a handler module and the project files it imports; when one changes, imports the
 * module afresh and hands the new handler over. A module that no longer loads is reported and
 * the previous handler kept.
 *
 * @example
 * ```ts
 * const watcher = new ModuleWatcher(reference, loaded.files, (next) => driver.registerFunction("orders", next.handler), log);
 * watcher.close();
 * ```
 */
export class ModuleWatcher {
  readonly #reference: HandlerReference;
  readonly #onReload: (loaded: LoadedHandler) => void;
  readonly #log: (line: string) => void;
  #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    reference: HandlerReference,
    files: readonly string[],
    onReload: (loaded: LoadedHandler) => void,
    log: (line: string) => void,
  ) {
    this.#reference = reference;
    this.#onReload = onReload;
    this.#log = log;
    this.#watch(files);
  }

  /** Stops watching. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers = [];
  }

  #watch(files: readonly string[]): void {
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers = files.map((file) => {
      const watcher = watch(file, () => this.#schedule());
      watcher.on("error", () => {});
      return watcher;
    });
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#reload(), RELOAD_SETTLE_MS);
  }

  async #reload(): Promise<void> {
    if (this.#closed) return;
    try {
      const loaded = await loadHandler(this.#reference);
      if (this.#closed) return;
      this.#watch(loaded.files);
      this.#onReload(loaded);
      this.#log(`reloaded ${this.#reference.file}`);
    } catch (error) {
      this.#log(`${error instanceof Error ? error.message : String(error)} (keeping the previous version)`);
    }
  }
}
