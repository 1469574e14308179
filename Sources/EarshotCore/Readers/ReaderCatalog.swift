import Foundation

/// Why a file is skipped rather than read.
public struct SkippedFileError: Error, Sendable {
    public var skipped: SkippedFile
}

/// The readers, format detection from content (in one place, formats.md: never from the file
/// name), and the guarded call that turns a reader's fatal error into a reject.
public struct ReaderCatalog: Sendable {
    /// How much of a file (decompressed) is looked at to recognise it and find its owner.
    public var headBytes = 64 * 1024
    /// Header maps given with `--map`, for CSV exports of other tools (T9).
    public var headerMaps: [HeaderMap]
    /// The registry's `accounts` (Mastodon and Bluesky identities, lower-case) to organization
    /// handles, for the readers whose records name such identities (formats.md rule 1).
    public var accounts: [String: String] = [:]

    public init(headerMaps: [HeaderMap] = [], accounts: [String: String] = [:]) {
        self.headerMaps = headerMaps
        self.accounts = accounts
    }

    public func reader(for format: ExportFormat) -> ExportReader? {
        switch format {
        case .legacyArchive: return LegacyArchiveReader()
        case .analytics: return AnalyticsExportReader()
        case .xAnalytics: return XAnalyticsReader()
        case .twarc2: return Twarc2Reader()
        case .twarc1: return Twarc1Reader()
        case .apiXML: return APIv1XMLReader()
        case .rss, .atom: return FeedReader()
        case .tweetsJS: return TweetsJSReader()
        case .mastodon: return MastodonOutboxReader(accounts: accounts)
        case .mappedCSV: return headerMaps.isEmpty ? nil : MappedCSVReader(maps: headerMaps)
        case .bluesky: return BlueskyRepositoryReader(accounts: accounts)
        }
    }

    /// Formats whose files routinely hold many accounts: read before the organizations' tasks.
    static func isCollection(_ format: ExportFormat) -> Bool {
        format == .twarc1 || format == .twarc2
    }

    /// Recognises a file's format from its first bytes and finds its owner from its first post.
    public func scan(_ file: ExportFile) -> Result<ScannedFile, SkippedFileError> {
        func skip(_ reason: String) -> Result<ScannedFile, SkippedFileError> {
            .failure(SkippedFileError(skipped: SkippedFile(path: file.displayPath, reason: reason)))
        }
        if let reason = file.skipReason { return skip(reason) }
        let contentHead: ContentHead
        do {
            contentHead = try ContentHead(file, first: min(Self.firstHeadBytes, headBytes))
        } catch {
            let bytes = file.zipEntry.map { Int(clamping: $0.uncompressedSize) } ?? Self.fileSize(file.path)
            return .success(ScannedFile(file: file, format: nil, unreadable: Self.reason(error), bytes: bytes, owner: nil))
        }
        let bytes = contentHead.size
        // The first KiB settle most files; what they settle is what the whole head would.
        if !contentHead.isWhole, let format = FormatDetector.settledFormat(contentHead.bytes), let reader = reader(for: format) {
            if Self.isCollection(format) { return .success(ScannedFile(file: file, format: format, bytes: bytes, owner: nil)) }
            if let owner = reader.organization(of: file) ?? Self.confirmedOwner(contentHead.bytes, reader: reader, file: file) {
                return .success(ScannedFile(file: file, format: format, bytes: bytes, owner: owner))
            }
        }
        // Errors after the first byte end the content read, so this one cannot throw.
        try? contentHead.read(upTo: headBytes)
        let head = contentHead.bytes
        guard let format = FormatDetector.detect(head, headerMaps: headerMaps) else {
            if let reason = FormatDetector.whyNotAnExport(head) { return skip(reason) }
            if !head.isEmpty, let hint = HeaderMap.hint(for: head, among: headerMaps) { return skip("unrecognised format: \(hint)") }
            return skip(head.isEmpty ? "empty file" : "unrecognised format (not a supported export)")
        }
        guard let reader = reader(for: format) else {
            return skip("\(format.rawValue) needs a header map (--map, or maps/ beside the registry)")
        }
        var owner: String? = nil
        if !Self.isCollection(format) {
            // The first post of the head names the owner; rejects and errors there don't matter.
            owner = reader.organization(of: file) ?? Self.firstPostOrganization(head, reader: reader, file: file) ?? file.fallbackOrg
        }
        return .success(ScannedFile(file: file, format: format, bytes: bytes, owner: owner))
    }

    /// The size of a file on disk (0 when it cannot be found): `lstat`, as `FileManager` does,
    /// without its dictionary of attributes for each of thousands of files.
    static func fileSize(_ path: String) -> Int {
        var info = stat()
        guard lstat(NativePath.bytes(path), &info) == 0 else { return 0 }
        return Int(info.st_size)
    }

    /// How much of the head is read first to find the first post: most files name their owner
    /// in the first few rows, and parsing the whole head of every file doubled the work for
    /// the many small files of analytics downloads.
    static let ownerProbeBytes = [2 * 1024, 4 * 1024, 16 * 1024]

    /// How much of a file's content the scan reads first (`ContentHead`): enough for the 4 KiB
    /// that format detection checks and the first two owner probes.
    static let firstHeadBytes = 6 * 1024

    /// The organization of the first post in `head`. The head's first 2, 4, then 16 KiB are tried
    /// (2 KiB hold an analytics header and its first rows: every row in the probe is read);
    /// their first post counts only when a later record follows it, so that it cannot be a
    /// record cut short by the probe (then the whole head is read, as before).
    static func firstPostOrganization(_ head: [UInt8], reader: ExportReader, file: ExportFile) -> String? {
        if let owner = confirmedOwner(head, reader: reader, file: file) { return owner }
        var first: String? = nil
        try? reader.read(MemorySource(head), file: file) { event in
            if first == nil, case let .post(post, _) = event { first = post.org }
        }
        return first
    }

    /// The organization of the first post found in one of the probes shorter than `head`, when
    /// a later record confirms it; nil otherwise.
    static func confirmedOwner(_ head: [UInt8], reader: ExportReader, file: ExportFile) -> String? {
        // A probe that confirms gives the first post of the whole head (its record and those
        // before it are complete), so the sizes tried are a matter of speed only: a status of
        // API XML takes over 1 KiB, and a 2 KiB probe rarely holds two of them.
        let probes = reader.format == .apiXML ? ownerProbeBytes.filter { $0 >= 4 * 1024 } : ownerProbeBytes
        for probe in probes where head.count > probe {
            var first: (org: String, line: Int)? = nil
            var confirmed = false
            try? reader.read(MemorySource(Array(head[..<probe])), file: file) { event in
                guard !confirmed else { return }
                switch event {
                case let .post(post, line):
                    if let first { confirmed = line > first.line } else { first = (post.org, line) }
                case let .finding(finding):
                    if let first, finding.line > first.line { confirmed = true }
                case .ignored:
                    break
                }
            }
            if confirmed, let first { return first.org }
        }
        return nil
    }

    /// Reads a whole file. A reader's fatal error (truncated gzip, malformed XML) ends that file
    /// only: it comes back as one reject standing for the rest of the file.
    public func read(_ scanned: ScannedFile, emit: (consuming ReaderEvent) -> Void) -> Finding? {
        guard let format = scanned.format, let reader = reader(for: format) else {
            return Finding.reject(file: scanned.file.displayPath, line: 0,
                                  reason: "file unreadable: \(scanned.unreadable ?? "no reader")")
        }
        var lastLine = 0
        do {
            let source = try InputOpener.open(scanned.file)
            try reader.read(source, file: scanned.file) { event in
                switch event {
                case let .post(_, line): lastLine = line
                case let .finding(finding): lastLine = max(lastLine, finding.line)
                case .ignored: break
                }
                emit(event)
            }
            return nil
        } catch let error as XMLReadError {
            return Finding.reject(file: scanned.file.displayPath, line: error.line,
                                  reason: "malformed XML at line \(error.line), column \(error.column): \(error.message); the rest of the file is not read")
        } catch {
            // The record after the last one delivered is where reading stopped; never past the
            // line the error names (a one-line tweets.js cut short stops on line 1, not 2).
            var line = lastLine + 1
            if let json = error as? JSONStreamError, json.line > 0 { line = min(line, json.line) }
            return Finding.reject(file: scanned.file.displayPath, line: line,
                                  reason: "file unreadable from here on: \(Self.reason(error))")
        }
    }

    /// An error's text without the file's path (the reject row names the file).
    static func reason(_ error: Error) -> String {
        if let input = error as? InputError { return input.reason }
        return "\(error)"
    }
}
