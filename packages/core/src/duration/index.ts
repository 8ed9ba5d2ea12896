export {
  assertDuration,
  type DurationUnit,
  durationToMilliseconds,
  durationToSeconds,
  SECONDS_PER,
} from "./duration.js";
