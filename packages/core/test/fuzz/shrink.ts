import type { Node, Workflow } from "./workflow.js";

/** Smaller variants of one node: its nested parts removed or flattened, one at a time. */
function shrinkNode(node: Node): Node[] {
  switch (node.op) {
    case "child":
      return [
        ...node.body,
        ...shrinkList(node.body).map((body) => ({ ...node, body })),
        ...(node.throws ? [{ ...node, throws: false }] : []),
      ];
    case "map":
      return [
        ...shrinkList(node.body).map((body) => ({ ...node, body })),
        ...node.items.map((_, index) => ({
          ...node,
          items: node.items.filter((__, i) => i !== index),
          failing: node.failing.filter((i) => i !== index).map((i) => (i > index ? i - 1 : i)),
        })),
        ...(node.completion !== undefined ? [{ ...node, completion: undefined }] : []),
        ...(node.maxConcurrency !== undefined ? [{ ...node, maxConcurrency: undefined }] : []),
      ];
    case "parallel":
      return [
        ...node.branches
          .filter(() => node.branches.length > 1)
          .map((_, index) => ({ ...node, branches: node.branches.filter((__, i) => i !== index) })),
        ...node.branches.flatMap((branch, index) =>
          shrinkList(branch.body).map((body) => ({
            ...node,
            branches: node.branches.map((b, i) => (i === index ? { ...branch, body } : b)),
          })),
        ),
        ...(node.completion !== undefined ? [{ ...node, completion: undefined }] : []),
        ...(node.maxConcurrency !== undefined ? [{ ...node, maxConcurrency: undefined }] : []),
      ];
    case "combinator":
      return node.steps.length > 1
        ? node.steps.map((_, index) => ({ ...node, steps: node.steps.filter((__, i) => i !== index) }))
        : [];
    case "step":
      return node.value === null ? [] : [{ ...node, value: null }];
    default:
      return [];
  }
}

/** Smaller variants of a list: each element removed, then each element shrunk. */
function shrinkList(nodes: Node[]): Node[][] {
  const variants: Node[][] = nodes.map((_, index) => nodes.filter((__, i) => i !== index));
  nodes.forEach((node, index) => {
    for (const smaller of shrinkNode(node)) variants.push(nodes.map((n, i) => (i === index ? smaller : n)));
  });
  return variants;
}

/**
 * The smallest workflow (greedily) that still fails `stillDiverges`: repeatedly takes the first
 * smaller variant that keeps the divergence, until none does or `budget` checks are spent.
 */
export async function shrinkWorkflow(
  workflow: Workflow,
  stillDiverges: (candidate: Workflow) => Promise<boolean>,
  budget = 300,
): Promise<Workflow> {
  let current = workflow;
  let checks = 0;
  let improved = true;
  while (improved && checks < budget) {
    improved = false;
    for (const candidate of shrinkList(current)) {
      if (checks++ >= budget) break;
      if (await stillDiverges(candidate)) {
        current = candidate;
        improved = true;
        break;
      }
    }
  }
  return current;
}
