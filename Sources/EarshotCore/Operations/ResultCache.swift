import Crypto
import Foundation
import Logging

/// `--cache DIR`: what each organization's reading and analysis produced, kept between runs so
/// that a nightly rerun reads again only the organizations whose inputs changed.
///
/// Layout: `DIR/orgs/<key>.entry`, one per organization, and `DIR/collections/<key>.entry`,
/// one per unowned file (a twarc collection), where `<key>` is 16 hex digits of the SHA-256 of
/// the handle or of the file's path; `DIR/scans.entry`, what the scan found in every file
/// (`ScanCache.swift`); `DIR/pages/`, organization pages as rendered (`PageCache.swift`). All
/// use the `StoredFile` envelope (format version and checksum).
///
/// An organization's entry holds its `OrgResult` and its counts and findings in each of its
/// input files, and is used when all of these are unchanged:
/// - its input files: its own files and the collections with records for it (`FileStamp`:
///   path, what the scan made of the file, size and time, or content hash);
/// - the program (version and executable), the lexicon's SHA-256 and the thresholds;
/// - its registry entry.
/// A collection's entry holds its rejects, warnings and the organizations its posts go to. An
/// unchanged collection is not read at all unless one of those organizations is read again; a
/// changed one is read, and every organization with records in it (before or now) is read again.
///
/// Organizations whose records cross into another organization's single-account file are
/// never cached (their result depends on files that are not theirs). An entry that cannot be
/// read, fails its checksum or was written by another format version is ignored with a warning
/// and replaced; it is never trusted. The folder can be deleted at any time.
final class ResultCache: @unchecked Sendable {
    let folder: String
    let settings: RunSettings
    let logger: Logger
    /// False when this build's results have fields the entries do not store (`ResultCoding`).
    let enabled: Bool
    private let analysisKey: [UInt8]
    /// Reading or scanning a file depends on the program only, not on the lexicon or thresholds.
    let programKey: [UInt8] = SHA256.digest(Array(RunSettings.programIdentity.utf8))
    let fingerprints = FileFingerprints()
    private let lock = NSLock()
    private var servedCollections: Set<String> = []
    private var refresh: Set<String> = []
    private(set) var reusedOrganizations = 0
    private(set) var reusedCollections = 0
    /// Where the details of the organizations taken from the cache go, and where those of the
    /// organizations read come from when their entries are written (set by the run).
    var details: OrgDetailsStore?

    init(folder: String, settings: RunSettings, logger: Logger) {
        self.folder = folder
        self.settings = settings
        self.logger = logger
        self.analysisKey = settings.analysisKey
        let unknown = ResultCoding.unknownFields()
        if !unknown.isEmpty {
            logger.warning("cache \(folder) not used: this build has result fields the cache does not store (\(unknown.joined(separator: ", ")))")
        }
        var isDirectory: ObjCBool = false
        let usable = (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil
            && FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
        if !usable { logger.warning("cache \(folder) not used: it cannot be created as a folder") }
        enabled = unknown.isEmpty && usable
    }

    // MARK: Looking up

    func reusableCollection(_ file: ScannedFile) -> CollectionShare? {
        guard enabled, var r = open(collectionPath(file.file.path), kind: "collection") else { return nil }
        do {
            let key = Array(try r.raw(32))
            guard key == programKey else { return nil }
            let stamp = try FileStamp.read(&r)
            let match = fingerprints.match(stamp, file)
            guard match != .different else { return nil }
            let share = CollectionShare(counts: try ResultCoding.readCounts(&r), findings: try r.array { try ResultCoding.readFinding(&$0) },
                                        recipients: try r.strings())
            lock.lock()
            servedCollections.insert(file.file.path)
            if match == .sameContent { refresh.insert("c:" + file.file.path) }
            reusedCollections += 1
            lock.unlock()
            return share
        } catch {
            damaged(collectionPath(file.file.path), error)
            return nil
        }
    }

    func reusableOrganization(_ inputs: OrgInputs) -> OrgShare<OrgResult>? {
        guard enabled, var r = open(organizationPath(inputs.handle), kind: "organization") else { return nil }
        do {
            guard Array(try r.raw(32)) == analysisKey, try r.string() == inputs.handle,
                  try r.string() == settings.registryEntryKey(inputs.handle) else { return nil }
            let stamps = try r.array { try FileStamp.read(&$0) }
            guard stamps.count == inputs.files.count else { return nil }
            var sameContentOnly = false
            for (stamp, file) in zip(stamps, inputs.files) {
                switch fingerprints.match(stamp, file) {
                case .different: return nil
                case .sameContent: sameContentOnly = true
                case .same: break
                }
            }
            let result = try ResultCoding.readOrgResult(&r)
            let stored = try r.array { try ResultCoding.readCounts(&$0) }
            guard stored.count == inputs.fileIndexes.count else { throw ByteFormatError("counts do not match the files") }
            var counts: [Int: FileCounts] = [:]
            for (index, c) in zip(inputs.fileIndexes, stored) { counts[index] = c }
            let findings = try r.array { try ResultCoding.readFinding(&$0) }
            details?.set(inputs.handle, try ResultCoding.readOrgDetails(&r))
            lock.lock()
            if sameContentOnly { refresh.insert("o:" + inputs.handle) }
            reusedOrganizations += 1
            lock.unlock()
            return OrgShare(result: result, counts: counts, findings: findings)
        } catch {
            damaged(organizationPath(inputs.handle), error)
            return nil
        }
    }

    // MARK: Storing

    /// Writes the entries of what this run read (and refreshes the times of files found
    /// unchanged by their content). A failure to write is a warning: the report does not
    /// depend on the cache.
    func store(_ outcome: PipelineOutcome<OrgResult>) {
        guard enabled else { return }
        let files = outcome.scannedFiles
        let collections = outcome.collectionShares.keys.sorted().filter { i in
            !servedCollections.contains(files[i].file.path) || refresh.contains("c:" + files[i].file.path)
        }
        let parts = outcome.organizationParts.filter { part in
            part.selfContained && (!part.reused || refresh.contains("o:" + part.inputs.handle))
        }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let failures = parallelMap(count: collections.count + parts.count, threads: threads) { n -> String? in
            do {
                if n < collections.count {
                    let i = collections[n]
                    try self.storeCollection(files[i], outcome.collectionShares[i]!)
                } else {
                    try self.storeOrganization(parts[n - collections.count])
                }
                return nil
            } catch {
                return "\(error)"
            }
        }
        let read = outcome.organizationParts.filter { !$0.reused }.count
        logger.info("cache \(folder): \(outcome.organizationParts.count - read) organizations unchanged, \(read) read; \(reusedCollections) of \(outcome.collectionShares.count) collections unchanged")
        if let first = failures.compactMap({ $0 }).first {
            logger.warning("cache \(folder): \(failures.compactMap { $0 }.count) entries not written (\(first))")
        }
    }

    private func storeCollection(_ file: ScannedFile, _ share: CollectionShare) throws {
        guard let stamp = fingerprints.stamp(file) else { return }
        let bytes = StoredFile.seal(kind: "collection") { w in
            w.raw(programKey)
            stamp.write(to: &w)
            ResultCoding.write(share.counts, to: &w)
            w.array(share.findings) { ResultCoding.write($1, to: &$0) }
            w.strings(share.recipients)
        }
        try StoredFile.write(bytes, to: collectionPath(file.file.path))
    }

    private func storeOrganization(_ part: OrgPart<OrgResult>) throws {
        // An entry without its details would give a page without them: none is written.
        guard let orgDetails = details?[part.inputs.handle] else { return }
        var stamps: [FileStamp] = []
        for file in part.inputs.files {
            guard let stamp = fingerprints.stamp(file) else { return }
            stamps.append(stamp)
        }
        let bytes = StoredFile.seal(kind: "organization") { w in
            w.raw(analysisKey)
            w.string(part.inputs.handle)
            w.string(settings.registryEntryKey(part.inputs.handle))
            w.array(stamps) { $1.write(to: &$0) }
            ResultCoding.write(part.share.result, to: &w)
            w.array(part.inputs.fileIndexes) { ResultCoding.write(part.share.counts[$1] ?? FileCounts(), to: &$0) }
            w.array(part.share.findings) { ResultCoding.write($1, to: &$0) }
            ResultCoding.write(orgDetails, to: &w)
        }
        try StoredFile.write(bytes, to: organizationPath(part.inputs.handle))
    }

    // MARK: Files

    func organizationPath(_ handle: String) -> String {
        folder + "/orgs/" + String(SHA256.hex(SHA256.digest(Array(handle.utf8))).prefix(16)) + ".entry"
    }

    func collectionPath(_ path: String) -> String {
        folder + "/collections/" + String(SHA256.hex(SHA256.digest(Array(path.utf8))).prefix(16)) + ".entry"
    }

    /// The entry's body, or nil when there is none; a damaged one is reported and ignored.
    private func open(_ path: String, kind: String) -> ByteReader? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try StoredFile.open([UInt8](data), kind: kind)
        } catch {
            damaged(path, error)
            return nil
        }
    }

    private func damaged(_ path: String, _ error: Error) {
        logger.warning("cache entry \(path) ignored: \(error); its files are read again")
    }
}
