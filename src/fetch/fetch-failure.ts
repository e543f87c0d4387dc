import { SrpipeError } from "../errors.js";

/**
 * A search that cannot be completed consistently (slices that do not add up, a page that
 * repeats records, a result set that moved under a resume). The runner catches it, marks the
 * snapshot "failed" with this message and goes on to the next query.
 */
export function fetchFailure(message: string): SrpipeError {
  return new SrpipeError("input", message);
}
