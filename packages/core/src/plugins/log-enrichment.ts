import type { DurableLogData } from "../types/logger.js";
import type { PluginRunner } from "./plugin-runner.js";

/**
 * Adds the keys plugins contribute through `enrichLogContext` to a log record's `data`, in place.
 * Keys the record already has win over the plugins' keys.
 */
export function enrichLogData(runner: PluginRunner, data: DurableLogData): DurableLogData {
  const extra = runner.enrichLogContext();
  if (extra === undefined) return data;
  for (const key in extra) if (!(key in data)) data[key] = extra[key];
  return data;
}
