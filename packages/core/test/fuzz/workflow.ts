/**
 * Random durable workflows for the differential fuzzer. A workflow is plain data (so it can be
 * printed, shrunk and replayed from its seed); `interpret.ts` turns it into a handler for either
 * engine.
 */

/** A value a step returns; objects carry keys in random order so payload bytes are compared too. */
export type Value = number | string | boolean | null | Value[] | { [key: string]: Value };

/** How a step ends: every attempt succeeds, the first attempts fail then it succeeds, or it always fails. */
export type StepOutcome = { kind: "ok" } | { kind: "flaky"; failures: number } | { kind: "fail" };

export interface ThresholdCompletion {
  minSuccessful?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export type Node =
  | {
      op: "step";
      name?: string;
      value: Value;
      outcome: StepOutcome;
      maxAttempts: number;
      atMostOnce: boolean;
      errorName: string;
    }
  | { op: "wait"; name?: string; seconds: number }
  | { op: "child"; name?: string; body: Node[]; throws: boolean }
  | {
      op: "map";
      name?: string;
      items: Value[];
      /** Indexes of items whose function throws after running `body`. */
      failing: number[];
      body: Node[];
      maxConcurrency?: number;
      completion?: ThresholdCompletion;
    }
  | {
      op: "parallel";
      name?: string;
      branches: Array<{ name?: string; body: Node[]; throws: boolean }>;
      maxConcurrency?: number;
      completion?: ThresholdCompletion;
    }
  | { op: "combinator"; name?: string; which: "all" | "allSettled" | "any" | "race"; steps: Node[] }
  | {
      op: "callback";
      name: string;
      answer: "success" | "failure" | "timeout";
      waitFor: boolean;
    }
  | { op: "condition"; name?: string; polls: number; delaySeconds: number }
  | { op: "invoke"; name?: string; target: "double" | "breaker"; input: number };

export type Workflow = Node[];

/** A small deterministic PRNG (mulberry32): the same seed gives the same workflow on every machine. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)] as T;
  }
}

const ERROR_NAMES = ["Error", "TypeError", "RangeError", "PaymentDeclined"] as const;
const KEYS = ["id", "total", "when", "a", "zeta", "items"] as const;

function randomValue(random: Random, depth = 0): Value {
  const kind = random.int(0, depth > 1 ? 3 : 5);
  if (kind === 0) return random.int(-5, 1000);
  if (kind === 1) return random.pick(["ok", "", "ünïcode ✓", 'quote " and \\ slash']);
  if (kind === 2) return random.chance(0.5);
  if (kind === 3) return null;
  if (kind === 4) return Array.from({ length: random.int(0, 3) }, () => randomValue(random, depth + 1));
  const object: { [key: string]: Value } = {};
  for (let i = random.int(0, 3); i > 0; i--) object[random.pick(KEYS)] = randomValue(random, depth + 1);
  return object;
}

/** Operation names are sometimes absent, sometimes repeated: both are legal and both must match. */
function randomName(random: Random, prefix: string, counter: { n: number }): string | undefined {
  if (random.chance(0.3)) return undefined;
  return random.chance(0.15) ? prefix : `${prefix}-${counter.n++}`;
}

function randomCompletion(random: Random, count: number): ThresholdCompletion | undefined {
  if (random.chance(0.35)) return undefined;
  const completion: ThresholdCompletion = {};
  if (random.chance(0.5)) completion.minSuccessful = random.int(0, count + 1);
  if (random.chance(0.4)) completion.toleratedFailureCount = random.int(0, count);
  if (random.chance(0.3)) completion.toleratedFailurePercentage = random.pick([0, 25, 50, 100]);
  return completion;
}

interface GenerateOptions {
  /** Largest number of operations in one context. */
  width: number;
  /** How deep contexts nest. */
  depth: number;
}

function randomStep(random: Random, counter: { n: number }, allowFailure: boolean): Node {
  const roll = random.next();
  const outcome: StepOutcome =
    !allowFailure || roll < 0.6
      ? { kind: "ok" }
      : roll < 0.8
        ? { kind: "flaky", failures: random.int(1, 2) }
        : { kind: "fail" };
  return {
    op: "step",
    name: randomName(random, "step", counter),
    value: randomValue(random),
    outcome,
    maxAttempts: random.int(1, 3),
    atMostOnce: random.chance(0.25),
    errorName: random.pick(ERROR_NAMES),
  };
}

function randomBody(random: Random, options: GenerateOptions, depth: number, counter: { n: number }): Node[] {
  return Array.from({ length: random.int(depth === 0 ? 1 : 0, options.width) }, () =>
    randomNode(random, options, depth, counter),
  );
}

function randomNode(random: Random, options: GenerateOptions, depth: number, counter: { n: number }): Node {
  const nested = depth < options.depth;
  const roll = random.int(0, nested ? 10 : 6);
  switch (roll) {
    case 0:
    case 1:
    case 2:
      return randomStep(random, counter, true);
    case 3:
      return { op: "wait", name: randomName(random, "wait", counter), seconds: random.int(1, 600) };
    case 4:
      return {
        op: "callback",
        name: `cb-${counter.n++}`,
        answer: random.pick(["success", "failure", "timeout"] as const),
        waitFor: random.chance(0.5),
      };
    case 5:
      return {
        op: "condition",
        name: randomName(random, "poll", counter),
        polls: random.int(1, 3),
        delaySeconds: random.int(1, 30),
      };
    case 6:
      return {
        op: "invoke",
        name: randomName(random, "invoke", counter),
        target: random.pick(["double", "breaker"] as const),
        input: random.int(0, 100),
      };
    case 7:
      return {
        op: "child",
        name: randomName(random, "child", counter),
        body: randomBody(random, options, depth + 1, counter),
        throws: random.chance(0.2),
      };
    case 8: {
      const items = Array.from({ length: random.int(0, 4) }, () => randomValue(random, 2));
      return {
        op: "map",
        name: randomName(random, "map", counter),
        items,
        failing: items.map((_, index) => index).filter(() => random.chance(0.25)),
        body: randomBody(random, { ...options, width: 2 }, depth + 1, counter),
        maxConcurrency: random.chance(0.5) ? random.int(1, 3) : undefined,
        completion: randomCompletion(random, items.length),
      };
    }
    case 9: {
      const branches = Array.from({ length: random.int(1, 3) }, () => ({
        name: randomName(random, "branch", counter),
        body: randomBody(random, { ...options, width: 2 }, depth + 1, counter),
        throws: random.chance(0.25),
      }));
      return {
        op: "parallel",
        name: randomName(random, "parallel", counter),
        branches,
        maxConcurrency: random.chance(0.5) ? random.int(1, 3) : undefined,
        completion: randomCompletion(random, branches.length),
      };
    }
    default:
      return {
        op: "combinator",
        name: randomName(random, "combine", counter),
        which: random.pick(["all", "allSettled", "any", "race"] as const),
        // No retries: a losing step's retry would stay due after the combinator settled, and the
        // local service re-invokes for a due operation nobody runs again.
        steps: Array.from({ length: random.int(1, 3) }, () => ({
          ...randomStep(random, counter, true),
          maxAttempts: 1,
        })),
      };
  }
}

/** The workflow of a seed. */
export function generateWorkflow(seed: number, options: GenerateOptions = { width: 4, depth: 2 }): Workflow {
  const random = new Random(seed);
  return randomBody(random, options, 0, { n: 1 });
}
