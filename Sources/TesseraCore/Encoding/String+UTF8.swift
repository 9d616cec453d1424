extension String {
    /// Calls `body` with the string's contiguous UTF-8 bytes, preserving a typed error.
    @inlinable
    package func withUTF8Bytes<R>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(TesseraError) -> R
    ) throws(TesseraError) -> R {
        var copy = self
        let result = copy.withUTF8 { bytes in Result { () throws(TesseraError) -> R in try body(bytes) } }
        return try result.get()
    }
}

extension StringProtocol {
    /// Whether both strings have the same UTF-8 bytes.
    ///
    /// Tessera compares every string that comes from a token with this, never with `==`: Swift's `String ==`
    /// applies Unicode canonical equivalence (NFC equals NFD, U+212A KELVIN SIGN equals `K`), while RFC 7519 §7.3
    /// compares StringOrURI values with no transformation at all.
    ///
    /// - Parameter other: The string to compare with.
    /// - Returns: `true` when the bytes are identical.
    @inlinable
    public func hasSameBytes(as other: some StringProtocol) -> Bool {
        // Lengths first and then one buffer comparison where both are stored contiguously (native and small strings
        // are), instead of stepping two UTF-8 views byte by byte.
        let fast = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in
                left.count == right.count && left.elementsEqual(right)
            }
        }
        return (fast ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}

/// A string used as a dictionary key or set member by its UTF-8 bytes, not by Unicode canonical equivalence.
package struct ExactString: Hashable, Sendable {
    /// The string.
    package let string: String

    /// Wraps a string.
    package init(_ string: String) { self.string = string }

    /// Equal when the UTF-8 bytes are.
    package static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        let fast = lhs.string.utf8.withContiguousStorageIfAvailable { left in
            rhs.string.utf8.withContiguousStorageIfAvailable { right in
                left.elementsEqual(right)
            }
        }
        return (fast ?? nil) ?? lhs.string.hasSameBytes(as: rhs.string)
    }

    /// Hashes the UTF-8 bytes, in one call where the string is stored contiguously (a revocation check hashes
    /// several ids per verification).
    package func hash(into hasher: inout Hasher) {
        let hashed: Void? = string.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if hashed == nil {
            for byte in string.utf8 { hasher.combine(byte) }
        }
        hasher.combine(string.utf8.count)
    }
}
