import { readFileSync } from "node:fs";
import { type CollectionTag, parse, type ScalarTag, YAMLMap, YAMLSeq } from "yaml";

/**
 * The short forms of CloudFormation's intrinsic functions (`!Ref X`, `!Sub "…"`, `!GetAtt A.B`, …)
 * and the long form each one stands for. Plain YAML parsers reject these tags, so the template is
 * read with a schema that turns each into its JSON form: `!Ref X` → `{ Ref: "X" }`,
 * `!Sub s` → `{ "Fn::Sub": s }`.
 */
const INTRINSIC_FUNCTIONS = {
  Ref: "Ref",
  Condition: "Condition",
  Sub: "Fn::Sub",
  GetAtt: "Fn::GetAtt",
  Join: "Fn::Join",
  Select: "Fn::Select",
  Split: "Fn::Split",
  If: "Fn::If",
  Equals: "Fn::Equals",
  Not: "Fn::Not",
  And: "Fn::And",
  Or: "Fn::Or",
  FindInMap: "Fn::FindInMap",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  ImportValue: "Fn::ImportValue",
  GetAZs: "Fn::GetAZs",
  Transform: "Fn::Transform",
  Length: "Fn::Length",
  ToJsonString: "Fn::ToJsonString",
} as const;

/** A node of a parsed template (JSON-shaped). */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | TemplateValue[]
  | { [key: string]: TemplateValue };

/** A parsed CloudFormation/SAM template. */
export interface CloudFormationTemplate {
  AWSTemplateFormatVersion?: string;
  Transform?: string | string[];
  Parameters?: Record<string, Record<string, TemplateValue>>;
  Globals?: Record<string, Record<string, TemplateValue>>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, Record<string, TemplateValue>>;
}

/** One resource of a template. */
export interface TemplateResource {
  Type: string;
  Metadata?: Record<string, TemplateValue>;
  Properties?: Record<string, TemplateValue>;
}

function intrinsicValue(name: string, value: TemplateValue): TemplateValue {
  // `!GetAtt Resource.Attribute` is the short form of `Fn::GetAtt: [Resource, Attribute]`.
  if (name === "Fn::GetAtt" && typeof value === "string") {
    const dot = value.indexOf(".");
    return { [name]: [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [name]: value };
}

/** Each intrinsic tag three times: on a scalar, a sequence and a mapping. */
const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = Object.entries(INTRINSIC_FUNCTIONS).flatMap(
  ([tag, name]) => [
    { tag: `!${tag}`, resolve: (value: string) => intrinsicValue(name, value) } as ScalarTag,
    {
      tag: `!${tag}`,
      collection: "seq",
      nodeClass: YAMLSeq,
      resolve: (seq: YAMLSeq) => intrinsicValue(name, seq.toJSON() as TemplateValue),
    } as unknown as CollectionTag,
    {
      tag: `!${tag}`,
      collection: "map",
      nodeClass: YAMLMap,
      resolve: (map: YAMLMap) => intrinsicValue(name, map.toJSON() as TemplateValue),
    } as unknown as CollectionTag,
  ],
);

/**
 * Parses a CloudFormation or SAM template written in YAML, short-form intrinsic functions included.
 *
 * @example
 * ```ts
 * const template = parseTemplate(readFileSync("template.yaml", "utf8"));
 * template.Resources.OrdersFunction?.Properties?.DurableConfig; // { ExecutionTimeout: 604800, … }
 * ```
 */
export function parseTemplate(text: string): CloudFormationTemplate {
  const template = parse(text, {
    customTags: CLOUDFORMATION_TAGS,
    strict: true,
    uniqueKeys: true,
  }) as unknown;
  if (typeof template !== "object" || template === null || !("Resources" in template)) {
    throw new Error("The template has no Resources section: is it a CloudFormation template?");
  }
  return template as CloudFormationTemplate;
}

/**
 * Reads and parses a template file.
 *
 * @example
 * ```ts
 * const template = loadTemplate(new URL("../template.yaml", import.meta.url));
 * ```
 */
export function loadTemplate(path: string | URL): CloudFormationTemplate {
  return parseTemplate(readFileSync(path, "utf8"));
}

/**
 * The resources of one type, by logical id.
 *
 * @example
 * ```ts
 * const functions = resourcesOfType(template, "AWS::Serverless::Function");
 * ```
 */
export function resourcesOfType(
  template: CloudFormationTemplate,
  type: string,
): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
