/// The files of a finished run, packed: what `summary.json` and the report's file table say
/// about each (display path, format, bytes, owner, counts), in a few flat arrays.
///
/// A plain run kept a `ScannedFile` (about 220 bytes inline, two path strings) and a
/// `FileCounts` (a set of organizations each) per input file until the report was written:
/// with the many small files of a large registry, about 700 bytes a file, most of a run's
/// memory. Packed, a file takes its display path's bytes and about 45 bytes more. What the
/// summary never reads (the full path, zip entry, archive facts, folder hints) is not kept:
/// `scannedFile(_:)` gives the display path as the path.
///
/// Counts that do not fit the packed form (several organizations, ignored collections, a count
/// above `Int32.max`) are kept whole beside it, for the files that have them.
public struct FileLedger: Sendable {
    private var pathBytes: [UInt8] = []
    private var pathEnds: [Int] = []
    /// Index into `ExportFormat.allCases`; -1 for an unreadable file.
    private var formats: [Int8] = []
    private var sizes: [Int] = []
    /// Index into `names`; -1 for none.
    private var owners: [Int32] = []
    /// The organization the file's posts went to: index into `names`, -1 for none, -2 when
    /// the counts are in `whole`.
    private var orgs: [Int32] = []
    /// records, posts, duplicates, rejects, warnings: five per file.
    private var numbers: [Int32] = []
    private var whole: [Int: FileCounts] = [:]
    private var unreadable: [Int: String] = [:]
    private var names: [String] = []
    private var nameIndex: [String: Int32] = [:]

    private static let formatList = ExportFormat.allCases

    public init() {}

    /// The files in reading order, without counts yet.
    init(files: [ScannedFile]) {
        pathEnds.reserveCapacity(files.count)
        formats.reserveCapacity(files.count)
        sizes.reserveCapacity(files.count)
        owners.reserveCapacity(files.count)
        orgs = Array(repeating: -1, count: files.count)
        numbers = Array(repeating: 0, count: files.count * 5)
        pathBytes.reserveCapacity(files.reduce(0) { $0 + $1.file.displayPath.utf8.count })
        for file in files { append(file) }
    }

    public var count: Int { sizes.count }

    private mutating func append(_ file: ScannedFile) {
        pathBytes.append(contentsOf: file.file.displayPath.utf8)
        pathEnds.append(pathBytes.count)
        formats.append(file.format.flatMap { f in Self.formatList.firstIndex(of: f).map { Int8($0) } } ?? -1)
        sizes.append(file.bytes)
        owners.append(file.owner.map { name($0) } ?? -1)
        if let reason = file.unreadable { unreadable[sizes.count - 1] = reason }
    }

    private mutating func name(_ text: String) -> Int32 {
        if let known = nameIndex[text] { return known }
        let index = Int32(names.count)
        names.append(text)
        nameIndex[text] = index
        return index
    }

    /// File `i` as the summary sees it; its `file.path` is the display path.
    public func scannedFile(_ i: Int) -> ScannedFile {
        let start = i == 0 ? 0 : pathEnds[i - 1]
        let path = String(decoding: pathBytes[start..<pathEnds[i]], as: UTF8.self)
        let format = formats[i] < 0 ? nil : Self.formatList[Int(formats[i])]
        return ScannedFile(file: ExportFile(path: path, displayPath: path), format: format, unreadable: unreadable[i],
                           bytes: sizes[i], owner: owners[i] < 0 ? nil : names[Int(owners[i])])
    }

    /// What happened to file `i`'s records.
    public func counts(_ i: Int) -> FileCounts {
        if let kept = whole[i] { return kept }
        var c = FileCounts()
        c.records = Int(numbers[i * 5])
        c.posts = Int(numbers[i * 5 + 1])
        c.duplicates = Int(numbers[i * 5 + 2])
        c.rejects = Int(numbers[i * 5 + 3])
        c.warnings = Int(numbers[i * 5 + 4])
        if orgs[i] >= 0 { c.orgs = [names[Int(orgs[i])]] }
        return c
    }

    /// Adds counts to file `i` (as `FileCounts.add` does).
    mutating func add(_ other: FileCounts, toFile i: Int) {
        if whole[i] == nil, other.ignored.isEmpty, other.orgs.count <= 1 {
            let org = other.orgs.first.map { name($0) } ?? -1
            if org < 0 || orgs[i] < 0 || orgs[i] == org, addPacked(other, at: i) {
                if org >= 0 { orgs[i] = org }
                return
            }
        }
        var c = counts(i)
        c.add(other)
        whole[i] = c
        orgs[i] = -2
    }

    /// Adds the numbers when every sum fits in 32 bits.
    private mutating func addPacked(_ other: FileCounts, at i: Int) -> Bool {
        let add = [other.records, other.posts, other.duplicates, other.rejects, other.warnings]
        var sums: [Int32] = []
        for k in 0..<5 {
            let sum = Int(numbers[i * 5 + k]) + add[k]
            guard sum >= 0, sum <= Int(Int32.max) else { return false }
            sums.append(Int32(sum))
        }
        for k in 0..<5 { numbers[i * 5 + k] = sums[k] }
        return true
    }

    /// Every file's counts added up.
    public var totals: FileCounts {
        var t = FileCounts()
        for i in 0..<count {
            if let kept = whole[i] {
                t.records += kept.records
                t.posts += kept.posts
                t.duplicates += kept.duplicates
                t.rejects += kept.rejects
                t.warnings += kept.warnings
                for (collection, n) in kept.ignored { t.ignored[collection, default: 0] += n }
                t.orgs.formUnion(kept.orgs)
            } else {
                t.records += Int(numbers[i * 5])
                t.posts += Int(numbers[i * 5 + 1])
                t.duplicates += Int(numbers[i * 5 + 2])
                t.rejects += Int(numbers[i * 5 + 3])
                t.warnings += Int(numbers[i * 5 + 4])
                if orgs[i] >= 0 { t.orgs.insert(names[Int(orgs[i])]) }
            }
        }
        return t
    }
}

/// One task's counts per file (`OrgReader.Result.counts`), packed while the run goes on: 28
/// bytes a file instead of a dictionary entry holding a set. Counts that do not fit (several
/// organizations, ignored collections, a count above `Int32.max`) are kept whole.
struct PackedCounts: Sendable {
    private struct Entry {
        var file: Int32
        var records: Int32, posts: Int32, duplicates: Int32, rejects: Int32, warnings: Int32
        /// The index into `organizations` of the file's one organization, or -1 for none.
        var org: Int32
    }
    private var entries: [Entry] = []
    private var organizations: [String] = []
    private var whole: [Int: FileCounts] = [:]

    init(_ counts: [Int: FileCounts]) {
        entries.reserveCapacity(counts.count)
        for (file, c) in counts {
            let numbers = [c.records, c.posts, c.duplicates, c.rejects, c.warnings]
            guard c.ignored.isEmpty, c.orgs.count <= 1, file <= Int(Int32.max),
                  numbers.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }) else {
                whole[file] = c
                continue
            }
            var org: Int32 = -1
            if let name = c.orgs.first {
                if let known = organizations.firstIndex(of: name) {
                    org = Int32(known)
                } else {
                    org = Int32(organizations.count)
                    organizations.append(name)
                }
            }
            entries.append(Entry(file: Int32(file), records: Int32(c.records), posts: Int32(c.posts),
                                 duplicates: Int32(c.duplicates), rejects: Int32(c.rejects), warnings: Int32(c.warnings),
                                 org: org))
        }
    }

    /// Each file's counts, as `counts` held them (in no particular order, as a dictionary's).
    func forEach(_ body: (Int, FileCounts) -> Void) {
        for e in entries {
            var c = FileCounts()
            c.records = Int(e.records)
            c.posts = Int(e.posts)
            c.duplicates = Int(e.duplicates)
            c.rejects = Int(e.rejects)
            c.warnings = Int(e.warnings)
            if e.org >= 0 { c.orgs = [organizations[Int(e.org)]] }
            body(Int(e.file), c)
        }
        for (file, c) in whole { body(file, c) }
    }
}
