import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import { CliError } from "../errors/cli-errors.js";

/**
 * Parses JSON given on the command line, naming the option in the error.
 *
 * @example
 * ```ts
 * parseJsonOption('{"orderId":"o-1"}', "--input"); // { orderId: "o-1" }
 * ```
 */
export function parseJsonOption(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${option} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Quote it for your shell, e.g. ${option} '{"key":"value"}'.`,
    );
  }
}

/**
 * A parser for integer options in a range, for commander's `.option(…, parse)`.
 *
 * @example
 * ```ts
 * command.option("--port <port>", "port to listen on", integerInRange(0, 65535), 0);
 * ```
 */
export function integerInRange(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/**
 * A commander argument parser for JSON values: bad JSON is a usage error naming the problem.
 *
 * @example
 * ```ts
 * command.option("--input <json>", "the event, as JSON", parseJsonArgument);
 * ```
 */
export function parseJsonArgument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(
      `not valid JSON (${error instanceof Error ? error.message : String(error)}); quote it for your shell, e.g. '{"key":"value"}'.`,
    );
  }
}

/**
 * The event from `--input JSON` or `--input-file FILE` (not both); `{}` without either.
 *
 * @example
 * ```ts
 * readEventInput({ inputFile: "order.json" }, process.cwd());
 * ```
 */
export function readEventInput(options: { input?: unknown; inputFile?: string }, cwd: string): unknown {
  if (options.input !== undefined && options.inputFile !== undefined) {
    throw new CliError("--input and --input-file were both given. Pass the event one way only.");
  }
  if (options.input !== undefined) return options.input;
  if (options.inputFile === undefined) return {};
  const path = resolve(cwd, options.inputFile);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read --input-file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Pass an existing JSON file.`,
    );
  }
  return parseJsonOption(text, `--input-file ${path}`);
}
