import Foundation
import XCTest

/// The README's figures are the program's (issue 14): its sectors.csv excerpt must equal a
/// fresh run over SampleData (the run of `make report`), shortened as scripts/readme-figures.sh
/// shortens it: every row, the first eight columns, `...`, the last two. When the numbers
/// change on purpose, `sh scripts/readme-figures.sh` rewrites the README.
final class ReadmeFiguresTests: XCTestCase {
    static let marker = "<!-- sectors.csv excerpt: written by scripts/readme-figures.sh -->"

    func testSectorsExcerptMatchesAFreshRun() throws {
        let root = Earshot.packageRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try XCTUnwrap(lines.firstIndex(of: Self.marker), "README.md has the excerpt's marker line")
        XCTAssertTrue(lines[at + 1].hasPrefix("```"))
        let end = try XCTUnwrap(lines[(at + 2)...].firstIndex { $0.hasPrefix("```") })
        let excerpt = Array(lines[(at + 2)..<end])

        let dir = try Workdir(#function)
        let sample = root.appendingPathComponent("SampleData").path
        let run = try dir.run(["report", "--registry", sample + "/organizations.csv", sample + "/exports", "--out", "out", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let fresh = try dir.readText("out/sectors.csv").split(separator: "\n").map { line -> String in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (f.prefix(8) + ["..."] + f.suffix(2)).joined(separator: ",")
        }
        XCTAssertEqual(excerpt, fresh, "README.md's sectors.csv excerpt is out of date: run `sh scripts/readme-figures.sh`")
    }

    /// The README's links stay inside the clone (no ../shared, which a clone does not have).
    func testReadmeLinksStayInTheClone() throws {
        let root = Earshot.packageRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertFalse(readme.contains("../shared"), "README.md points outside the clone")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("docs/metrics.md").path))
    }
}
