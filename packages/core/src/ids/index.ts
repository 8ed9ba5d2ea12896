export { hashOperationId, OPERATION_ID_HASH_LENGTH, rootOperationIds } from "./hash-operation-id.js";
