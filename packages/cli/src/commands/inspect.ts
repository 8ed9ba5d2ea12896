import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fetchExecutionSnapshot } from "../client/fetch-snapshot.js";
import { type ConnectionOptions, createLambdaClient } from "../client/lambda-client-options.js";
import { ExitCode } from "../errors/cli-errors.js";
import { renderInspectorHtml } from "../inspect/inspector-page.js";
import type { CommandIo } from "./command-io.js";
import { describeServiceError } from "./service-errors.js";

/** Options of the `inspect` command. */
export interface InspectCommandOptions extends ConnectionOptions {
  /** Where to write the HTML; `-` for stdout. Default: `<execution name>.html` in the current directory. */
  html?: string;
}

/**
 * `durable-lambda inspect <arn>`: writes one self-contained HTML file showing the execution.
 *
 * @example
 * ```ts
 * await inspectCommand(executionArn, { html: "run.html", endpointUrl: "http://127.0.0.1:9014" }, processIo());
 * ```
 */
export async function inspectCommand(
  executionArn: string,
  options: InspectCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const client = createLambdaClient(options, io.env);
  try {
    const snapshot = await fetchExecutionSnapshot(client, executionArn).catch((error: unknown) => {
      throw describeServiceError(error, `inspect ${executionArn}`);
    });
    const html = renderInspectorHtml(snapshot);
    if (options.html === "-") {
      io.out(html);
      return ExitCode.success;
    }
    const name = snapshot.execution.DurableExecutionName ?? "execution";
    const file = resolve(io.cwd, options.html ?? `${name.replace(/[^\w.-]+/g, "_")}.html`);
    writeFileSync(file, html);
    io.out(`${file}`);
    io.err(
      `Wrote ${snapshot.history.length} history events of ${name} (${snapshot.execution.Status}) to ${file}`,
    );
    return ExitCode.success;
  } finally {
    client.destroy();
  }
}
