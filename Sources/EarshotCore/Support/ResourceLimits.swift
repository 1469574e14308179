import Foundation

/// Earshot's resource policy in one place (README "Resource limits"): how large one piece of an
/// input may be before it is refused. Every reader asks `ResourceLimits.current`; a piece over a
/// limit becomes a reject (a record, an element) or a skipped file with its reason, never a crash,
/// a hang or unbounded memory. The defaults sit far above what real exports hold; the ones a real
/// export could conceivably exceed can be raised with a flag (`--max-record-bytes`,
/// `--max-inflate-bytes`).
public struct ResourceLimits: Sendable, Equatable {
    /// One CSV record, one JSON array element, one XML text node (bytes).
    public var maxRecordBytes = 16 << 20
    /// One JSON element of an archive (a whole status with its entities and extended tweet).
    public var maxJSONElementBytes = 64 << 20
    /// Attributes on one XML element: libxml2 2.9 checks duplicates pairwise, so 500,000 of them
    /// took minutes; real elements carry a handful.
    public var maxXMLAttributes = 1_000
    /// How deep XML elements nest (real exports: under 10).
    public var maxXMLDepth = 256
    /// A header map's YAML file (real maps: a few KB).
    public var maxYAMLBytes = 1 << 20
    /// How deep a header map's YAML nests, in flow brackets or indentation levels (real maps: 3).
    /// Yams' parser recurses per level and overflows the stack in the thousands.
    public var maxYAMLDepth = 64
    /// Bytes inflated from all archives (zip entries) in one run: 3,000 entries each just under
    /// the per-entry ratio limit must not add up to hours of decompression.
    public var maxInflatedBytesPerRun: UInt64 = 256 << 30

    public init() {}

    public static let standard = ResourceLimits()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = ResourceLimits.standard

    /// The limits of this process: the standard ones unless a command's flags changed them
    /// before the run started.
    public static var current: ResourceLimits {
        get { lock.lock(); defer { lock.unlock() }; return installed }
        set { lock.lock(); installed = newValue; lock.unlock() }
    }
}

/// The bytes inflated from archives in this run, against `ResourceLimits.maxInflatedBytesPerRun`.
public enum InflateBudget {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var used: UInt64 = 0

    /// Takes `count` bytes from the budget; false (and nothing taken) when they do not fit.
    static func take(_ count: Int) -> Bool {
        let limit = ResourceLimits.current.maxInflatedBytesPerRun
        lock.lock(); defer { lock.unlock() }
        guard used + UInt64(count) <= limit else { return false }
        used += UInt64(count)
        return true
    }

    /// A new run starts with the whole budget.
    public static func reset() {
        lock.lock(); used = 0; lock.unlock()
    }

    static var inflated: UInt64 { lock.lock(); defer { lock.unlock() }; return used }
}
