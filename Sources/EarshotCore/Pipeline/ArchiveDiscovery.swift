import Foundation

/// Zip archives and archive folders in input discovery (formats.md: "A `.zip` file is a
/// container"; T7 and T8 "loose, or in the archive `.zip`").
///
/// Decisions where the spec is silent:
/// - A file is a zip archive when it starts with `PK\3\4` (or `PK\5\6`), whatever its name; its
///   entries are listed as files with display paths like `archive.zip/data/tweets.js`, and the
///   archive's name without `.zip` counts as a folder for attribution rule 3.
/// - In a Twitter archive (it has a `tweets.js` part, `account.js` or `manifest.js`) only the
///   tweets parts are read, and in a Mastodon archive (it has `outbox.json`) only the outbox: the
///   thousands of media files, likes and followers hold no posts. They are counted for the
///   archive (`SkippedFile.archiveRemainder`), never reported as skipped. Any other zip is read entry by entry.
/// - An archive that cannot be listed (truncated, not a zip) is one skipped input with the
///   reason; an entry that cannot be read (unsafe name, encrypted, a zip-bomb limit) is one
///   skipped input each.
/// - The account of an archive (account.js, manifest.js, actor.json) applies to every entry of
///   that archive; for loose files, to the files in the same folder.
extension InputDiscovery {
    /// A found file as the inputs to read: itself, or the entries of the zip archive it is.
    func expand(path: String, relative: String, folders: [String]) -> [ExportFile] {
        guard ZipArchive.looksLikeZip(path: path) else {
            return [exportFile(path: path, relative: relative, folders: folders)]
        }
        return zipFiles(path: path, relative: relative, folders: folders)
    }

    func zipFiles(path: String, relative: String, folders: [String]) -> [ExportFile] {
        let entries: [ZipEntry]
        do {
            entries = try ZipArchive.entries(path: path, displayName: relative)
        } catch {
            var whole = exportFile(path: path, relative: relative, folders: folders)
            if case let ZipError.unreadableArchive(_, reason) = error {
                whole.skipReason = "not a readable zip archive: \(reason)"
            } else {
                whole.skipReason = "\(error)"
            }
            return [whole]
        }
        let files = entries.filter { !$0.isDirectory }
        func baseName(_ entry: ZipEntry) -> String { String(entry.name.split(separator: "/").last ?? "") }

        let isTwitter = files.contains {
            let name = baseName($0)
            return ArchiveFileNames.isTweetsPart(name) || name == "account.js" || name == "manifest.js"
        }
        let isMastodon = files.contains { ArchiveFileNames.isOutbox(baseName($0)) }
        func isRead(_ entry: ZipEntry) -> Bool {
            if !isTwitter && !isMastodon { return true }
            let name = baseName(entry)
            return (isTwitter && ArchiveFileNames.isTweetsPart(name)) || (isMastodon && ArchiveFileNames.isOutbox(name))
        }

        let stem = PathText(relative).lastComponentWithoutExtension
        func entryFile(_ entry: ZipEntry) -> ExportFile {
            let entryFolders = entry.name.split(separator: "/").dropLast().map(String.init)
            var file = exportFile(path: path, relative: relative + "/" + entry.name, folders: folders + [stem] + entryFolders)
            file.zipEntry = entry
            return file
        }

        // The account and the long posts, from the archive's own files.
        var facts = ArchiveFacts()
        let accountEntries = files.filter { $0.problem == nil && ArchiveFileNames.accountFiles.contains(baseName($0)) }
            .sorted { a, b in
                let (x, y) = (ArchiveFileNames.accountFiles.firstIndex(of: baseName(a)) ?? 9,
                              ArchiveFileNames.accountFiles.firstIndex(of: baseName(b)) ?? 9)
                return x != y ? x < y : a.name.utf8.count < b.name.utf8.count
            }
        for entry in accountEntries {
            guard let source = try? ZipArchive.open(entry, archive: path, displayName: relative + "/" + entry.name) else { continue }
            if let handle = ArchiveAccount.handle(fileName: baseName(entry), source: source) {
                facts.account = handle
                break
            }
        }
        facts.noteTweets = files.filter { $0.problem == nil && ArchiveFileNames.isNoteTweets(baseName($0)) }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            .map(entryFile)

        var result: [ExportFile] = []
        var notRead = 0
        for entry in files {
            if isRead(entry) {
                var file = entryFile(entry)
                file.skipReason = entry.problem
                if !facts.isEmpty { file.archive = facts }
                result.append(file)
            } else if let problem = entry.problem, problem.hasPrefix("unsafe name") {
                var file = entryFile(entry)
                file.skipReason = problem
                result.append(file)
            } else {
                notRead += 1
            }
        }
        if notRead > 0 {
            var whole = exportFile(path: path, relative: relative, folders: folders)
            let kind = isTwitter ? "Twitter" : "Mastodon"
            whole.skipReason = SkippedFile.archiveRemainder(path: relative, count: notRead, kind: kind).reason
            result.append(whole)
        }
        return result
    }

    /// Loose archive folders: the account file and note-tweet.js beside the exports (on disk,
    /// whether or not they were named as inputs) apply to the files of the same folder.
    func attachLooseArchiveFacts(_ files: inout [ExportFile]) {
        var byFolder: [String: [Int]] = [:]
        for (i, file) in files.enumerated() where file.zipEntry == nil && file.skipReason == nil {
            byFolder[PathText(file.path).folder, default: []].append(i)
        }
        for (folder, members) in byFolder {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            let accountFiles = ArchiveFileNames.accountFiles.filter(names.contains)
            let notes = names.filter(ArchiveFileNames.isNoteTweets).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            guard !accountFiles.isEmpty || !notes.isEmpty else { continue }
            // Display paths of the notes: beside the first member's.
            let displayFolder = PathText(files[members[0]].displayPath).folder
            func display(_ name: String) -> String { displayFolder == "." ? name : displayFolder + "/" + name }
            var facts = ArchiveFacts(noteTweets: notes.map { ExportFile(path: folder + "/" + $0, displayPath: display($0)) })
            for name in accountFiles {
                guard let source = try? InputOpener.open(path: folder + "/" + name) else { continue }
                if let handle = ArchiveAccount.handle(fileName: name, source: source) {
                    facts.account = handle
                    break
                }
            }
            guard !facts.isEmpty else { continue }
            for i in members { files[i].archive = facts }
        }
    }
}
