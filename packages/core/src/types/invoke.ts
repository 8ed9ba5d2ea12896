import type { Serdes } from "./serdes.js";

/**
 * Options of `context.invoke`.
 *
 * @example
 * ```ts
 * const price = await context.invoke("price", "pricing-function:live", { sku }, { tenantId: "acme" });
 * ```
 */
export interface InvokeConfig<I, O> {
  /**
   * How the input is sent.
   *
   * @default the context's serdes, JSON
   */
  payloadSerdes?: Serdes<I>;
  /**
   * How the invoked function's result is read.
   *
   * @default the context's serdes, JSON
   */
  resultSerdes?: Serdes<O>;
  /** Tenant of a tenant-isolated target function (`ChainedInvokeOptions.TenantId`). */
  tenantId?: string;
}
