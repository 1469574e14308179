import Foundation

/// Where the tests find the repository's own files and the specification's conformance exports,
/// wherever a test file sits in the tree.
public enum Repository {
    /// The folder holding Package.swift, found upwards from this file.
    public static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// A path inside the repository.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The specification's conformance exports: `../shared/spec/conformance` beside the clone, as
    /// CI lays it out. They are not copied into the repository.
    public static let conformanceFolder = root.deletingLastPathComponent().appendingPathComponent("shared/spec/conformance")

    /// The path of conformance export `name`, or nil after saying loudly on stderr that the tests
    /// needing it cannot run in this checkout (a clone without ../shared).
    public static func conformance(_ name: String, test: String = #function) -> String? {
        let path = conformanceFolder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("""
                NOT RUN: \(test) needs \(path) (the specification's conformance exports, \
                ../shared/spec/conformance beside the repository); it is missing in this checkout.\n
                """.utf8))
            return nil
        }
        return path
    }
}

import XCTest

/// The conformance export `name` for a test that needs it. Missing in a clone without ../shared:
/// the test is skipped with a NOT RUN line on stderr, and fails under CI (`CI` set), where the
/// specification is always laid beside the clone.
public func requireConformance(_ name: String, test: String = #function) throws -> String {
    if let path = Repository.conformance(name, test: test) { return path }
    if ProcessInfo.processInfo.environment["CI"] != nil {
        XCTFail("\(test): the conformance export \(name) is missing under CI")
    }
    throw XCTSkip("NOT RUN: needs ../shared/spec/conformance/\(name)")
}
