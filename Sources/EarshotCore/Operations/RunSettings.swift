import Crypto
import Foundation

/// The settings a run's results depend on besides its input files: the lexicon, the
/// thresholds, the registry, and the program itself. Cache entries and partial results carry
/// their fingerprints, and are used only where these match.
public struct RunSettings: Sendable {
    public var lexicon: Lexicon
    public var thresholds: MetricThresholds
    public var registry: Registry

    public init(lexicon: Lexicon, thresholds: MetricThresholds, registry: Registry) {
        self.lexicon = lexicon
        self.thresholds = thresholds
        self.registry = registry
    }

    /// What one organization's metrics depend on apart from its files: the program, the lexicon
    /// and the thresholds (its registry entry is checked on its own, so that editing one row of
    /// the registry sends only that organization to be read again).
    var analysisKey: [UInt8] {
        var w = ByteWriter()
        w.string(Self.programIdentity)
        w.string(lexicon.sha256)
        ResultCoding.write(thresholds, to: &w)
        return SHA256.digest(w.bytes)
    }

    /// An organization's registry entry, as what its metrics use of it ("-" when unregistered).
    func registryEntryKey(_ handle: String) -> String {
        guard let o = registry.organization(handle) else { return "-" }
        var w = ByteWriter()
        Self.write(o, to: &w)
        return SHA256.hex(SHA256.digest(w.bytes))
    }

    /// The whole registry's content (not its file's bytes: the same rows written differently
    /// are the same registry). Partial results of one run all carry it.
    var registryKey: String {
        var w = ByteWriter()
        w.array(registry.organizations) { Self.write($1, to: &$0) }
        return SHA256.hex(SHA256.digest(w.bytes))
    }

    private static func write(_ o: Organization, to w: inout ByteWriter) {
        w.string(o.handle); w.string(o.name); w.string(o.sector.rawValue); w.string(o.subsector); w.string(o.country)
        w.strings(o.domains); w.strings(o.hashtags); w.strings(o.aliases)
        w.optional(o.followers) { $0.int($1) }
        // Written only when given, so that the keys of registries without them are unchanged:
        // the zone moves the weekday x hour cells, the accounts the posts' links.
        if let zone = o.timezone { w.string("timezone"); w.string(zone) }
        if !o.accounts.isEmpty { w.string("accounts"); w.strings(o.accounts) }
    }

    /// The version, and the size and time of the executable: a rebuilt program (a fix in a
    /// reader, say) never trusts the cache of the one before, even at the same version number.
    static let programIdentity: String = {
        var identity = "earshot " + RunFiles.version
        var info = stat()
        #if os(Linux)
        let executable = "/proc/self/exe"
        #else
        let executable = CommandLine.arguments.first ?? ""
        #endif
        if stat(executable, &info) == 0 {
            identity += " \(info.st_size) \(FileStamp.modificationTime(info))"
        }
        return identity
    }()
}

/// Which organizations one of N runs computes: those whose handle hashes to its number.
///
/// The hash is FNV-1a, 64 bits, over the UTF-8 bytes of the lower-case handle without `@`
/// (offset basis 14695981039346656037, prime 1099511628211), taken modulo N; shards are
/// numbered 0 to N-1. It never changes between versions or machines, so the same organization
/// always lands on the same shard (and a per-shard cache stays useful).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `I/N`, as `--shard` takes it.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(_ handle: String) -> Bool {
        Int(Self.hash(handle) % UInt64(count)) == index
    }

    public static func hash(_ handle: String) -> UInt64 {
        var h: UInt64 = 14_695_981_039_346_656_037
        for byte in Handle.normalize(handle).utf8 {
            h ^= UInt64(byte)
            h = h &* 1_099_511_628_211
        }
        return h
    }
}
