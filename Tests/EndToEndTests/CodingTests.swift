import Foundation
import XCTest

/// `earshot codebook`, `earshot validate` and `report --validation` as a user runs them: the
/// files, the exit codes, and errors that name the sheet and the line. The figures themselves are
/// checked by hand in EarshotCoreTests (CodingRoundTripTests).
final class CodingTests: XCTestCase {
    private func workdir(_ name: String = #function) throws -> Workdir {
        let dir = try Workdir(name)
        try dir.write("organizations.csv", ExitCodeTests.registry)
        try dir.write("exports/acme/tweets.csv", ExitCodeTests.archive(good: 6, bad: 0))
        return dir
    }

    /// Fills every row of the sheet: `community` for ids ending in 0, else `information`.
    private func fill(_ sheet: String) -> String {
        sheet.split(separator: "\n").enumerated().map { k, line in
            guard k > 0 else { return String(line) }
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells.removeLast(4)
            return (cells + [cells[0].hasSuffix("0") ? "community" : "information", "no", "", ""]).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    func testCodebookThenValidateThenReport() throws {
        let dir = try workdir()
        let drawn = try dir.run(["codebook", "exports", "--registry", "organizations.csv", "--out", "cb", "--size", "4", "--seed", "5"])
        XCTAssertEqual(drawn.status, 0, drawn.stderr)
        XCTAssertTrue(drawn.stderr.contains("4 of 6 posts drawn from 1 strata (seed 5)"), drawn.stderr)
        let sheet = try dir.readText("cb/sheet.csv")
        XCTAssertEqual(sheet.split(separator: "\n").count, 5)
        XCTAssertTrue(dir.exists("cb/coding-guide.md"))
        XCTAssertEqual(try dir.readText("cb/strata.csv"), "org,kind,year,posts,sampled,sampling_fraction\nacme,original,2015,6,4,0.6667\n")
        // Again over the same folder: refused, the (perhaps filled) sheet kept.
        let again = try dir.run(["codebook", "exports", "--registry", "organizations.csv", "--out", "cb", "--size", "2"])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("cb/sheet.csv exists"), again.stderr)
        XCTAssertEqual(try dir.readText("cb/sheet.csv"), sheet)

        try dir.write("ana.csv", fill(sheet))
        let checked = try dir.run(["validate", "ana.csv", "--input", "exports", "--registry", "organizations.csv", "--csv", "v.csv"])
        XCTAssertEqual(checked.status, 0, checked.stderr)
        XCTAssertTrue(checked.stdout.hasPrefix("Earshot against hand coding: lexicon builtin-"), checked.stdout)
        XCTAssertTrue(try dir.readText("v.csv").hasPrefix("lexicon,measure,subset,reference,statistic,class,n,value,ci_low,ci_high,resamples,seed\n"))

        let reported = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--validation", "ana.csv"])
        XCTAssertEqual(reported.status, 0, reported.stderr)
        XCTAssertEqual(try dir.read("out/validation.csv"), try dir.read("v.csv"))
        XCTAssertTrue(try dir.readText("out/index.html").contains("<section id=\"validation\">"))

        // A post that is not in the inputs: exit 1, the sheet and line named, nothing replaced.
        try dir.write("bad.csv", fill(sheet) + "123,acme,,,,,information,no,,\n")
        let bad = try dir.run(["validate", "bad.csv", "--input", "exports", "--registry", "organizations.csv", "--csv", "v2.csv"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("bad.csv line 6: no post @acme 123 in the inputs"), bad.stderr)
        XCTAssertFalse(dir.exists("v2.csv"))
        let badReport = try dir.run(["report", "exports", "--registry", "organizations.csv", "--out", "out", "--validation", "bad.csv"])
        XCTAssertEqual(badReport.status, 1)
        XCTAssertTrue(badReport.stderr.contains("bad.csv line 6: no post @acme 123 in the inputs"), badReport.stderr)
        XCTAssertEqual(try dir.read("out/validation.csv"), try dir.read("v.csv"))
    }
}
