import { DurableServiceError, ServiceErrorCode } from "../errors/service-errors.js";
import { INVALID_CHECKPOINT_TOKEN_PREFIX } from "./constants.js";

/** `InvalidParameterValueException` with the given message. */
export function invalidParameter(message: string): DurableServiceError {
  return new DurableServiceError(ServiceErrorCode.InvalidParameterValue, message);
}

/** The token error engines recognise (and answer by retrying the invocation). */
export function invalidToken(reason: string): DurableServiceError {
  return invalidParameter(`${INVALID_CHECKPOINT_TOKEN_PREFIX}: ${reason}`);
}
