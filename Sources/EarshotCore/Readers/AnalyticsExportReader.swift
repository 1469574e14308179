/// T2: the analytics.twitter.com "tweet activity" export
/// (`tweet_activity_metrics_<handle>_<from>_<to>_<lang>.csv`).
///
/// Each row belongs to the account in its `Tweet permalink`, else to the file's name or path.
/// Counters are float strings (`"18.0"`); `promoted *` columns (`-`) are not read. There is no
/// reply marker: a text starting with `@x` makes a reply later (`Post.textReplyAllowed`).
public struct AnalyticsExportReader: ExportReader {
    public var format: ExportFormat { .analytics }
    let bufferSize: Int

    public init() { bufferSize = CSVExport.defaultBufferSize }
    init(bufferSize: Int) { self.bufferSize = bufferSize }

    struct Columns {
        var id, permalink, text, time: Int
        var impressions, engagements: Int
        var likes, retweets, replies: Int?
    }

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        var owners = PermalinkOwners()
        try CSVExport.read(
            source, file: file, bufferSize: bufferSize, emit: emit,
            columns: { header in
                Columns(
                    id: header.required("Tweet id"), permalink: header.required("Tweet permalink"),
                    text: header.required("Tweet text"), time: header.required("time"),
                    impressions: header.required("impressions"), engagements: header.required("engagements"),
                    likes: header.optional("likes", "favorites"), retweets: header.optional("retweets"),
                    replies: header.optional("replies"))
            },
            row: { row, c in
                let id = try row.postID(c.id).get()
                let created = try row.timestamp(c.time).get()
                guard let org = owners.organization(permalinkIn: &row, column: c.permalink, file: file) else {
                    throw RejectReason("unknown organization")
                }
                let text = row.postText(c.text)
                return Post(
                    org: org, id: id, created: created, text: text, format: .analytics,
                    likes: row.counter(c.likes, name: "likes"),
                    reposts: row.counter(c.retweets, name: "retweets"),
                    replies: row.counter(c.replies, name: "replies"),
                    impressions: row.counter(c.impressions, name: "impressions"),
                    engagements: row.counter(c.engagements, name: "engagements"))
            })
    }
}
