// Runs before `npm start` and `npm test` with whatever Node the machine has (Node 20 is enough):
// installs the workspace when node_modules is missing or older than the lockfile and manifests,
// so a fresh clone needs no separate install step. The installed `node` devDependency then puts
// Node 22 first on the PATH of every npm script.
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stampFile = join(root, "node_modules", ".install-stamp");

function manifests() {
  const files = ["package.json", "package-lock.json"];
  for (const group of ["packages", "apps"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifest = join(group, name, "package.json");
      if (existsSync(join(root, manifest))) files.push(manifest);
    }
  }
  return files;
}

function fingerprint() {
  const hash = createHash("sha256");
  for (const file of manifests()) {
    const path = join(root, file);
    hash.update(file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest("hex");
}

const wanted = fingerprint();
const current = existsSync(stampFile) ? readFileSync(stampFile, "utf8") : "";
if (current !== wanted || !existsSync(join(root, "node_modules", ".bin", "node"))) {
  // `npm install` rather than `npm ci`: it honours the lockfile too, and tolerates optional
  // platform packages (biome, turbo) that a lockfile written on another OS lists differently.
  const command = "npm install";
  console.log(`[setup] ${command} (dependencies missing or changed)`);
  execSync(`${command} --no-audit --no-fund`, { cwd: root, stdio: "inherit" });
  writeFileSync(stampFile, fingerprint());
}
