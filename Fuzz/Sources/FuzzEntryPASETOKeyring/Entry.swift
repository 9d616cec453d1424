import TesseraFuzz

/// libFuzzer's entry point for this target: one input, one run of `PASETOKeyringHarness`.
///
/// - Parameters:
///   - data: The input bytes.
///   - size: The number of bytes.
/// - Returns: 0 (libFuzzer reserves other values).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    PASETOKeyringHarness.run(fuzzBytes(data, size))
    return 0
}

/// libFuzzer's start-up hook: writes this target's seeds and exits when `TESSERA_FUZZ_WRITE_SEEDS` is set.
///
/// - Parameters:
///   - argc: The argument count (unused).
///   - argv: The arguments (unused).
/// - Returns: 0.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    Seeds.writeSeedsIfRequested(Seeds.pasetoKeyring)
    return 0
}
