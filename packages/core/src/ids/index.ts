export { hashOperationId, OPERATION_ID_HASH_LENGTH } from "./hash-operation-id.js";
