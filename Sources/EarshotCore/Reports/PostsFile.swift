import Foundation

/// `posts.csv.gz` (outputs.md): one row per merged post. Each organization's rows are written by
/// its own worker as a gzip member; members joined end to end are one valid gzip file, so the
/// parts are concatenated in handle order without recompressing.
final class PostsFileWriter: @unchecked Sendable {
    static let columns = ["org", "platform", "id", "created", "kind", "target", "ica", "promotional", "conversational", "cta",
                          "own_link", "self_mention", "recognition", "solicitation", "likes", "reposts", "replies",
                          "quotes", "impressions", "engagements", "sources", "text"]
    private var sink: GzipFileWriter?
    private var failure: Error?

    let path: String

    init(path: String) {
        self.path = path
        do { sink = try GzipFileWriter(path: path) } catch { failure = error }
    }

    func add(_ post: Post, _ f: PostFeatures) {
        guard let sink else { return }
        func flag(_ b: Bool) -> String { b ? "1" : "0" }
        let row = [post.org, post.platform.rawValue, post.id, RunFiles.iso8601(Date(timeIntervalSince1970: TimeInterval(post.created))),
                   f.kind.rawValue, f.target ?? "", f.ica.rawValue, flag(f.promotional), flag(f.conversational),
                   flag(f.cta), flag(f.ownLink), flag(f.selfMention), flag(f.recognition), flag(f.solicitation),
                   MetricNumber.integer(post.likes), MetricNumber.integer(post.reposts), MetricNumber.integer(post.replies),
                   MetricNumber.integer(post.quotes), MetricNumber.integer(post.impressions),
                   MetricNumber.integer(post.engagements), post.sources.sorted().map(\.rawValue).joined(separator: "+"),
                   post.text]
        do { try sink.write(CSVText.row(row)) } catch { failure = error; self.sink = nil }
    }

    /// A part that failed is removed, so that joining the parts fails loudly instead of
    /// producing a damaged file.
    func finish() {
        do { try sink?.close() } catch { failure = error }
        if failure != nil { try? FileManager.default.removeItem(atPath: path) }
    }

    static func join(parts: [String], into path: String) throws {
        let out = try FileSink(path: path)
        let header = try GzipFileWriter(path: path + ".header")
        try header.write(CSVText.row(columns))
        try header.close()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for part in [path + ".header"] + parts {
            let source = try FileSource(path: part)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                try buffer.withUnsafeBytes { try out.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            }
        }
        try out.close()
        try FileManager.default.removeItem(atPath: path + ".header")
    }
}
