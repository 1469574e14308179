#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Organizations' full results kept on disk from the moment each is analysed until the report's
/// writers take them back, one organization at a time.
///
/// Held in memory until the end, the months, top posts, promotional examples and partners of
/// every organization made a run's memory grow with the number of organizations (about 19 KB
/// each: 50,000 small organizations took 2 GB). In memory stays what the tables over all
/// organizations need: the metrics (`organizations.csv`, the index, the sector medians) and,
/// for the sector months, the posts of each month with posts (16 bytes a month instead of an
/// `OrgMonth`'s 120; months without posts add nothing there). The whole result is appended,
/// encoded as in the cache, to one unlinked temporary file, and read back by handle for
/// `org_months.csv` and the organizations' pages.
final class ResultSpill: @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32 = -1
    private var end = 0
    private var places: [String: (offset: Int, length: Int)] = [:]
    private var monthly: [String: [MonthPosts]] = [:]

    /// A month with posts, and how many.
    struct MonthPosts {
        var month: CalendarMonth
        var posts: Int
    }
    /// Results kept whole: the temporary file could not be made or written.
    private var inMemory: [String: OrgResult] = [:]

    /// - Parameter folder: where the temporary file goes; it is unlinked at once, so nothing is
    ///   left behind whatever happens to the run.
    init(folder: String = NSTemporaryDirectory()) {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template += Array("earshot-results.XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Stores `result` and returns what stays in memory: its metrics (its months with posts are
    /// kept beside, for `monthsWithPosts`).
    func keep(_ result: OrgResult) -> OrgResult {
        var w = ByteWriter(capacity: 1024)
        ResultCoding.write(result, to: &w)
        let bytes = w.bytes
        let withPosts = result.months.filter { $0.posts > 0 }
        let months = [MonthPosts](unsafeUninitializedCapacity: withPosts.count) { buffer, count in
            for (i, m) in withPosts.enumerated() { (buffer.baseAddress! + i).initialize(to: MonthPosts(month: m.month, posts: m.posts)) }
            count = withPosts.count
        }
        lock.lock()
        defer { lock.unlock() }
        let offset = end
        if fd < 0 || !writeAll(fd, bytes, at: offset) {
            inMemory[result.handle] = result
            return result
        }
        end += bytes.count
        places[result.handle] = (offset, bytes.count)
        monthly[result.handle] = months
        // The platforms stay: org_platforms.csv and the sector platform tables read every organization's.
        return OrgResult(metrics: result.metrics, months: [], topPosts: [], promotionalExamples: [], topPartners: [],
                         platforms: result.platforms)
    }

    /// The months with posts of a result (as `OrgMonth`s with their posts only): what the sector
    /// tables read (`SectorAnalysis`), for a result `keep` returned or any other.
    func monthsWithPosts(_ result: OrgResult) -> [OrgMonth] {
        lock.lock()
        let kept = monthly[result.handle]
        lock.unlock()
        guard let kept else { return result.months.filter { $0.posts > 0 } }
        return kept.map { var m = OrgMonth(month: $0.month); m.posts = $0.posts; return m }
    }

    /// The whole result of an organization `keep` stored; `result` itself for one it did not
    /// (a registry organization without posts, whose result has nothing more).
    func full(_ result: OrgResult) throws -> OrgResult {
        lock.lock()
        let place = places[result.handle], kept = inMemory[result.handle]
        lock.unlock()
        if let kept { return kept }
        guard let place else { return result }
        var bytes = [UInt8](repeating: 0, count: place.length)
        let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, place.length, off_t(place.offset)) }
        guard read == place.length else {
            throw ByteFormatError("the temporary file of organization results could not be read back (@\(result.handle): \(read < 0 ? String(cString: strerror(errno)) : "cut short"))")
        }
        var r = ByteReader(bytes)
        return try ResultCoding.readOrgResult(&r)
    }
}
