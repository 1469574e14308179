import EarshotFuzzTargets
import Foundation

// A libFuzzer driver for `make fuzz` (fuzz/README.md). SwiftPM renames an executable's `main` to
// `<Target>_main` and points the real `main` at it, so libFuzzer's own `main` never runs: this
// top-level code hands the arguments to `LLVMFuzzerRunDriver` instead. It is looked up at run
// time, so that a plain `swift build` (no `--sanitize=fuzzer`) links too and only says how to
// build it. The target comes from EARSHOT_FUZZ_TARGET (detector, csv, xml, json, zip, header-map).

typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>, Callback) -> Int32

let name = ProcessInfo.processInfo.environment["EARSHOT_FUZZ_TARGET"] ?? ""
guard let chosen = FuzzTarget(rawValue: name) else {
    FileHandle.standardError.write(Data("earshot-fuzz: set EARSHOT_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
    exit(64)
}
nonisolated(unsafe) var target = chosen

guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "LLVMFuzzerRunDriver") else {
    FileHandle.standardError.write(Data("earshot-fuzz: not built with libFuzzer: use `make fuzz` (swift build --sanitize=fuzzer)\n".utf8))
    exit(69)
}
let driver = unsafeBitCast(symbol, to: RunDriver.self)
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
let status = driver(&argc, &argv) { data, size in
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    target.run(bytes)
    return 0
}
exit(status)
