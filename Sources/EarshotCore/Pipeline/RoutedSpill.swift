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
            let written = bytes.withUnsafeBytes { raw -> Bool in
                var done = 0
                while done < raw.count {
                    let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    done += n
                }
                return true
            }
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

/// A `RoutedRecord` in a compact binary form: variable-length integers, length-prefixed UTF-8.
/// Every field of `Post` is written, so that a record read back is the record that was read.
struct SpillEncoder {
    var bytes: [UInt8] = []

    mutating func append(_ record: RoutedRecord) {
        unsigned(UInt64(record.fileIndex))
        unsigned(UInt64(record.sequence))
        unsigned(UInt64(bitPattern: Int64(record.line)))
        let post = record.post
        string(post.org)
        string(post.id)
        signed(post.created)
        string(post.text)
        list(post.expandedURLs)
        list(post.mentions)
        list(post.hashtags)
        let counters = [post.likes, post.reposts, post.replies, post.quotes, post.impressions, post.engagements,
                        post.authorFollowers]
        var present: UInt8 = 0
        for (i, counter) in counters.enumerated() where counter != nil { present |= 1 << i }
        bytes.append(present)
        for counter in counters { if let counter { signed(Int64(counter)) } }
        switch post.marker {
        case nil: bytes.append(0)
        case let .repost(target)?: bytes.append(1); optional(target)
        case let .reply(target)?: bytes.append(2); optional(target)
        case let .quote(target)?: bytes.append(3); optional(target)
        }
        bytes.append(post.textReplyAllowed ? 1 : 0)
        optional(post.repostedText)
        var sources: UInt64 = 0
        for (i, format) in ExportFormat.allCases.enumerated() where post.sources.contains(format) { sources |= 1 << UInt64(i) }
        unsigned(sources)
        unsigned(UInt64(Platform.allCases.firstIndex(of: post.platform)!))
    }

    private mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    private mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    private mutating func optional(_ text: String?) {
        if let text {
            bytes.append(1)
            string(text)
        } else {
            bytes.append(0)
        }
    }

    private mutating func list(_ items: [String]?) {
        guard let items else { return unsigned(0) }
        unsigned(UInt64(items.count) + 1)
        for item in items { string(item) }
    }
}

/// Reads what `SpillEncoder` wrote.
struct SpillDecoder {
    private let bytes: ArraySlice<UInt8>
    private var at: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        at = bytes.startIndex
    }

    /// The next record; `nil` at the end (or at bytes that are no record, which the spill
    /// never writes).
    mutating func next() -> RoutedRecord? {
        guard at < bytes.endIndex,
              let fileIndex = unsigned(), let sequence = unsigned(), let line = unsigned(),
              let org = string(), let id = string(), let created = signed(), let text = string(),
              let urls = list(), let mentions = list(), let hashtags = list(), let present = byte()
        else { return nil }
        var counters: [Int?] = []
        for i in 0..<7 {
            if present & (1 << i) != 0 {
                guard let value = signed() else { return nil }
                counters.append(Int(value))
            } else {
                counters.append(nil)
            }
        }
        guard let markerKind = byte() else { return nil }
        var marker: StructuralMarker? = nil
        if markerKind != 0 {
            guard let target = optional() else { return nil }
            switch markerKind {
            case 1: marker = .repost(target: target)
            case 2: marker = .reply(target: target)
            case 3: marker = .quote(target: target)
            default: return nil
            }
        }
        guard let textReply = byte(), let repostedText = optional(), let sources = unsigned(),
              let platformIndex = unsigned(), platformIndex < UInt64(Platform.allCases.count) else { return nil }
        var formats = ExportFormatSet()
        for (i, format) in ExportFormat.allCases.enumerated() where sources & (1 << UInt64(i)) != 0 { formats.insert(format) }
        var post = Post(org: org, id: id, created: created, text: text, format: formats.first(where: { _ in true }) ?? .twarc2,
                        expandedURLs: urls, mentions: mentions, hashtags: hashtags,
                        likes: counters[0], reposts: counters[1], replies: counters[2], quotes: counters[3],
                        impressions: counters[4], engagements: counters[5], authorFollowers: counters[6],
                        marker: marker, repostedText: repostedText, platform: Platform.allCases[Int(platformIndex)])
        post.textReplyAllowed = textReply != 0
        post.sources = formats
        return RoutedRecord(fileIndex: Int(fileIndex), sequence: Int(sequence),
                            line: Int(Int64(bitPattern: line)), post: post)
    }

    private mutating func byte() -> UInt8? {
        guard at < bytes.endIndex else { return nil }
        defer { at += 1 }
        return bytes[at]
    }

    private mutating func unsigned() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let b = byte() {
            guard shift < 64 else { return nil }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    private mutating func signed() -> Int64? {
        guard let raw = unsigned() else { return nil }
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    private mutating func string() -> String? {
        guard let count = unsigned(), count <= UInt64(bytes.endIndex - at) else { return nil }
        let end = at + Int(count)
        defer { at = end }
        return String(decoding: bytes[at..<end], as: UTF8.self)
    }

    /// `.some(nil)` for an absent value, `nil` for bytes that are no value.
    private mutating func optional() -> String?? {
        guard let flag = byte() else { return nil }
        if flag == 0 { return .some(nil) }
        guard let text = string() else { return nil }
        return .some(text)
    }

    private mutating func list() -> [String]?? {
        guard let count = unsigned() else { return nil }
        if count == 0 { return .some(nil) }
        var items: [String] = []
        for _ in 0..<(count - 1) {
            guard let item = string() else { return nil }
            items.append(item)
        }
        return .some(items)
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
