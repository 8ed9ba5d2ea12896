// Runs before `npm start` and `npm test` with whatever Node the machine has (Node 20 is enough):
// installs the workspace when node_modules is missing or older than the lockfile and manifests,
// so a fresh clone needs no separate install step. The install fetches Node 22 (the `node`
// devDependency), which npm then puts first on the PATH of every npm script: the machine's own
// Node only runs this script and the install.
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

/** The Node version the project runs on: the `node` devDependency the lockfile pins. */
function projectNodeVersion() {
  const lockfile = join(root, "package-lock.json");
  if (!existsSync(lockfile)) return "22";
  const pinned = JSON.parse(readFileSync(lockfile, "utf8")).packages?.["node_modules/node"]?.version;
  return typeof pinned === "string" ? pinned : "22";
}

const wanted = fingerprint();
const current = existsSync(stampFile) ? readFileSync(stampFile, "utf8") : "";
if (current !== wanted || !existsSync(join(root, "node_modules", ".bin", "node"))) {
  console.log(
    `[setup] npm install: fetches Node ${projectNodeVersion()}, which every npm script of this project runs on ` +
      `(Node ${process.versions.node} only runs the install)`,
  );
  // `npm install` rather than `npm ci`: it honours the lockfile too, and tolerates optional
  // platform packages (biome, turbo) that a lockfile written on another OS lists differently.
  // Warnings are left out: npm compares each package's `engines` with the Node running the
  // install, not with the Node 22 that runs the code, so on an older Node every package warns.
  // Errors still show.
  execSync("npm install --no-audit --no-fund --loglevel=error", { cwd: root, stdio: "inherit" });
  writeFileSync(stampFile, fingerprint());
}
