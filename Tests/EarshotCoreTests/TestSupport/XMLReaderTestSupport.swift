import XCTest
@testable import EarshotCore

/// What an XML-format reader emitted for one document, and the error it ended with.
struct XMLReadResult {
    var posts: [Post] = []
    var lines: [Int] = []
    var rejects: [Finding] = []
    var warnings: [Finding] = []
    var error: Error?

    var digest: [String] {
        zip(posts, lines).map { post, line in
            "\(line) \(post.org) \(post.id) \(post.created) \(post.text.debugDescription) \(post.expandedURLs ?? ["nil"]) "
                + "\(post.mentions ?? ["nil"]) \(post.hashtags ?? ["nil"]) \(String(describing: post.marker)) "
                + "\(String(describing: post.reposts)) \(String(describing: post.authorFollowers)) "
                + "\(String(describing: post.repostedText))"
        } + (rejects + warnings).map { "\($0.message) [\($0.excerpt)]" } + [error.map { "\($0)" } ?? "no error"]
    }
}

/// Runs the reader over `source`, collecting events and the final error.
func readXML(_ reader: ExportReader, source: ByteSource, file: ExportFile) -> XMLReadResult {
    var result = XMLReadResult()
    do {
        try reader.read(source, file: file) { event in
            switch event {
            case let .post(post, line):
                result.posts.append(post)
                result.lines.append(line)
            case let .finding(finding):
                if finding.severity == .reject { result.rejects.append(finding) } else { result.warnings.append(finding) }
            case .ignored: break
            }
        }
    } catch {
        result.error = error
    }
    return result
}

/// Runs the reader over `text` in one piece and trickled 7 bytes at a time, checks both agree.
func readXML(_ reader: ExportReader, _ text: String, folder: String? = nil,
             sourceFile: StaticString = #filePath, line: UInt = #line) -> XMLReadResult {
    let file = ExportFile(path: "t.xml", orgFromPath: folder)
    let whole = readXML(reader, source: MemorySource(text), file: file)
    let trickled = readXML(reader, source: TrickleSource(Array(text.utf8), step: 7), file: file)
    XCTAssertEqual(whole.digest, trickled.digest, "chunk boundaries change nothing", file: sourceFile, line: line)
    return whole
}

/// `Timestamp` seconds for a UTC calendar time, computed independently of the code under test.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Int64 {
    var components = DateComponents()
    (components.year, components.month, components.day) = (year, month, day)
    (components.hour, components.minute, components.second) = (hour, minute, second)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return Int64(calendar.date(from: components)!.timeIntervalSince1970)
}
