import Foundation
import XCTest

/// `make report` on a fresh clone: the Makefile's own command line, run against a copy of the
/// committed Reports/ folder (its README.md and its .earshot-report marker), must write the
/// report. Without the committed marker the output-folder guard refused the folder (exit 1).
final class MakeReportTests: XCTestCase {
    func testTheMakefilesReportCommandWritesIntoTheCommittedReportsFolder() throws {
        let root = Earshot.packageRoot
        let makefile = try String(contentsOf: root.appendingPathComponent("Makefile"), encoding: .utf8)
        let lines = makefile.split(separator: "\n").map(String.init)
        let target = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("report:") }, "the Makefile has a report target")
        let command = try XCTUnwrap(lines[(target + 1)...].first { $0.hasPrefix("\t") }, "the report target has a command")
        var words = command.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        XCTAssertEqual(words.first, "$(BIN_RELEASE)")
        words.removeFirst()

        let dir = try Workdir(#function)
        let committed = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Reports").path))
            .filter { ["README.md", ".earshot-report"].contains($0) }
        XCTAssertEqual(Set(committed), ["README.md", ".earshot-report"], "Reports/ holds its README and the report marker")
        for name in committed {
            try dir.write(Data(contentsOf: root.appendingPathComponent("Reports/" + name)), to: "Reports/" + name)
        }
        // The command's paths are relative to the repository: SampleData is linked in.
        try FileManager.default.createSymbolicLink(atPath: dir.path("SampleData"),
                                                   withDestinationPath: root.appendingPathComponent("SampleData").path)
        let run = try dir.run(words + ["--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(dir.exists("Reports/index.html"))
        XCTAssertTrue(dir.exists("Reports/README.md"), "the user's own files in the folder are kept")
    }
}

private extension Workdir {
    func write(_ data: Data, to relative: String) throws { try write(relative, data: data) }
}
