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

    static let layout = AnalyticsLayout(
        format: .xAnalytics, id: "Post id", link: .optional("Post Link"), text: "Post text", time: "Date",
        impressions: .optional("Impressions"), engagements: .optional("Engagements"), likes: .optional("Likes"),
        reposts: .optional("Reposts"), replies: .optional("Replies"),
        requiredOrder: ["Post id", "Date", "Post text"])

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        try Self.layout.read(source, file: file, bufferSize: bufferSize, emit: emit)
    }
}
