import Foundation
import Logging
import XCTest
@testable import EarshotCore
import EarshotTestSupport
@testable import EarshotSample

/// A scratch folder with a small generated corpus (every format, collections, deliberate bad
/// records) and helpers to run reports, shards and merges on it in-process.
final class OperationsCorpus {
    let root: String
    static let tables = ["organizations.csv", "org_months.csv", "sectors.csv", "sector_months.csv", "rejects.csv"]

    init(orgs: Int = 4, postsPerOrg: Int = 25, seed: UInt64 = 7, name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-ops-\(safe)-\(UUID().uuidString.prefix(8))").path
        _ = try SampleGenerator(options: SampleOptions(orgs: orgs, postsPerOrg: postsPerOrg, seed: seed)).write(to: root)
    }

    /// An empty scratch folder with no corpus.
    init(emptyNamed name: String) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-ops-\(safe)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(relative))) }

    /// Every export file, relative to `exports/`, sorted.
    func exportFiles() -> [String] {
        let walker = FileManager.default.enumerator(atPath: path("exports"))
        var found: [String] = []
        while let item = walker?.nextObject() as? String {
            if (walker?.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { found.append(item) }
        }
        return found.sorted()
    }

    @discardableResult
    func report(out: String, cache: String? = nil, shard: Shard? = nil, partial: String? = nil, lexicon: String? = nil,
                registry: String = "organizations.csv", threads: Int = 2, log: LogLines = LogLines()) throws -> ReportSummary {
        let operations = ReportOperations(cachePath: cache.map(path), shard: shard, partialPath: partial.map(path))
        let options = ReportOptions(inputs: [path("exports")], registryPath: path(registry), outputPath: path(out), threads: threads,
                                    lexiconPath: lexicon.map(path), operations: operations)
        return try ReportJob(options: options).run(logger: log.logger)
    }

    @discardableResult
    func merge(_ partials: [String], out: String, registry: String = "organizations.csv", log: LogLines = LogLines()) throws -> ReportSummary {
        let options = MergeOptions(partials: partials.map(path), registryPath: path(registry), outputPath: path(out), threads: 2)
        return try MergeJob(options: options).run(logger: log.logger)
    }

    func tables(_ out: String) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try Self.tables.map { ($0, try read(out + "/" + $0)) })
    }

    /// Sets a file's modification time `seconds` later than it is, leaving its bytes alone.
    func touch(_ relative: String, by seconds: Double = 10) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path(relative))
        let date = (attributes[.modificationDate] as? Date ?? Date()).addingTimeInterval(seconds)
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path(relative))
    }
}

func assertSameTables(_ a: [String: Data], _ b: [String: Data], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    for name in OperationsCorpus.tables {
        guard let x = a[name], let y = b[name] else {
            XCTFail("\(what): \(name) missing", file: file, line: line)
            continue
        }
        if x != y {
            let xs = String(decoding: x, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let ys = String(decoding: y, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let at = zip(xs, ys).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(xs.count, ys.count)
            XCTFail("\(what): \(name) differs from line \(at + 1): \(at < xs.count ? String(xs[at]) : "<end>") vs \(at < ys.count ? String(ys[at]) : "<end>")",
                    file: file, line: line)
        }
    }
}
