/// The entries of a Twitter or Mastodon archive that hold no posts (media, likes, followers):
/// the archive's posts were read, these entries were not. They travel as a `SkippedFile` (so the
/// scan cache and partial results keep them unchanged) with a reason of a fixed form, and are
/// never reported as skipped: summary.json counts them under `archive_entries_not_read`, and the
/// log mentions them only without --quiet (issue 14).
extension SkippedFile {
    static let archiveRemainderPrefix = "entries of this archive that hold no posts, not read: "

    /// `count` entries of the archive at `path` (a `kind` archive) were not read.
    static func archiveRemainder(path: String, count: Int, kind: String) -> SkippedFile {
        SkippedFile(path: path, reason: archiveRemainderPrefix + "\(count) (\(kind) archive: media, likes, followers and the like)")
    }

    /// How many entries of an archive were not read, when this is an archive's remainder.
    public var archiveEntriesNotRead: Int? {
        guard reason.hasPrefix(Self.archiveRemainderPrefix) else { return nil }
        return Int(reason.dropFirst(Self.archiveRemainderPrefix.count).prefix { $0.isNumber })
    }

    /// A file that was really skipped (not an archive's remainder).
    public var isSkip: Bool { archiveEntriesNotRead == nil }
}
