/**
 * How a redrive is named. A redrive is a new durable execution of the same function whose name is
 * its chain's first execution name followed by `--redrive-<n>`, where `n` counts the redrives in the
 * chain. The engine of the new execution reads its own name from its ARN to find the execution it
 * continues (the previous link, found by name among the function's executions), and the service's
 * idempotency by name and payload makes starting the same redrive twice return the same execution.
 */
export const RedriveNaming = {
  /** Between the chain's first name and the redrive count. */
  separator: "--redrive-",
  /** The longest durable execution name the service accepts. */
  maxNameLength: 64,
} as const;
