export { createClassSerdes, createClassSerdesWithDates, defaultSerdes, passThroughSerdes } from "./serdes.js";
