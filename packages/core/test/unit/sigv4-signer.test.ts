import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeRfc3986, signRequest } from "../../src/client/sigv4-signer.js";
import { Sha256 } from "../support/sha256.js";

const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((value) => value !== "." && value !== "..");
const text = fc.string({ maxLength: 40 });
const token = fc.stringMatching(/^[A-Za-z0-9]{1,20}$/);

describe("signRequest", () => {
  it("sorts query parameters by name before value, so a name that prefixes another comes first", async () => {
    const credentials = { accessKeyId: "AKID", secretAccessKey: "secret" };
    const signingDate = new Date("2026-01-01T00:00:00Z");
    const query = { "6": "", "60": "" };
    const reference = await new SignatureV4({
      service: "lambda",
      region: "us-east-1",
      credentials,
      sha256: Sha256,
      applyChecksum: false,
    }).sign(
      { method: "GET", protocol: "https:", hostname: "h", path: "/", query, headers: { host: "h" } },
      { signingDate },
    );

    const ours = signRequest(
      { method: "GET", path: "/", query: Object.entries(query), headers: { host: "h" }, body: "" },
      credentials,
      { region: "us-east-1", service: "lambda" },
      signingDate,
    );

    expect(ours.headers.authorization).toBe(reference.headers.authorization);
    expect(ours.path).toBe("/?6=&60=");
  });

  it("computes the signature the AWS SDK's own signer computes, for any path, query, body and credentials (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST"),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.dictionary(token, text, { maxKeys: 4 }),
        text,
        fc.record({
          accessKeyId: token,
          secretAccessKey: text,
          sessionToken: fc.option(token, { nil: undefined }),
        }),
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2035-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom("us-east-1", "eu-central-1", "cn-north-1"),
        async (method, segments, query, body, credentials, now, region) => {
          const signingDate = new Date(Math.floor(now.getTime() / 1000) * 1000);
          const path = `/${segments.map(encodeRfc3986).join("/")}`;
          // As the transport sends them: a body comes with its length.
          const headers: Record<string, string> = {
            host: "lambda.example.com:8443",
            "content-type": "application/json",
          };
          if (body !== "") headers["content-length"] = String(Buffer.byteLength(body));

          const ours = signRequest(
            { method, path, query: Object.entries(query), headers, body },
            credentials,
            { region, service: "lambda" },
            signingDate,
          );
          const reference = await new SignatureV4({
            service: "lambda",
            region,
            credentials,
            sha256: Sha256,
            applyChecksum: false,
          }).sign(
            {
              method,
              protocol: "https:",
              hostname: "lambda.example.com",
              port: 8443,
              path,
              query,
              headers,
              body,
            },
            { signingDate },
          );

          expect(ours.headers.authorization).toBe(reference.headers.authorization);
          expect(ours.headers["x-amz-date"]).toBe(reference.headers["x-amz-date"]);
          expect(ours.headers["x-amz-security-token"]).toBe(reference.headers["x-amz-security-token"]);
          // The query as sent decodes to the parameters that were signed.
          const sent = new URL(ours.path, "https://lambda.example.com");
          expect(sent.pathname).toBe(path);
          expect(Object.fromEntries(sent.searchParams)).toEqual(query);
        },
      ),
      { numRuns: 500 },
    );
  });
});
