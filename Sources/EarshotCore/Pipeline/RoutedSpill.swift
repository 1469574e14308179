#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The posts that collections (twarc files, any number of accounts) route to organizations,
/// kept on disk until each organization's task reads them back.
///
/// Held in memory, they made a run's memory grow with the collections rather than with the
/// largest organization. Here each reading task gathers the records of each organization in a
/// small buffer, and full buffers are appended as blocks to one unlinked temporary file;
/// memory is the block index and one buffer per (task, organization) being filled. An
/// organization's task gets its records back in reading order (file, then position), as if they
/// had never left memory.
final class RoutedSpill: @unchecked Sendable {
    /// A buffer is written out when it reaches this size. Small, because a collection file may
    /// hold hundreds of organizations, each with a buffer being filled.
    static let blockBytes = 16 * 1024

    fileprivate struct Block {
        var fileIndex: Int
        var offset: Int
        var length: Int
    }

    fileprivate let lock = NSLock()
    private var fd: Int32 = -1
    private var end = 0
    fileprivate var blocks: [String: [Block]] = [:]
    private var counts: [String: Int] = [:]
    /// Set when the temporary file cannot be made or written: the records then stay in memory.
    fileprivate var inMemory: [String: [RoutedRecord]] = [:]
    private var failed = false

    /// - Parameter folder: where the temporary file goes; it is unlinked at once, so nothing is
    ///   left behind whatever happens to the run.
    init(folder: String = NSTemporaryDirectory()) {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template += Array("earshot-routed.XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 {
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        } else {
            failed = true
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The organizations with routed records.
    var organizations: [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(counts.keys)
    }

    /// How many records were routed to `handle`.
    func count(for handle: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[handle] ?? 0
    }

    /// A writer for the records of one file; `finish()` it when the file is read.
    func writer(fileIndex: Int) -> Writer { Writer(spill: self, fileIndex: fileIndex) }

    /// Collects one file's routed records per organization, writing each buffer out when full.
    final class Writer {
        private let spill: RoutedSpill
        private let fileIndex: Int
        private var slots: [String: Int] = [:]
        private var handles: [String] = []
        private var buffers: [SpillEncoder] = []
        private var counts: [Int] = []

        fileprivate init(spill: RoutedSpill, fileIndex: Int) {
            self.spill = spill
            self.fileIndex = fileIndex
        }

        func add(_ record: RoutedRecord) {
            let handle = record.post.org
            let slot: Int
            if let known = slots[handle] {
                slot = known
            } else {
                slot = buffers.count
                slots[handle] = slot
                handles.append(handle)
                var buffer = SpillEncoder()
                // Room for a block and the record that ends it, so that filling never doubles it.
                buffer.bytes.reserveCapacity(RoutedSpill.blockBytes + 8 * 1024)
                buffers.append(buffer)
                counts.append(0)
            }
            counts[slot] += 1
            buffers[slot].append(record)
            if buffers[slot].bytes.count >= RoutedSpill.blockBytes {
                spill.write(buffers[slot].bytes, for: handle, fileIndex: fileIndex)
                buffers[slot].bytes.removeAll(keepingCapacity: true)
            }
        }

        func finish() {
            for (slot, handle) in handles.enumerated() where !buffers[slot].bytes.isEmpty {
                spill.write(buffers[slot].bytes, for: handle, fileIndex: fileIndex)
            }
            spill.addCounts(Dictionary(uniqueKeysWithValues: zip(handles, counts)))
            slots = [:]
            handles = []
            buffers = []
            counts = []
        }
    }

    fileprivate func addCounts(_ more: [String: Int]) {
        lock.lock()
        defer { lock.unlock() }
        for (handle, n) in more { counts[handle, default: 0] += n }
    }

    /// Appends a block to the temporary file (or, when it cannot be written, keeps its records).
    fileprivate func write(_ bytes: [UInt8], for handle: String, fileIndex: Int) {
        lock.lock()
        defer { lock.unlock() }
        if !failed {
            let offset = end
            let written = writeAll(fd, bytes, at: offset)
            if written {
                end += bytes.count
                blocks[handle, default: []].append(Block(fileIndex: fileIndex, offset: offset, length: bytes.count))
                return
            }
            // A full disk: the records read so far come back from the file; later ones stay here.
            failed = true
        }
        var decoder = SpillDecoder(bytes[...])
        while let record = decoder.next() { inMemory[handle, default: []].append(record) }
    }

    /// The records routed to `handle`, in reading order.
    func records(for handle: String) -> [RoutedRecord] {
        lock.lock()
        let list = blocks[handle] ?? []
        let kept = inMemory[handle] ?? []
        lock.unlock()
        var records: [RoutedRecord] = []
        records.reserveCapacity(count(for: handle))
        var bytes: [UInt8] = []
        for block in list {
            bytes = [UInt8](repeating: 0, count: block.length)
            let ok = bytes.withUnsafeMutableBytes { raw -> Bool in
                var done = 0
                while done < raw.count {
                    let n = pread(fd, raw.baseAddress! + done, raw.count - done, off_t(block.offset + done))
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    done += n
                }
                return true
            }
            guard ok else { continue }
            var decoder = SpillDecoder(bytes[...])
            while let record = decoder.next() { records.append(record) }
        }
        records += kept
        // Blocks of different files interleave in the temporary file.
        records.sort { ($0.fileIndex, $0.sequence) < ($1.fileIndex, $1.sequence) }
        return records
    }
}

/// A `RoutedRecord` in a compact binary form, in the codec of the cache and partial results
/// (Support/ByteCoding.swift): variable-length integers, length-prefixed UTF-8. Every field of
/// `Post` is written, so that a record read back is the record that was read.
struct SpillEncoder {
    private var writer = ByteWriter(capacity: 0)
    var bytes: [UInt8] {
        get { writer.bytes }
        _modify { yield &writer.bytes }
    }

    mutating func append(_ record: RoutedRecord) {
        writer.unsigned(UInt64(record.fileIndex))
        writer.unsigned(UInt64(record.sequence))
        writer.int(record.line)
        let post = record.post
        writer.string(post.org)
        writer.string(post.id)
        writer.int64(post.created)
        writer.string(post.text)
        list(post.expandedURLs)
        list(post.mentions)
        list(post.hashtags)
        let counters = [post.likes, post.reposts, post.replies, post.quotes, post.impressions, post.engagements,
                        post.authorFollowers]
        var present: UInt8 = 0
        for (i, counter) in counters.enumerated() where counter != nil { present |= 1 << i }
        writer.u8(present)
        for counter in counters { if let counter { writer.int(counter) } }
        switch post.marker {
        case nil: writer.u8(0)
        case let .repost(target)?: writer.u8(1); writer.optional(target) { $0.string($1) }
        case let .reply(target)?: writer.u8(2); writer.optional(target) { $0.string($1) }
        case let .quote(target)?: writer.u8(3); writer.optional(target) { $0.string($1) }
        }
        writer.bool(post.textReplyAllowed)
        writer.optional(post.repostedText) { $0.string($1) }
        var sources: UInt64 = 0
        for (i, format) in ExportFormat.allCases.enumerated() where post.sources.contains(format) { sources |= 1 << UInt64(i) }
        writer.unsigned(sources)
        writer.unsigned(UInt64(Platform.allCases.firstIndex(of: post.platform)!))
    }

    /// An absent list as 0, else its count + 1 (a post's lists are nil when its source has none).
    private mutating func list(_ items: [String]?) {
        guard let items else { return writer.unsigned(0) }
        writer.unsigned(UInt64(items.count) + 1)
        for item in items { writer.string(item) }
    }
}

/// Reads what `SpillEncoder` wrote.
struct SpillDecoder {
    private var reader: ByteReader

    init(_ bytes: ArraySlice<UInt8>) { reader = ByteReader(bytes) }

    /// The next record; `nil` at the end (or at bytes that are no record, which the spill
    /// never writes).
    mutating func next() -> RoutedRecord? {
        guard !reader.atEnd else { return nil }
        return try? record()
    }

    private mutating func record() throws -> RoutedRecord {
        let fileIndex = try reader.unsigned(), sequence = try reader.unsigned(), line = try reader.int()
        let org = try reader.string(), id = try reader.string(), created = try reader.int64(), text = try reader.string()
        let urls = try list(), mentions = try list(), hashtags = try list()
        let present = try reader.u8()
        var counters: [Int?] = []
        for i in 0..<7 { counters.append(present & (1 << i) != 0 ? try reader.int() : nil) }
        var marker: StructuralMarker? = nil
        switch try reader.u8() {
        case 0: break
        case 1: marker = .repost(target: try reader.optional { try $0.string() })
        case 2: marker = .reply(target: try reader.optional { try $0.string() })
        case 3: marker = .quote(target: try reader.optional { try $0.string() })
        default: throw ByteFormatError("unknown marker")
        }
        let textReply = try reader.bool(), repostedText = try reader.optional({ try $0.string() }), sources = try reader.unsigned()
        let platformIndex = try reader.unsigned()
        guard platformIndex < UInt64(Platform.allCases.count) else { throw ByteFormatError("unknown platform") }
        var formats = ExportFormatSet()
        for (i, format) in ExportFormat.allCases.enumerated() where sources & (1 << UInt64(i)) != 0 { formats.insert(format) }
        var post = Post(org: org, id: id, created: created, text: text, format: formats.first(where: { _ in true }) ?? .twarc2,
                        expandedURLs: urls, mentions: mentions, hashtags: hashtags,
                        likes: counters[0], reposts: counters[1], replies: counters[2], quotes: counters[3],
                        impressions: counters[4], engagements: counters[5], authorFollowers: counters[6],
                        marker: marker, repostedText: repostedText, platform: Platform.allCases[Int(platformIndex)])
        post.textReplyAllowed = textReply
        post.sources = formats
        return RoutedRecord(fileIndex: Int(fileIndex), sequence: Int(sequence), line: line, post: post)
    }

    private mutating func list() throws -> [String]? {
        let count = try reader.unsigned()
        if count == 0 { return nil }
        guard count - 1 <= UInt64(reader.remaining) else { throw ByteFormatError("count beyond the end") }
        var items: [String] = []
        for _ in 0..<(count - 1) { items.append(try reader.string()) }
        return items
    }
}

extension RoutedSpill {
    /// The organizations that records of file `fileIndex` were routed to (a collection's
    /// recipients, which the cache keeps), by handle.
    func organizations(inFile fileIndex: Int) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        var found = Set<String>()
        for (handle, list) in blocks where list.contains(where: { $0.fileIndex == fileIndex }) { found.insert(handle) }
        for (handle, list) in inMemory where list.contains(where: { $0.fileIndex == fileIndex }) { found.insert(handle) }
        return found.sorted(by: Handle.precedes)
    }
}
