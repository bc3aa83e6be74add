import { describe, expect, it } from "vitest";
import { exportFileName, slug } from "./export-name";

describe("export file names", () => {
  it("reduce free-text titles to safe words", () => {
    expect(slug("Hermitage P4: lost update")).toBe("hermitage-p4-lost-update");
    expect(slug("Café — ça marche ../../etc")).toBe("cafe-ca-marche-etc");
    expect(slug("???")).toBe("timeline");
  });

  it("say what the picture shows", () => {
    expect(exportFileName("Lost update", "optimistic", "wal", "png")).toBe(
      "lost-update-optimistic-wal.png",
    );
    expect(exportFileName("Dirty read", "as_written", "delete", "svg")).toBe(
      "dirty-read-rollback.svg",
    );
    expect(exportFileName("Lost update", "none", "wal", "svg", true)).toBe(
      "lost-update-none-wal-custom-schedule.svg",
    );
    expect(exportFileName("Lost update", "none", "wal", "apng", false, ["slide"])).toBe(
      "lost-update-none-wal-slide.apng",
    );
  });
});
