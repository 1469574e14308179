import Foundation
import XCTest

/// What one run of the `earshot` binary left behind.
struct RunResult {
    var status: Int32
    /// `.exit` for a normal end; `.uncaughtSignal` means the program crashed.
    var reason: Process.TerminationReason
    var stdout: String
    var stderr: String

    var crashed: Bool { reason != .exit }
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// A scratch folder for one test, with the built `earshot` binary run inside it, the way a user
/// or a cron job runs it (after xsv's `Workdir`). The folder is removed when the test ends.
final class Workdir {
    let root: URL

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("earshot-e2e-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The absolute path of `relative` inside the folder.
    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, data: Data(text.utf8))
    }

    func write(_ relative: String, data: Data) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func read(_ relative: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(relative)) }

    func readText(_ relative: String) throws -> String { String(decoding: try read(relative), as: UTF8.self) }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Copies a file or folder from `Tests/EndToEndTests/Fixtures/` into the work folder.
    func copyFixture(_ fixture: String, to relative: String) throws {
        let target = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.url(fixture), to: target)
    }

    /// Every regular file under `relative`, as relative paths, sorted: a folder's contents at a glance.
    func listing(_ relative: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: path(relative)) else { return [] }
        var found: [String] = []
        // Files only (recursive): folders such as `orgs/` are where files live, not content.
        while let item = walker.nextObject() as? String {
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { found.append(item) }
        }
        return found.sorted()
    }

    /// Runs `earshot` with `arguments` in this folder; stdout and stderr go to files, so a
    /// chatty run can never block on a full pipe.
    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> RunResult {
        let binary = try XCTUnwrap(Earshot.binary, Earshot.notFoundAdvice, file: file, line: line)
        return try launch(binary, arguments)
    }

    /// Runs `executable` in this folder with stdin empty and stdout/stderr captured through
    /// temporary files; `environment` nil keeps the test process's own.
    func launch(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> RunResult {
        let id = UUID().uuidString
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-e2e-\(id).out")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-e2e-\(id).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = root
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return RunResult(status: process.terminationStatus, reason: process.terminationReason,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// Where the built binary and the fixtures are.
enum Earshot {
    static let notFoundAdvice = "the earshot binary was not found: run `swift build --build-tests` first"

    /// Next to the test bundle (on Linux `Bundle.main.bundleURL` is the build products folder),
    /// else `.build/debug/earshot` of the package that holds this file.
    static let binary: URL? = {
        let fm = FileManager.default
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("earshot")]
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("earshot"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/earshot"))
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    /// The package folder: the nearest folder above this file that holds `Package.swift`.
    static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }()
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func data(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }
}

/// Reads `summary.json` and checks the promise that nothing is lost: for every file and in
/// total, records = posts + duplicates + rejects, and the totals are the sums over the files.
struct Summary {
    var json: [String: Any]

    init(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws {
        json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any],
                             "summary.json is not a JSON object", file: file, line: line)
    }

    var totals: [String: Int] { (json["totals"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue } }

    var files: [[String: Any]] { json["files"] as? [[String: Any]] ?? [] }

    var skipped: [[String: Any]] { json["skipped"] as? [[String: Any]] ?? [] }

    func file(_ path: String) -> [String: Any]? { files.first { $0["path"] as? String == path } }

    static func int(_ entry: [String: Any], _ key: String) -> Int? { (entry[key] as? NSNumber)?.intValue }

    func checkRecordsAddUp(file: StaticString = #filePath, line: UInt = #line) {
        let keys = ["records", "posts", "duplicates", "rejects", "warnings"]
        var sums = Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) })
        for entry in files {
            let path = entry["path"] as? String ?? "?"
            guard let records = Self.int(entry, "records"), let posts = Self.int(entry, "posts"),
                  let duplicates = Self.int(entry, "duplicates"), let rejects = Self.int(entry, "rejects") else {
                XCTFail("\(path): a count is missing in summary.json", file: file, line: line)
                continue
            }
            XCTAssertEqual(records, posts + duplicates + rejects, "\(path): records = posts + duplicates + rejects",
                           file: file, line: line)
            for key in keys { sums[key, default: 0] += Self.int(entry, key) ?? 0 }
        }
        let totals = self.totals
        XCTAssertEqual(totals["records"], (totals["posts"] ?? -1) + (totals["duplicates"] ?? -1) + (totals["rejects"] ?? -1),
                       "totals: records = posts + duplicates + rejects", file: file, line: line)
        XCTAssertEqual(totals["files"], files.count, "totals.files", file: file, line: line)
        for key in ["records", "posts", "duplicates", "rejects"] {
            XCTAssertEqual(totals[key], sums[key], "totals.\(key) is the sum over the files", file: file, line: line)
        }
    }
}

/// A minimal RFC 4180 reader for checking the program's CSV output (not the program's reader).
enum SimpleCSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Rows as dictionaries keyed by the header.
    static func records(_ text: String) -> [[String: String]] {
        let all = rows(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a }) }
    }
}

/// Byte-for-byte comparison with a readable first difference.
func assertSameBytes(_ actual: Data, _ expected: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    guard actual != expected else { return }
    let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, e.count) {
        let x = i < a.count ? String(a[i]) : "<none>"
        let y = i < e.count ? String(e[i]) : "<none>"
        if x != y {
            XCTFail("\(name) differs first at line \(i + 1):\n  got      \(x)\n  expected \(y)", file: file, line: line)
            return
        }
    }
    XCTFail("\(name) differs (line ends or trailing bytes): \(actual.count) bytes, expected \(expected.count)", file: file, line: line)
}
