/** Where a value is being (de)serialized: the operation's unhashed id and the execution. */
export interface SerdesContext {
  entityId: string;
  durableExecutionArn: string;
}

/**
 * Turns operation results into checkpoint payloads and back. Both directions may be async (for
 * example to encrypt, compress or offload to S3).
 */
export interface Serdes<T> {
  serialize: (value: T | undefined, context: SerdesContext) => Promise<string | undefined>;
  deserialize: (data: string | undefined, context: SerdesContext) => Promise<T | undefined>;
}

// biome-ignore lint/suspicious/noExplicitAny: a serdes for values of any type.
export type AnySerdes = Serdes<any>;
export type AnySerdesDeserializer = Pick<AnySerdes, "deserialize">;

/** Options of `context.configureSerdes`. */
export interface SerdesConfig {
  /**
   * Serdes for steps, child contexts, invokes and conditions.
   *
   * @default JSON
   */
  defaultSerdes?: AnySerdes;
  /**
   * Deserializer for callback results.
   *
   * @default the raw string
   */
  defaultCallbackDeserializer?: AnySerdesDeserializer;
}
