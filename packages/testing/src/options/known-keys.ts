import { LocalRunnerError } from "../errors/service-errors.js";

/**
 * Rejects an options object with a key its owner does not know (a typo such as `skiptime`), so a
 * misspelt option fails at once instead of being ignored.
 *
 * @param owner what the options configure, used in the message (e.g. `LocalDurableRunner`)
 * @param options the object the caller passed (undefined is accepted)
 * @param known every key the owner accepts
 * @throws LocalRunnerError naming the unknown keys and listing the known ones
 */
export function rejectUnknownKeys(
  owner: string,
  options: object | undefined,
  known: readonly string[],
): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new LocalRunnerError(`${owner}: options must be an object; got ${JSON.stringify(options)}.`);
  }
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const names = unknown.map((key) => JSON.stringify(key)).join(", ");
  throw new LocalRunnerError(
    `${owner}: unknown option${unknown.length === 1 ? "" : "s"} ${names}. ` +
      `Known options: ${known.join(", ")}. Check the spelling (option names are case-sensitive).`,
  );
}
