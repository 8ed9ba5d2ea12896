import { createApprovalHandler } from "./approval-handler.js";

/** The approval function's Lambda handler (`src/approval/index.handler` in template.yaml). */
export const handler = createApprovalHandler();
