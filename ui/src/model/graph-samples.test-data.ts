//! The graph's own recorded engine outputs (`interleave run FILE --strategy S
//! --format json` over fixtures/), beside the shared ones in
//! samples.test-data.ts: three users, retries, parallel edges, a predicate,
//! several findings in one run, a finding that is not a cycle, and
//! writes committed after their step.
import type { RunReport } from "../bindings/RunReport";
import counterThreeNoneJson from "./samples/counter-three-none.json";
import counterThreeTransactionJson from "./samples/counter-three-transaction.json";
import writeSkewThreeNoneJson from "./samples/write-skew-three-none.json";
import writeSkewThreeTransactionJson from "./samples/write-skew-three-transaction.json";
import threeCountersNoneJson from "./samples/three-counters-none.json";
import phantomNoneJson from "./samples/phantom-read-none.json";
import transferNoneJson from "./samples/transfer-none.json";
import staleNoneJson from "./samples/stale-read-none.json";
import hermitageGSingleJson from "./samples/hermitage-g-single.json";
import hermitageG1bJson from "./samples/hermitage-g1b-read-uncommitted.json";
import hermitageOtvJson from "./samples/hermitage-otv.json";

export const counterThreeNone = counterThreeNoneJson as unknown as RunReport;
export const counterThreeTransaction = counterThreeTransactionJson as unknown as RunReport;
export const writeSkewThreeNone = writeSkewThreeNoneJson as unknown as RunReport;
export const writeSkewThreeTransaction = writeSkewThreeTransactionJson as unknown as RunReport;
export const threeCountersNone = threeCountersNoneJson as unknown as RunReport;
export const phantomNone = phantomNoneJson as unknown as RunReport;
export const transferNone = transferNoneJson as unknown as RunReport;
export const staleNone = staleNoneJson as unknown as RunReport;
/** Hermitage's tests as written (fixtures/hermitage): explicit transactions, commits after writes. */
export const hermitageGSingle = hermitageGSingleJson as unknown as RunReport;
export const hermitageG1b = hermitageG1bJson as unknown as RunReport;
export const hermitageOtv = hermitageOtvJson as unknown as RunReport;
