export { DurableTracer } from "./durable-tracer.js";
export {
  DURABLE_METADATA_NAMESPACE,
  DurableAnnotation,
  type DurableTracerPluginOptions,
  ReplayedOperations,
} from "./tracer-plugin.js";
