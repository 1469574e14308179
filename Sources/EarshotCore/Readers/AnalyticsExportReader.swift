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

    static let layout = AnalyticsLayout(
        format: .analytics, id: "Tweet id", link: .required("Tweet permalink"), text: "Tweet text", time: "time",
        impressions: .required("impressions"), engagements: .required("engagements"),
        likes: .optional("likes", "favorites", label: "likes"), reposts: .optional("retweets"),
        replies: .optional("replies"),
        requiredOrder: ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements"])

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        try Self.layout.read(source, file: file, bufferSize: bufferSize, emit: emit)
    }
}

/// What the two analytics exports (T2 and T3) share: a row per post with its id, a link that
/// names the account, the text, a time and counters, under column names of their own.
struct AnalyticsLayout: Sendable {
    /// A column by its names (the first found counts) and the name its warnings use.
    struct Column: Sendable {
        var names: [String]
        var isRequired: Bool
        var label: String

        static func required(_ name: String) -> Column { Column(names: [name], isRequired: true, label: name) }
        static func optional(_ names: String..., label: String? = nil) -> Column {
            Column(names: names, isRequired: false, label: label ?? names[0])
        }
    }

    struct Columns {
        var id, text, time: Int
        var link, impressions, engagements, likes, reposts, replies: Int?
    }

    var format: ExportFormat
    var id: String
    var link: Column
    var text: String
    var time: String
    var impressions, engagements, likes, reposts, replies: Column
    /// The required columns in the order a header missing several names them.
    var requiredOrder: [String]

    func read(_ source: ByteSource, file: ExportFile, bufferSize: Int, emit: (consuming ReaderEvent) -> Void) throws {
        var owners = PermalinkOwners()
        let format = self.format
        let (likes, reposts, replies) = (self.likes.label, self.reposts.label, self.replies.label)
        let (impressions, engagements) = (self.impressions.label, self.engagements.label)
        try CSVExport.read(
            source, file: file, bufferSize: bufferSize, emit: emit,
            columns: { header in
                var required: [String: Int] = [:]
                for name in requiredOrder { required[name] = header.required(name) }
                func find(_ column: Column) -> Int? {
                    column.isRequired ? required[column.names[0]] : header.header.index(ofAny: column.names)
                }
                return Columns(
                    id: required[id] ?? -1, text: required[text] ?? -1, time: required[time] ?? -1,
                    link: find(link), impressions: find(self.impressions), engagements: find(self.engagements),
                    likes: find(self.likes), reposts: find(self.reposts), replies: find(self.replies))
            },
            row: { row, c in
                let id = try row.postID(c.id).get()
                let created = try row.timestamp(c.time).get()
                guard let org = owners.organization(permalinkIn: &row, column: c.link, file: file) else {
                    throw RejectReason("unknown organization")
                }
                let text = row.postText(c.text)
                return Post(
                    org: org, id: id, created: created, text: text, format: format,
                    likes: row.counter(c.likes, name: likes),
                    reposts: row.counter(c.reposts, name: reposts),
                    replies: row.counter(c.replies, name: replies),
                    impressions: row.counter(c.impressions, name: impressions),
                    engagements: row.counter(c.engagements, name: engagements))
            })
    }
}
