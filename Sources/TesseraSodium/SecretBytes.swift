internal import CTesseraSodium

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// Secret key bytes in memory Tessera owns, wiped with `sodium_memzero` when the last reference goes away.
///
/// Only reachable through ``withUnsafeBytes(_:)``; never printed, never `Hashable`, compared in constant time.
package final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Number of secret bytes.
    package let count: Int

    /// Copies `bytes` into owned storage.
    package init(copying bytes: some ContiguousBytes) {
        let count = bytes.withUnsafeBytes { $0.count }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
        self.storage = storage
        self.count = count
    }

    deinit {
        sodium_memzero(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Reads the secret.
    package func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// Constant-time comparison with another secret.
    package func isEqual(to other: SecretBytes) -> Bool {
        withUnsafeBytes { left in other.withUnsafeBytes { right in Sodium.constantTimeEqual(left, right) } }
    }
}
