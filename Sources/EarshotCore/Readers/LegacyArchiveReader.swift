/// T1: the legacy archive `tweets.csv` (and the monthly `data/csv/YYYY_MM.csv`), layouts A and B.
///
/// The file names no account, so every post belongs to `file.fallbackOrg`; without one the
/// whole file is a single `unknown organization` reject.
/// - Layout A (no `retweeted_status_timestamp` column) has ragged rows: when `expanded_urls` is
///   the last column, a row one field short has no URL, and every field from that column on is
///   a URL.
/// - Layout B joins the URLs with commas in one field, often each twice: split and deduplicate.
/// Other column counts are rejects (`wrong column count`). An empty `expanded_urls` gives
/// `expandedURLs == nil`, so that the URLs in the text are used.
public struct LegacyArchiveReader: ExportReader {
    public var format: ExportFormat { .legacyArchive }
    let bufferSize: Int

    public init() { bufferSize = CSVExport.defaultBufferSize }
    init(bufferSize: Int) { self.bufferSize = bufferSize }

    struct Columns {
        var id: Int
        var timestamp: Int
        var text: Int
        var replyStatus: Int?
        var replyUser: Int?
        var retweetedStatus: Int?
        var expandedURLs: Int?
        var count: Int
        /// Layout A with `expanded_urls` last: short rows and extra URL fields are allowed.
        var raggedURLs: Bool
    }

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        guard let org = file.fallbackOrg.normalizedHandle else {
            emit(CSVExport.unknownOrganization(file))
            return
        }
        try CSVExport.read(
            source, file: file, bufferSize: bufferSize, emit: emit,
            columns: { header in
                let urls = header.optional("expanded_urls")
                let layoutB = header.contains("retweeted_status_timestamp")
                return Columns(
                    id: header.required("tweet_id"), timestamp: header.required("timestamp"),
                    text: header.required("text"),
                    replyStatus: header.optional("in_reply_to_status_id"),
                    replyUser: header.optional("in_reply_to_user_id"),
                    retweetedStatus: header.optional("retweeted_status_id"),
                    expandedURLs: urls, count: header.count,
                    raggedURLs: !layoutB && urls != nil && urls == header.count - 1)
            },
            row: { row, columns in try readRow(&row, columns, org: org) })
    }

    /// Every post is `file.fallbackOrg`'s: when that is a handle as the model keeps it, it is
    /// the owner whether the file's first rows are posts or rejects.
    public func organization(of file: ExportFile) -> String? {
        guard let org = file.fallbackOrg.normalizedHandle, org == file.fallbackOrg else { return nil }
        return org
    }

    private func readRow(_ row: inout CSVRow, _ columns: Columns, org: String) throws -> Post {
        let fields = row.fieldCount
        let countIsRight = columns.raggedURLs ? fields >= columns.count - 1 : fields == columns.count
        guard countIsRight else {
            throw RejectReason("wrong column count: expected \(columns.count), got \(fields)")
        }
        let id = try row.postID(columns.id).get()
        let created = try row.timestamp(columns.timestamp).get()
        let text = row.postText(columns.text)

        var urls: [String] = []
        if let first = columns.expandedURLs {
            if columns.raggedURLs {
                for index in first..<max(first, fields) {
                    let url = row.value(index)
                    if !url.isEmpty && !urls.contains(url) { urls.append(url) }
                }
            } else {
                urls = PostText.list(row.text(first), separators: [ASCII.comma])
            }
        }

        var marker: StructuralMarker?
        if !row.isEmpty(columns.retweetedStatus) {
            marker = .repost(target: PostText.retweetedAuthor(text))
        } else if !row.isEmpty(columns.replyStatus) || !row.isEmpty(columns.replyUser) {
            marker = .reply(target: nil)  // the target comes from the text's leading mention
        }
        return Post(org: org, id: id, created: created, text: text, format: .legacyArchive,
                          expandedURLs: urls.isEmpty ? nil : urls, marker: marker)
    }
}
