//! Typed access to the recorded engine outputs for tests. They are the CLI's
//! `run --format json`, which is the app's IPC too (the api's DTOs serialise
//! exactly as the engine's types). JSON imports widen tuples to arrays, hence
//! the cast through `unknown`.
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

export const none = noneJson as unknown as RunReport;
export const atomic = atomicJson as unknown as RunReport;
export const pessimistic = pessimisticJson as unknown as RunReport;
export const optimistic = optimisticJson as unknown as RunReport;
export const transaction = transactionJson as unknown as RunReport;
export const transactionDelete = transactionDeleteJson as unknown as RunReport;
export const dirty = dirtyJson as unknown as RunReport;
export const deadlock = deadlockJson as unknown as RunReport;
export const writeSkew = writeSkewJson as unknown as RunReport;
