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
