import Foundation
import XCTest

/// The run as `make report` and a scheduler start it, and the options that change the verdicts.
final class OptionsTests: XCTestCase {
    /// Issue 14 (outputs.md still says otherwise): no default inputs relative to the current
    /// folder. Without arguments it is a usage error; `make report`'s explicit arguments give the
    /// report, and a SampleData folder in the current folder is never read by itself.
    func testNoDefaultsRelativeToTheCurrentFolder() throws {
        let dir = try Workdir()
        try dir.copyFixture("golden/exports", to: "SampleData/exports")
        try dir.copyFixture("golden/organizations.csv", to: "SampleData/organizations.csv")
        XCTAssertEqual(try dir.run([]).status, 64)
        XCTAssertEqual(try dir.run(["report"]).status, 64, "the same with the subcommand named")
        XCTAssertFalse(dir.exists("Reports"))
        let run = try dir.run(["report", "--registry", "SampleData/organizations.csv", "SampleData/exports", "--out", "Reports"])
        XCTAssertEqual(run.status, 0, run.stderr)
        for table in GoldenReportTests.tables {
            XCTAssertEqual(try dir.read("Reports/" + table), try Fixtures.data("golden/expected/" + table), table)
        }
        let makefile = try String(contentsOf: Earshot.packageRoot.appendingPathComponent("Makefile"), encoding: .utf8)
        XCTAssertTrue(makefile.contains("report --registry SampleData/organizations.csv SampleData/exports --out Reports"),
                      "make report names its inputs")
    }

    /// The verdict bands move with the thresholds (metrics.md section 4: "Thresholds can be
    /// changed by the user"), and summary.json states the ones used.
    func testRelentlessThresholdMovesTheVerdicts() throws {
        let dir = try Workdir()
        try dir.copyFixture("golden/exports", to: "exports")
        try dir.copyFixture("golden/organizations.csv", to: "organizations.csv")
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out",
                               "--relentless-threshold", "0.5"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let verdicts = Dictionary(uniqueKeysWithValues: SimpleCSV.records(try dir.readText("out/organizations.csv"))
            .map { ($0["handle"] ?? "", $0["promo_verdict"] ?? "") })
        XCTAssertEqual(verdicts["foodbank"], "promotional", "0.5 <= 0.5")
        // Promotional rule v2: helpinghands 3/11, citylib 0/6 (golden/EXPECTED.md, "Version 2").
        XCTAssertEqual(verdicts["helpinghands"], "promotional", "0.2 < 3/11 <= 0.5")
        XCTAssertEqual(verdicts["citylib"], "balanced")
        XCTAssertEqual(verdicts["randomfan"], "balanced")
        XCTAssertEqual(verdicts["acmecorp"], "")
        let summary = try Summary(try dir.read("out/summary.json"))
        let thresholds = try XCTUnwrap(summary.json["thresholds"] as? [String: Any])
        XCTAssertEqual((thresholds["relentless"] as? NSNumber)?.doubleValue, 0.5)
        XCTAssertEqual((thresholds["promotional"] as? NSNumber)?.doubleValue, 0.2)
        // Everything but the verdicts is unchanged.
        let golden = SimpleCSV.records(String(decoding: try Fixtures.data("golden/expected/organizations.csv"), as: UTF8.self))
        for (row, expected) in zip(SimpleCSV.records(try dir.readText("out/organizations.csv")), golden) {
            XCTAssertEqual(row.filter { $0.key != "promo_verdict" }, expected.filter { $0.key != "promo_verdict" })
        }
    }

    /// `--promo-threshold` is one of the usual options (outputs.md). Raised above the default
    /// relentless threshold (1/3), the bands are still well defined: at or below it balanced,
    /// above it relentless (the `promotional` band is empty).
    func testPromoThresholdAboveOneThirdIsAccepted() throws {
        let dir = try Workdir()
        try dir.copyFixture("golden/exports", to: "exports")
        try dir.copyFixture("golden/organizations.csv", to: "organizations.csv")
        let run = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out",
                               "--promo-threshold", "0.4"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let verdicts = Dictionary(uniqueKeysWithValues: SimpleCSV.records(try dir.readText("out/organizations.csv"))
            .map { ($0["handle"] ?? "", $0["promo_verdict"] ?? "") })
        XCTAssertEqual(verdicts["citylib"], "balanced", "1/3 <= 0.4")
        XCTAssertEqual(verdicts["foodbank"], "relentless")
    }
}
