import type { Command } from "commander";

/** Adds `--endpoint-url`, `--region` and `--profile` to a command that talks to Lambda. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option(
      "--endpoint-url <url>",
      "Lambda endpoint, e.g. the dev server (default: AWS_ENDPOINT_URL_LAMBDA, else AWS)",
    )
    .option("--region <region>", "AWS region (default: the AWS SDK's configuration)")
    .option("--profile <profile>", "AWS profile of the shared config files");
}
