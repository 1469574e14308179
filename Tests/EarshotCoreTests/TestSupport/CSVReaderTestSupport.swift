import XCTest
@testable import EarshotCore

/// What a format reader emitted for one file.
struct ReadOutcome {
    var posts: [Post] = []
    var postLines: [Int] = []
    var rejects: [Finding] = []
    var warnings: [Finding] = []

    /// A comparable digest, to check that every buffer size reads the same.
    var digest: [String] {
        zip(posts, postLines).map { post, line in
            "\(line) \(post.org) \(post.id) \(post.created) \(post.text) \(post.expandedURLs ?? ["nil"]) "
                + "\(String(describing: post.marker)) \(String(describing: post.likes))"
        } + (rejects + warnings).map(\.message)
    }
}

/// Runs `reader` over `bytes` with the default buffer and with tiny ones, checks that all
/// agree, and that every data record became a post or a reject.
func readExport(
    _ makeReader: (Int) -> any ExportReader, _ bytes: [UInt8], file: ExportFile,
    checkRecordCount: Bool = true, sourceFile: StaticString = #filePath, line: UInt = #line
) throws -> ReadOutcome {
    func run(_ bufferSize: Int) throws -> ReadOutcome {
        var outcome = ReadOutcome()
        try makeReader(bufferSize).read(MemorySource(bytes), file: file) { event in
            switch event {
            case let .post(post, line):
                outcome.posts.append(post)
                outcome.postLines.append(line)
            case let .finding(finding):
                if finding.severity == .reject {
                    outcome.rejects.append(finding)
                } else {
                    outcome.warnings.append(finding)
                }
            case .ignored: break
            }
        }
        return outcome
    }
    let outcome = try run(1 << 18)
    for size in [1, 3, 7, 50] {
        XCTAssertEqual(try run(size).digest, outcome.digest, "buffer \(size)", file: sourceFile, line: line)
    }
    if checkRecordCount {
        XCTAssertEqual(outcome.posts.count + outcome.rejects.count, try dataRecordCount(bytes),
                       "records = posts + rejects", file: sourceFile, line: line)
    }
    return outcome
}

func readExport(
    _ makeReader: (Int) -> any ExportReader, _ text: String, file: ExportFile,
    checkRecordCount: Bool = true, sourceFile: StaticString = #filePath, line: UInt = #line
) throws -> ReadOutcome {
    try readExport(makeReader, Array(text.utf8), file: file, checkRecordCount: checkRecordCount,
                   sourceFile: sourceFile, line: line)
}

/// Records after the header, counted by the CSV reader alone.
func dataRecordCount(_ bytes: [UInt8]) throws -> Int {
    var reader = CSVReader(source: MemorySource(bytes))
    var count = 0
    while try reader.next() != nil { count += 1 }
    return max(0, count - 1)
}

