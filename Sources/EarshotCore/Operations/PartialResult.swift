import Foundation

/// What one shard of a run (`earshot report --shard I/N --partial FILE`) hands to
/// `earshot merge`: its organizations' results with their counts and findings (the same
/// encoding as the cache entries), plus what every shard sees alike: the files found and how
/// they were recognised, the files skipped, and the rejects and warnings of the collections
/// (every shard reads each collection, keeping only its own organizations' records).
///
/// Counts add up without double counting: a record is counted by the one organization that
/// merged it (its shard), and a collection's own rejects and warnings are taken from one
/// partial only.
struct PartialResult {
    var version: String
    var shard: Shard
    var lexicon: Lexicon
    var thresholds: MetricThresholds
    var registryKey: String
    var inputs: [String]
    var started: Date
    var files: [ScannedFile]
    var skipped: [SkippedFile]
    var collections: [(file: Int, share: CollectionShare)]
    var organizations: [(handle: String, share: OrgShare<OrgResult>)]
    var foreignRecords: [ForeignRecord]
    /// The organizations' details (OrgDetails), by handle, sorted.
    var details: [(handle: String, details: OrgDetails)] = []

    init(outcome: PipelineOutcome<OrgResult>, settings: RunSettings, shard: Shard, inputs: [String], started: Date) {
        version = RunFiles.version
        self.shard = shard
        lexicon = settings.lexicon
        thresholds = settings.thresholds
        registryKey = settings.registryKey
        self.inputs = inputs
        self.started = started
        files = outcome.scannedFiles
        skipped = outcome.skipped
        collections = outcome.collectionShares.keys.sorted().map { (file: $0, share: outcome.collectionShares[$0]!) }
        organizations = outcome.organizationParts.map { (handle: $0.inputs.handle, share: $0.share) }
        foreignRecords = outcome.foreignRecords
    }

    static let kind = "partial"

    func write(to path: String) throws {
        let bytes = StoredFile.seal(kind: Self.kind) { w in
            w.string(version)
            w.int(shard.index); w.int(shard.count)
            ResultCoding.write(lexicon, to: &w)
            ResultCoding.write(thresholds, to: &w)
            w.string(registryKey)
            w.strings(inputs)
            w.double(started.timeIntervalSince1970)
            w.array(files) { ResultCoding.write($1, to: &$0) }
            w.array(skipped) { w, s in w.string(s.path); w.string(s.reason) }
            w.array(collections) { w, c in
                w.int(c.file)
                ResultCoding.write(c.share.counts, to: &w)
                w.array(c.share.findings) { ResultCoding.write($1, to: &$0) }
                w.strings(c.share.recipients)
            }
            w.array(organizations) { w, o in
                w.string(o.handle)
                ResultCoding.write(o.share.result, to: &w)
                w.array(o.share.counts.keys.sorted()) { w, i in
                    w.int(i)
                    ResultCoding.write(o.share.counts[i]!, to: &w)
                }
                w.array(o.share.findings) { ResultCoding.write($1, to: &$0) }
            }
            w.array(foreignRecords) { w, f in w.string(f.file); w.int(f.line); w.string(f.org) }
            w.array(details.sorted { $0.handle < $1.handle }) { w, d in w.string(d.handle); ResultCoding.write(d.details, to: &w) }
        }
        do { try StoredFile.write(bytes, to: path) } catch { throw ByteFormatError("\(path): cannot write the partial result: \(error)") }
    }

    /// Reads a partial result; any damage or a foreign file is an error naming the file.
    static func read(_ path: String) throws -> PartialResult {
        do {
            var r = try StoredFile.open(try StoredFile.read(path), kind: kind)
            return try PartialResult(reading: &r)
        } catch {
            throw ByteFormatError("\(path): not a usable partial result: \(error)")
        }
    }

    private init(reading r: inout ByteReader) throws {
        version = try r.string()
        let index = try r.int(), count = try r.int()
        guard let shard = Shard(index: index, count: count) else { throw ByteFormatError("bad shard \(index)/\(count)") }
        self.shard = shard
        lexicon = try ResultCoding.readLexicon(&r)
        thresholds = try ResultCoding.readThresholds(&r)
        registryKey = try r.string()
        inputs = try r.strings()
        started = Date(timeIntervalSince1970: try r.double())
        let files = try r.array { try ResultCoding.readScannedFile(&$0) }
        self.files = files
        skipped = try r.array { r in SkippedFile(path: try r.string(), reason: try r.string()) }
        func fileIndex(_ r: inout ByteReader) throws -> Int {
            let i = try r.int()
            guard files.indices.contains(i) else { throw ByteFormatError("file index \(i) out of range") }
            return i
        }
        collections = try r.array { r in
            (file: try fileIndex(&r),
             share: CollectionShare(counts: try ResultCoding.readCounts(&r), findings: try r.array { try ResultCoding.readFinding(&$0) },
                                    recipients: try r.strings()))
        }
        organizations = try r.array { r in
            let handle = try r.string()
            let result = try ResultCoding.readOrgResult(&r)
            var counts: [Int: FileCounts] = [:]
            for (i, c) in try r.array({ r in (try fileIndex(&r), try ResultCoding.readCounts(&r)) }) { counts[i, default: FileCounts()].add(c) }
            let findings = try r.array { try ResultCoding.readFinding(&$0) }
            return (handle: handle, share: OrgShare(result: result, counts: counts, findings: findings))
        }
        foreignRecords = try r.array { r in ForeignRecord(file: try r.string(), line: try r.int(), org: try r.string()) }
        details = try r.array { r in (handle: try r.string(), details: try ResultCoding.readOrgDetails(&r)) }
        guard r.atEnd else { throw ByteFormatError("bytes after the end") }
    }
}
