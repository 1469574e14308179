import Foundation
import XCTest

/// Compresses with the system's gzip (`-n`: no name or time, so the bytes are reproducible).
func gzip(_ data: Data) throws -> Data {
    try systemGzip(["-n", "-c"], data, mustSucceed: true)
}

/// Decompresses with the system's gzip, independently of the program's own reader.
func gunzip(_ data: Data) throws -> Data {
    try systemGzip(["-d", "-c"], data, mustSucceed: true)
}

/// What the system's gzip can decompress from a file that may be cut short.
func gunzipPrefix(_ data: Data) throws -> Data {
    try systemGzip(["-d", "-c"], data, mustSucceed: false)
}

private func systemGzip(_ arguments: [String], _ data: Data, mustSucceed: Bool) throws -> Data {
    let dir = FileManager.default.temporaryDirectory
    let input = dir.appendingPathComponent("earshot-e2e-\(UUID().uuidString).in")
    let output = dir.appendingPathComponent("earshot-e2e-\(UUID().uuidString).out")
    try data.write(to: input)
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: input)
        try? FileManager.default.removeItem(at: output)
    }
    let outHandle = try FileHandle(forWritingTo: output)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip"] + arguments
    process.standardInput = try FileHandle(forReadingFrom: input)
    process.standardOutput = outHandle
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    if mustSucceed { XCTAssertEqual(process.terminationStatus, 0, "gzip \(arguments)") }
    return try Data(contentsOf: output)
}
