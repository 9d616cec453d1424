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
