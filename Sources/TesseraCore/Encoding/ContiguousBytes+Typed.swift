#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Calls `body` with the bytes of `value`, preserving a typed error (`withUnsafeBytes` only rethrows `any Error`).
@inlinable
package func withBytes<R>(
    _ value: some ContiguousBytes,
    _ body: (UnsafeRawBufferPointer) throws(TesseraError) -> R
) throws(TesseraError) -> R {
    let result = value.withUnsafeBytes { bytes in Result { () throws(TesseraError) -> R in try body(bytes) } }
    return try result.get()
}

/// A new array of `count` zeroed bytes that `fill` writes, preserving a typed error (the array initialiser's closure
/// only rethrows `any Error`): a C function writes straight into the array's storage, with no buffer to copy from.
@inlinable
package func makeBytes(
    count: Int,
    _ fill: (UnsafeMutableRawBufferPointer) throws(TesseraError) -> Void
) throws(TesseraError) -> [UInt8] {
    var failure: TesseraError?
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        buffer.initialize(repeating: 0)
        initialized = buffer.count
        do throws(TesseraError) {
            try fill(UnsafeMutableRawBufferPointer(buffer))
        } catch {
            failure = error
        }
    }
    if let failure { throw failure }
    return bytes
}
