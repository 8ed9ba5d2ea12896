import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, platform, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ENGINE_IDS, type EngineId, Engines } from "../harness/engines.js";

export interface MachineFacts {
  date: string;
  node: string;
  nproc: number;
  cpuModel: string;
  os: string;
  memoryGiB: number;
  commit: string;
  engineVersions: Record<EngineId, string>;
}

const BYTES_PER_GIB = 1024 ** 3;

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("model name"));
    if (line !== undefined) return line.slice(line.indexOf(":") + 1).trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? "unknown";
}

function nproc(): number {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    return availableParallelism();
  }
}

function gitCommit(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { encoding: "utf8" }).trim() !== "";
    return dirty ? `${sha} (uncommitted changes)` : sha;
  } catch {
    return "unknown";
  }
}

/**
 * The version in a package's package.json, found from its resolved entry (the official SDK's
 * `exports` map does not expose `./package.json`).
 */
function packageVersion(packageName: string): string {
  let directory = dirname(fileURLToPath(import.meta.resolve(packageName)));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === packageName) return manifest.version ?? "unknown";
    } catch {
      // No manifest at this level; keep walking up.
    }
    const parent = dirname(directory);
    if (parent === directory) return "unknown";
    directory = parent;
  }
}

export function machineFacts(): MachineFacts {
  const engineVersions = {} as Record<EngineId, string>;
  for (const engine of ENGINE_IDS) engineVersions[engine] = packageVersion(Engines[engine].packageName);
  return {
    date: new Date().toISOString(),
    node: process.version,
    nproc: nproc(),
    cpuModel: cpuModel(),
    os: `${platform()} ${release()}`,
    memoryGiB: Math.round(totalmem() / BYTES_PER_GIB),
    commit: gitCommit(),
    engineVersions,
  };
}
