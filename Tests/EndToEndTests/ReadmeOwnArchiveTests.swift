import Foundation
import XCTest

/// The README's "Your own archive" commands, run as written (issue 14): they are read from
/// README.md, so the test fails when the README and the program disagree. `~` is a scratch home
/// holding the downloads the commands name: a modern archive zip made by `earshot sample` and
/// a legacy tweets.csv.
final class ReadmeOwnArchiveTests: XCTestCase {
    /// The lines of the first ```sh block under "## Your own archive", comments removed.
    static func readmeCommands() throws -> [String] {
        let readme = try String(contentsOfFile: Earshot.packageRoot.appendingPathComponent("README.md").path, encoding: .utf8)
        guard let section = readme.range(of: "\n## Your own archive\n") else {
            throw XCTSkip("README.md has no \"Your own archive\" section") // made a failure below
        }
        let rest = readme[section.upperBound...]
        guard let open = rest.range(of: "```sh\n"), let close = rest[open.upperBound...].range(of: "```") else { return [] }
        return rest[open.upperBound..<close.lowerBound].split(separator: "\n").map { line in
            let command = line.range(of: " #").map { line[..<$0.lowerBound] } ?? line[...]
            return command.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    func testTheReadmeCommandsWork() throws {
        let commands: [String]
        do { commands = try Self.readmeCommands() } catch is XCTSkip {
            return XCTFail("README.md lost its \"Your own archive\" section")
        }
        XCTAssertTrue(commands.contains { $0.hasPrefix("make install") }, "the README says how to install")
        let makefile = try String(contentsOfFile: Earshot.packageRoot.appendingPathComponent("Makefile").path, encoding: .utf8)
        XCTAssertTrue(makefile.contains("\ninstall:") && makefile.contains("PREFIX ?= /usr/local"), "make install exists, PREFIX defaults to /usr/local")
        let runs = commands.filter { $0.hasPrefix("earshot ") }
        XCTAssertGreaterThanOrEqual(runs.count, 3, "inspect, report, report with --org")

        // The downloads: a modern archive from `earshot sample`, the legacy layout of 2012.
        let dir = try Workdir(#function)
        let home = dir.path("home")
        try FileManager.default.createDirectory(atPath: home + "/Downloads", withIntermediateDirectories: true)
        XCTAssertEqual(try dir.run(["sample", "--out", "sample", "--orgs", "3", "--posts-per-org", "40", "--seed", "14"]).status, 0)
        let archives = try XCTUnwrap(FileManager.default.enumerator(atPath: dir.path("sample/exports")))
            .compactMap { $0 as? String }.filter { PathTextName.last($0).hasPrefix("twitter-") && $0.hasSuffix(".zip") }.sorted()
        let archive = try XCTUnwrap(archives.first, "earshot sample writes a modern Twitter archive")
        try FileManager.default.copyItem(atPath: dir.path("sample/exports/" + archive), toPath: home + "/Downloads/twitter-archive.zip")
        try OwnArchiveTests.archive(posts: 12).write(toFile: home + "/Downloads/tweets.csv", atomically: true, encoding: .utf8)

        for command in runs {
            let run = try dir.shell(command, home: home)
            XCTAssertEqual(run.status, 0, "`\(command)`:\n\(run.stdout)\n\(run.stderr)")
            XCTAssertFalse(run.stderr.contains("skipped"), "`\(command)`: an archive whose posts were read is not `skipped`:\n\(run.stderr)")
            if let out = command.range(of: "--out ").map({ String(command[$0.upperBound...].split(separator: " ")[0]) }) {
                let folder = out.replacingOccurrences(of: "~", with: home)
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/index.html"), "`\(command)` wrote \(out)/index.html")
                let rows = SimpleCSV.records(try String(contentsOfFile: folder + "/organizations.csv", encoding: .utf8))
                XCTAssertEqual(rows.filter { ($0["posts"] ?? "0") != "0" }.count, 1, "`\(command)`: one organization, from the files")
            }
        }
    }
}

/// The last component of a relative path.
enum PathTextName {
    static func last(_ path: String) -> String { String(path.split(separator: "/").last ?? "") }
}

extension Workdir {
    /// Runs a command line as a person types it (`/bin/sh -c`), with `earshot` on PATH and HOME
    /// at `home` (so `~` is the scratch home).
    func shell(_ command: String, home: String) throws -> RunResult {
        let binary = try XCTUnwrap(Earshot.binary, Earshot.notFoundAdvice)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["PATH"] = binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try launch(URL(fileURLWithPath: "/bin/sh"), ["-c", command], environment: environment)
    }
}
