/// A byte buffer whose content is not set: only the bytes read into it are ever looked at.
/// Zeroing 256 KiB for each of thousands of small files (and twice more when scanning them)
/// was a visible part of reading them.
@inline(__always)
func uninitializedBytes(_ count: Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}
