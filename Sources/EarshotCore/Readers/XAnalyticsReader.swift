/// T3: the X analytics content export (`account_analytics_content_<from>_<to>.csv`, 2023 on).
///
/// `Date` is a day only (`Tue, Jul 14, 2026`): the post time is that day at 00:00 UTC. The
/// account comes from `Post Link`, else from the file's name or path. Counters may have
/// thousands separators. No reply marker (a leading `@x` makes a reply later), no quote count.
public struct XAnalyticsReader: ExportReader {
    public var format: ExportFormat { .xAnalytics }
    let bufferSize: Int

    public init() { bufferSize = CSVExport.defaultBufferSize }
    init(bufferSize: Int) { self.bufferSize = bufferSize }

    struct Columns {
        var id, date, text: Int
        var link: Int?
        var impressions, likes, engagements, replies, reposts: Int?
    }

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        var owners = PermalinkOwners()
        try CSVExport.read(
            source, file: file, bufferSize: bufferSize, emit: emit,
            columns: { header in
                Columns(
                    id: header.required("Post id"), date: header.required("Date"),
                    text: header.required("Post text"), link: header.optional("Post Link"),
                    impressions: header.optional("Impressions"), likes: header.optional("Likes"),
                    engagements: header.optional("Engagements"), replies: header.optional("Replies"),
                    reposts: header.optional("Reposts"))
            },
            row: { row, c in
                let id = try row.postID(c.id).get()
                let created = try row.timestamp(c.date).get()
                guard let org = owners.organization(permalinkIn: &row, column: c.link, file: file) else {
                    throw RejectReason("unknown organization")
                }
                let text = row.postText(c.text)
                return Post(
                    org: org, id: id, created: created, text: text, format: .xAnalytics,
                    likes: row.counter(c.likes, name: "Likes"),
                    reposts: row.counter(c.reposts, name: "Reposts"),
                    replies: row.counter(c.replies, name: "Replies"),
                    impressions: row.counter(c.impressions, name: "Impressions"),
                    engagements: row.counter(c.engagements, name: "Engagements"))
            })
    }
}
