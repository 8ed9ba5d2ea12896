import * as official from "@aws/durable-execution-sdk-js";
import * as ours from "@durable-lambda/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/** Field names the generated values and rules share, so rules match often (dotted and unsafe ones too). */
const NAMES = ["id", "user", "email", "name", "items", "a", "b", "a.b", "constructor", "prototype"];

const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("object"), tie("array")),
  object: fc.dictionary(fc.constantFrom(...NAMES), tie("value"), { maxKeys: 5 }),
  array: fc.array(tie("value"), { maxLength: 4 }),
}));
const field = fc.record(
  {
    name: fc.oneof(
      fc.constantFrom(...NAMES),
      fc.constantFrom("user.email", "items.id", "a.b.c", "user.name"),
    ),
    match: fc.constantFrom("ANYWHERE", "PATH"),
  },
  { requiredKeys: ["name"] },
);
const config = fc.record(
  {
    mode: fc.constantFrom("INCLUDE_ALL", "EXCLUDE_ALL"),
    include: fc.array(field, { maxLength: 3 }),
    exclude: fc.array(field, { maxLength: 3 }),
    mask: fc.array(field, { maxLength: 3 }),
    maskString: fc.string({ maxLength: 5 }),
    maxPreviewBytes: fc.integer({ min: 0, max: 400 }),
  },
  { requiredKeys: ["mode"] },
);

describe("buildPreview gives what the official buildPreview gives", () => {
  it("for any value and any rules", () => {
    let nonEmpty = 0;
    let truncated = 0;
    fc.assert(
      fc.property(value, config, (input, rules) => {
        const expected = official.buildPreview(input, rules as official.PreviewConfig);
        const unlimited = official.buildPreview(input, {
          ...rules,
          maxPreviewBytes: 1e9,
        } as official.PreviewConfig);
        if (expected !== undefined) nonEmpty++;
        if (JSON.stringify(expected) !== JSON.stringify(unlimited)) truncated++;

        expect(ours.buildPreview(input, rules as ours.PreviewConfig)).toStrictEqual(expected);
      }),
      { numRuns: 2000 },
    );
    // The generators reach the interesting cases: previews with fields, and previews cut by the budget.
    expect(nonEmpty).toBeGreaterThan(200);
    expect(truncated).toBeGreaterThan(50);
  });

  it("for the documented example: included fields, a masked one, the rest left out", () => {
    const order = {
      id: "order-123",
      status: "pending",
      user: { email: "a@example.com", name: "Ann" },
      total: 3,
    };
    const rules: ours.PreviewConfig = {
      mode: ours.PreviewMode.EXCLUDE_ALL,
      include: [{ name: "id" }, { name: "status" }],
      mask: [{ name: "email" }],
    };

    const preview = ours.buildPreview(order, rules);

    expect(preview).toStrictEqual({ id: "order-123", status: "pending", user: { email: "***" } });
    expect(preview).toStrictEqual(official.buildPreview(order, rules as unknown as official.PreviewConfig));
  });

  it("for arrays (items merged), non-objects and a budget too small for any field", () => {
    const cases: Array<[unknown, ours.PreviewConfig]> = [
      [[{ user: "arb" }, { user: { email: "x" } }], { mode: ours.PreviewMode.INCLUDE_ALL }],
      [{ items: [{ id: 1 }, { id: 2, name: "b" }] }, { mode: ours.PreviewMode.INCLUDE_ALL }],
      ["text", { mode: ours.PreviewMode.INCLUDE_ALL }],
      [null, { mode: ours.PreviewMode.INCLUDE_ALL }],
      [{ id: "long enough" }, { mode: ours.PreviewMode.INCLUDE_ALL, maxPreviewBytes: 5 }],
      [{ user: { email: "x" } }, { mode: ours.PreviewMode.EXCLUDE_ALL, include: [{ name: "user" }] }],
      [{ user: { email: "x" } }, { mode: ours.PreviewMode.INCLUDE_ALL, exclude: [{ name: "email" }] }],
      [
        { email: "root", user: { email: "nested" } },
        { mode: ours.PreviewMode.EXCLUDE_ALL, include: [{ name: "email", match: ours.FieldMatchMode.PATH }] },
      ],
    ];

    for (const [input, rules] of cases) {
      expect(ours.buildPreview(input, rules)).toStrictEqual(
        official.buildPreview(input, rules as unknown as official.PreviewConfig),
      );
    }
    expect(ours.buildPreview(cases[0]?.[0], cases[0]?.[1] as ours.PreviewConfig)).toStrictEqual({
      user: { email: "x" },
    });
  });

  it("exports the same mode values", () => {
    expect({ ...ours.PreviewMode }).toEqual({ ...official.PreviewMode });
    expect({ ...ours.FieldMatchMode }).toEqual({ ...official.FieldMatchMode });
  });
});

describe("buildPreview rejects rules it cannot apply, where the official one guesses", () => {
  it.each([
    [{}, /option "mode" must be one of INCLUDE_ALL, EXCLUDE_ALL/],
    [{ mode: "SOME" }, /option "mode" must be one of INCLUDE_ALL, EXCLUDE_ALL; got "SOME"/],
    [{ mode: "INCLUDE_ALL", exclude: "email" }, /option "exclude" must be a list of \{ name, match\? \}/],
    [
      { mode: "INCLUDE_ALL", mask: [{ name: "a", match: "EXACT" }] },
      /option "match" must be one of ANYWHERE, PATH/,
    ],
    [{ mode: "INCLUDE_ALL", mask: [{ nam: "a" }] }, /option "mask" must be a list/],
    [
      { mode: "INCLUDE_ALL", include: [{ name: "a", mtch: "PATH" }] },
      /unknown option "mtch". Known options: name, match/,
    ],
    [
      { mode: "INCLUDE_ALL", maxBytes: 10 },
      /unknown option "maxBytes". Known options: mode, include, exclude/,
    ],
  ])("%j", (rules, message) => {
    expect(() => ours.buildPreview({ a: 1 }, rules as unknown as ours.PreviewConfig)).toThrow(
      expect.objectContaining({ name: "DurableConfigurationError", message: expect.stringMatching(message) }),
    );
  });
});
