//! Typed access to the recorded engine outputs for tests.
import type { RunReport } from "../bindings/RunReport";
import noneJson from "./samples/lost-update-none.json";
import atomicJson from "./samples/lost-update-atomic.json";
import pessimisticJson from "./samples/lost-update-pessimistic.json";
import optimisticJson from "./samples/lost-update-optimistic.json";
import transactionJson from "./samples/lost-update-transaction.json";
import transactionDeleteJson from "./samples/lost-update-transaction-delete.json";
import dirtyJson from "./samples/dirty-read.json";
import deadlockJson from "./samples/p4-delete-deadlock.json";
import writeSkewJson from "./samples/write-skew-none.json";

export const none = noneJson as RunReport;
export const atomic = atomicJson as RunReport;
export const pessimistic = pessimisticJson as RunReport;
export const optimistic = optimisticJson as RunReport;
export const transaction = transactionJson as RunReport;
export const transactionDelete = transactionDeleteJson as RunReport;
export const dirty = dirtyJson as RunReport;
export const deadlock = deadlockJson as RunReport;
export const writeSkew = writeSkewJson as RunReport;
