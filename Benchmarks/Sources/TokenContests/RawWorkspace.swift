import CRawLimit

/// Buffers the raw C paths write into, allocated once so that the raw limit allocates nothing per operation.
///
/// One workspace serves one contender on one task at a time.
final class RawWorkspace: @unchecked Sendable {
    /// Room for the largest token measured (a 64 KiB payload, base64url-encoded, plus header and tag).
    static let capacity = 256 * 1024

    let token = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity)
    let message = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)

    deinit {
        token.deallocate()
        scratch.deallocate()
        message.deallocate()
    }

    /// Throws unless a C call succeeded (returned 0 or a length).
    @discardableResult
    static func check(_ result: Int, _ what: String) throws(ContestError) -> Int {
        guard result >= 0 else { throw ContestError("raw \(what) failed") }
        return result
    }

    /// The token the last sign or encrypt wrote.
    func tokenString(length: Int) -> String {
        token.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes as a C pointer and length, without copying a native string.
    func withTokenBytes<R>(_ body: (UnsafePointer<CChar>, Int) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8 { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!, $0.count) }
        }
    }
}
