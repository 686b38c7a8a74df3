/** Turns an answer into the token stream of one response message, stopping early when the client cancels. */
import type { MessageWriter } from './packets.js';
import type { ClientRequest } from './requests.js';
import type { Answer } from './sql-engine.js';
import {
  colMetadata,
  DONE_STATUS,
  done,
  doneInProc,
  doneProc,
  errorToken,
  isMaxColumn,
  returnStatus,
  row,
} from './tokens.js';

export interface InFlight {
  cancelled: boolean;
  /** Set by a slow statement: resolves when an attention arrives. */
  wake?: () => void;
}

/** Rows sent between two cancellation checks. */
const rowsPerCheck = 50;

/** Writes the response; returns true when it was cut short by an attention. */
export async function respond(
  writer: MessageWriter,
  request: ClientRequest,
  result: Answer,
  flight: InFlight,
  serverName: string,
): Promise<boolean> {
  const rpc = request.kind === 'rpc';
  const finish = (status: number): Buffer =>
    rpc ? Buffer.concat([returnStatus(status === DONE_STATUS.ERROR ? 1 : 0), doneProc(status)]) : done(status);

  if (result.kind === 'slow') {
    // Nothing is sent until the client gives up: a statement that only ends when cancelled.
    if (!flight.cancelled) await new Promise<void>((resolve) => (flight.wake = resolve));
    await writer.end(finish(DONE_STATUS.FINAL));
    return true;
  }
  if (result.kind === 'error') {
    await writer.end(Buffer.concat([errorToken(result.error, serverName), finish(DONE_STATUS.ERROR)]));
    return false;
  }
  if (result.kind === 'done') {
    await writer.end(finish(DONE_STATUS.FINAL));
    return false;
  }
  for (const [setIndex, set] of result.sets.entries()) {
    const maxFlags = set.columns.map((column, index) => isMaxColumn(column, set.rows, index));
    await writer.write(colMetadata(set.columns, maxFlags));
    for (let start = 0; start < set.rows.length; start += rowsPerCheck) {
      if (flight.cancelled) {
        await writer.end(finish(DONE_STATUS.FINAL));
        return true;
      }
      const chunk = set.rows.slice(start, start + rowsPerCheck).map((values) => row(set.columns, values, maxFlags));
      await writer.write(Buffer.concat(chunk));
      // Lets an attention in between chunks, as a real server streams at the network's pace.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const last = setIndex === result.sets.length - 1;
    const count = DONE_STATUS.COUNT | (rpc || !last ? DONE_STATUS.MORE : 0);
    if (rpc) await writer.write(doneInProc(count, set.rows.length));
    else if (last) await writer.end(done(count, set.rows.length));
    else await writer.write(done(count, set.rows.length));
  }
  if (rpc || result.sets.length === 0) await writer.end(finish(DONE_STATUS.FINAL));
  return flight.cancelled;
}
