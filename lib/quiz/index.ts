/** The quiz core: pure, runs in the browser and on the server. */
export * from "./bank-schema";
export * from "./grade";
export * from "./present";
export * from "./random";
export * from "./path-asks";
export * from "./path-questions";
export * from "./path-scenario";
export * from "./draw";
export * from "./feedback";
export * from "./review-options";
